from django.urls import path

from jenjang.training.views import participant as p
from jenjang.training.views import staff as s

app_name = "training"
urlpatterns = [
    path("", p.catalog, name="catalog"),
    path("programs/<int:pk>/", p.program_detail, name="program_detail"),
    path("programs/new/", s.program_edit, name="program_create"),
    path("programs/<int:pk>/edit/", s.program_edit, name="program_edit"),
    path("calendar/", p.calendar, name="calendar"),
    path("calendar.ics", p.calendar_ics, name="calendar_ics"),
    path("batches/<int:pk>/enrol/", p.enrol, name="enrol"),
    path("mine/", p.mine, name="mine"),
    path("enrolments/<int:pk>/cancel/", p.cancel, name="cancel"),
    path("enrolments/<int:pk>/survey/", p.survey, name="survey"),
    path("enrolments/<int:pk>/impact/", p.impact, name="impact"),
    path("checkin/<str:code>/", p.checkin, name="checkin"),
    path("approvals/", s.approvals, name="approvals"),
    path("enrolments/<int:pk>/decide/", s.decide, name="decide"),
    path("batches/<int:pk>/nominate/", s.nominate, name="nominate"),
    path("batches/<int:pk>/bulk/", s.bulk, name="bulk"),
    path("organise/", s.batch_list, name="batch_list"),
    path("organise/new/", s.batch_edit, name="batch_create"),
    path("organise/<int:pk>/", s.batch_manage, name="batch_manage"),
    path("organise/<int:pk>/edit/", s.batch_edit, name="batch_edit"),
    path("organise/<int:pk>/results/", s.results, name="results"),
    path("organise/<int:pk>/certificates/", s.certificate_job, name="certificate_job"),
    path("jobs/<int:pk>/", s.job_progress, name="job_progress"),
    path("sessions/<int:pk>/attendance/", s.attendance, name="attendance"),
    path("sessions/<int:pk>/qr/", s.session_qr, name="session_qr"),
    path("needs/", s.needs, name="needs"),
    path("impact/", s.impact_results, name="impact_results"),
]
