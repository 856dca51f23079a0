from django.urls import path

from jenjang.people import views

app_name = "people"
urlpatterns = [
    path("employees/", views.employee_list, name="employee_list"),
]
