from jenjang.mentoring import views

app_name = "mentoring"
urlpatterns = views.urlpatterns
