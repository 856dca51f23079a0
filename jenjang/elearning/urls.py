from django.urls import path

from jenjang.elearning import views

app_name = "elearning"
urlpatterns = [
    path("", views.home, name="home"),
    path("courses/<int:pk>/", views.course, name="course"),
    path("courses/<int:course_id>/board/", views.board, name="board"),
    path("threads/<int:pk>/", views.thread, name="thread"),
    path("learn/<int:pk>/", views.enrolment, name="enrolment"),
    path("learn/<int:pk>/lessons/<int:lesson_id>/", views.lesson, name="lesson"),
    path(
        "learn/<int:pk>/lessons/<int:lesson_id>/position/",
        views.position,
        name="position",
    ),
    path(
        "learn/<int:pk>/lessons/<int:lesson_id>/attempts/",
        views.attempt_start,
        name="attempt_start",
    ),
    path(
        "learn/<int:pk>/lessons/<int:lesson_id>/scorm/",
        views.scorm_player,
        name="scorm_player",
    ),
    path("attempts/<int:pk>/", views.attempt, name="attempt"),
    path(
        "scorm/<int:package_id>/content/<path:path>",
        views.scorm_content,
        name="scorm_content",
    ),
    path("scorm/commit/<int:attempt_id>/", views.scorm_commit, name="scorm_commit"),
    path("xapi/mine.json", views.xapi_mine, name="xapi_mine"),
    path("authoring/", views.author_list, name="author_list"),
    path("authoring/<int:pk>/", views.author_course, name="author_course"),
    path("authoring/<int:pk>/preview/", views.author_preview, name="author_preview"),
    path("authoring/<int:pk>/assign/", views.assign, name="assign"),
    path("paths/new/", views.path_new, name="path_new"),
    path("reports/", views.reports, name="reports"),
    path("reports/quiz/<int:lesson_id>/", views.item_analysis, name="item_analysis"),
]
