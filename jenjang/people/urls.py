from django.urls import path

from jenjang.people import import_views, views

app_name = "people"
urlpatterns = [
    path("employees/", views.employee_list, name="employee_list"),
    path("employees/new/", views.employee_create, name="employee_create"),
    path("employees/<int:pk>/", views.employee_detail, name="employee_detail"),
    path("employees/<int:pk>/edit/", views.employee_edit, name="employee_edit"),
    path("me/", views.me, name="me"),
    path("me/data.json", views.my_data, name="my_data"),
    path("units/", views.unit_tree, name="unit_tree"),
    path(
        "employees/export.<str:fmt>",
        import_views.employee_export,
        name="employee_export",
    ),
    path("import/", import_views.import_upload, name="import"),
    path(
        "import/template.<str:fmt>",
        import_views.import_template,
        name="import_template",
    ),
    path("import/<uuid:pk>/", import_views.import_detail, name="import_detail"),
    path(
        "import/<uuid:pk>/progress/",
        import_views.import_progress,
        name="import_progress",
    ),
    path(
        "import/<uuid:pk>/confirm/", import_views.import_confirm, name="import_confirm"
    ),
]
