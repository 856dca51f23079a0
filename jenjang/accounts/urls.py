from django.urls import path

from jenjang.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("role/", views.switch_role, name="switch_role"),
]
