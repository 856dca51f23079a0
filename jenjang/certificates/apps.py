from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "jenjang.certificates"
    label = "certificates"
    verbose_name = _("Sertifikat")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from jenjang.certificates.models import Certificate

        auditlog.register(Certificate)
