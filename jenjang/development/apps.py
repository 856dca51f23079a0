from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevelopmentConfig(AppConfig):
    name = "jenjang.development"
    label = "development"
    verbose_name = _("Pengembangan kompetensi")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from jenjang.development import models as m

        for model in (
            m.ConversionRule,
            m.AnnualTarget,
            m.LedgerEntry,
            m.SelfLearningClaim,
            m.DevelopmentPlan,
            m.PlanActivity,
        ):
            auditlog.register(model)
