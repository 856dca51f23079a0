from django.urls import path

from jenjang.performance.views import coaching, evaluation, hr, skp

app_name = "performance"
urlpatterns = [
    path("", skp.my_skp, name="my_skp"),
    path("skp/new/", skp.skp_create, name="skp_create"),
    path("skp/<int:pk>/", skp.skp_detail, name="skp_detail"),
    path("skp/<int:pk>/rhk/", skp.rhk_add, name="rhk_add"),
    path("skp/<int:pk>/rhk/<int:rhk_id>/remove/", skp.rhk_remove, name="rhk_remove"),
    path(
        "skp/<int:pk>/rhk/<int:rhk_id>/indicator/",
        skp.indicator_add,
        name="indicator_add",
    ),
    path(
        "skp/<int:pk>/indicator/<int:indicator_id>/remove/",
        skp.indicator_remove,
        name="indicator_remove",
    ),
    path("skp/<int:pk>/expectation/", skp.expectation_add, name="expectation_add"),
    path("skp/<int:pk>/specific/", skp.specific_set, name="specific_set"),
    path("skp/<int:pk>/step/<str:step>/", skp.skp_step, name="skp_step"),
    path("skp/<int:pk>/pdf/", hr.skp_pdf, name="skp_pdf"),
    path("skp/<int:pk>/realisation/", evaluation.realisation, name="realisation"),
    path(
        "skp/<int:pk>/realisation/<int:indicator_id>/",
        evaluation.realisation_record,
        name="realisation_record",
    ),
    path("skp/<int:pk>/feedback/", evaluation.feedback_add, name="feedback_add"),
    path("skp/<int:pk>/coaching/link/", coaching.coaching_link, name="coaching_link"),
    path(
        "skp/<int:pk>/coaching/unlink/",
        coaching.coaching_unlink,
        name="coaching_unlink",
    ),
    path(
        "skp/<int:pk>/evaluate/<int:period_id>/",
        evaluation.evaluate,
        name="evaluate",
    ),
    path(
        "skp/<int:pk>/evaluate/<int:period_id>/save/",
        evaluation.evaluation_save,
        name="evaluation_save",
    ),
    path(
        "skp/<int:pk>/evaluate/<int:period_id>/peer/",
        evaluation.peer_invite,
        name="peer_invite",
    ),
    path("peer/", evaluation.peer_list, name="peer_list"),
    path("peer/<int:pk>/answer/", evaluation.peer_answer, name="peer_answer"),
    path("predikat-preview/", evaluation.predikat_preview, name="predikat_preview"),
    path("result/<int:pk>/", evaluation.result, name="result"),
    path("result/<int:pk>/pdf/", hr.result_pdf, name="result_pdf"),
    path(
        "result/<int:pk>/<str:answer>/", evaluation.result_answer, name="result_answer"
    ),
    path("objections/", evaluation.objections, name="objections"),
    path(
        "objections/<int:pk>/decide/",
        evaluation.objection_decide,
        name="objection_decide",
    ),
    path("inbox/", skp.inbox, name="inbox"),
    path("cascade/", skp.cascade, name="cascade"),
    path("overview/", hr.overview, name="overview"),
    path("overview/org-predikat/", hr.org_predikat_set, name="org_predikat_set"),
    path("history/", hr.history, name="my_history"),
    path("history/<int:employee_id>/", hr.history, name="history"),
    path("improvement/<int:pk>/", hr.plan_detail, name="plan_detail"),
    path("improvement/<int:pk>/<str:action>/", hr.plan_action, name="plan_action"),
]
