from django.urls import path

from jenjang.surveys.views import public, staff

app_name = "surveys"
urlpatterns = [
    # Public, no sign-in: short addresses for the QR code.
    path("s/<slug:code>/", public.public_form, name="public_form"),
    path("s/<slug:code>/terima-kasih/", public.public_thanks, name="public_thanks"),
    path("s/<slug:code>/poster/", public.poster, name="poster"),
    path("s/<slug:code>/qr.svg", public.qr_image, name="qr"),
    # Staff.
    path("", staff.unit_list, name="unit_list"),
    path("units/new/", staff.unit_create, name="unit_create"),
    path("units/<int:pk>/", staff.unit_detail, name="unit_detail"),
    path("units/<int:pk>/edit/", staff.unit_edit, name="unit_edit"),
    path("units/<int:pk>/services/", staff.service_add, name="service_add"),
    path(
        "units/<int:pk>/services/<int:service_id>/toggle/",
        staff.service_toggle,
        name="service_toggle",
    ),
    path("units/<int:pk>/paper/", staff.paper_entry, name="paper_entry"),
    path("units/<int:pk>/import/", staff.response_import, name="import"),
    path(
        "units/<int:pk>/import/template.xlsx",
        staff.import_template,
        name="import_template",
    ),
    path("units/<int:pk>/responses/", staff.response_list, name="response_list"),
    path("units/<int:pk>/ikm/", staff.ikm_report, name="ikm_report"),
    path("units/<int:pk>/ikm.pdf", staff.ikm_report_pdf, name="ikm_report_pdf"),
]
