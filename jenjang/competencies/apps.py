from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenciesConfig(AppConfig):
    name = "jenjang.competencies"
    label = "competencies"
    verbose_name = _("Kompetensi")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from jenjang.competencies import models as m

        for model in (
            m.Competency,
            m.StandardDefault,
            m.PositionStandard,
            m.Assessment,
        ):
            auditlog.register(model)
