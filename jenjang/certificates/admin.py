from django.contrib import admin

from jenjang.certificates.models import Certificate


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ("number", "holder_name", "title", "ended_on", "jp", "revoked_at")
    search_fields = ("number", "holder_name", "title")
    list_filter = ("source_type",)
    raw_id_fields = ("employee", "revoked_by", "issued_by")
    readonly_fields = ("number", "issued_at")
