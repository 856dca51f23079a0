from django.urls import path

from jenjang.competencies.views import assessments, dictionary, gaps, standards

app_name = "competencies"
urlpatterns = [
    path("", dictionary.competency_list, name="competency_list"),
    path("new/", dictionary.competency_create, name="competency_create"),
    path("<int:pk>/", dictionary.competency_detail, name="competency_detail"),
    path("<int:pk>/edit/", dictionary.competency_edit, name="competency_edit"),
    path("standards/", standards.standard_defaults, name="standard_defaults"),
    path("standards/positions/", standards.position_list, name="position_list"),
    path(
        "standards/positions/<int:pk>/",
        standards.position_standard,
        name="position_standard",
    ),
    path("me/", assessments.my_profile, name="my_profile"),
    path("employees/<int:pk>/", assessments.employee_profile, name="employee_profile"),
    path(
        "employees/<int:pk>/assess/",
        assessments.assessment_create,
        name="assessment_create",
    ),
    path(
        "assessments/import/", assessments.assessment_import, name="assessment_import"
    ),
    path(
        "assessments/import/template.<str:fmt>",
        assessments.assessment_template,
        name="assessment_template",
    ),
    path("gaps/units/", gaps.unit_heatmap, name="unit_heatmap"),
    path("gaps/units/<int:pk>/people/", gaps.unit_people, name="unit_people"),
    path("gaps/agencies/", gaps.agency_summary, name="agency_summary"),
    path("training-needs/", gaps.training_needs, name="training_needs"),
    path(
        "training-needs/export.xlsx",
        gaps.training_needs_export,
        name="training_needs_export",
    ),
]
