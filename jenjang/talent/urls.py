from django.urls import path

from jenjang.talent import views

app_name = "talent"
urlpatterns = [
    path("", views.review_list, name="review_list"),
    path("reviews/<int:pk>/", views.review_detail, name="review_detail"),
    path("reviews/<int:pk>/run/", views.review_run, name="review_run"),
    path("reviews/<int:pk>/close/", views.review_close, name="review_close"),
    path("placements/<int:pk>/", views.placement_detail, name="placement_detail"),
    path("key-positions/", views.key_position_list, name="key_position_list"),
    path(
        "key-positions/<int:pk>/",
        views.key_position_detail,
        name="key_position_detail",
    ),
    path(
        "key-positions/<int:pk>/plans/",
        views.succession_plan_create,
        name="succession_plan_create",
    ),
    path(
        "candidates/<int:pk>/actions/",
        views.candidate_actions,
        name="candidate_actions",
    ),
    path("promotion/", views.promotion_candidates, name="promotion"),
    path("rank-eligibility/", views.rank_eligibility, name="rank_eligibility"),
    path(
        "employees/<int:employee_pk>/decisions/",
        views.decision_add,
        name="decision_add",
    ),
    path("remedial/", views.remedial_list, name="remedial_list"),
    path("remedial/<int:pk>/", views.remedial_detail, name="remedial_detail"),
    path("me/", views.my_talent, name="me"),
    path("employees/<int:pk>/", views.employee_talent, name="employee"),
    path("settings/", views.settings_page, name="settings"),
]
