app_name = "elearning"
urlpatterns: list = []
