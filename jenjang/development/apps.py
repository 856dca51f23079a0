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

        # Registries filled at import: the ledger's posting listener that
        # links planned activities, and the dictionary recommendation provider.
        import jenjang.development.recommendations  # noqa: F401
        import jenjang.development.services.plans  # noqa: F401
        from jenjang.people.demo import register_step

        register_step("jp-ledger", _demo_ledger, order=40)
        register_step("plans", _demo_plans, order=50)


def _demo_ledger(ctx) -> None:
    from jenjang.development.demo_ledger import build

    if ctx.agency is not None:
        build(agency=ctx.agency, rng=ctx.rng("jp-ledger"), stdout=ctx.write)


def _demo_plans(ctx) -> None:
    from jenjang.development.demo_plans import build

    if ctx.agency is not None:
        build(agency=ctx.agency, rng=ctx.rng("plans"), stdout=ctx.write)
