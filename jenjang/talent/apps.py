from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "jenjang.talent"
    label = "talent"
    verbose_name = _("Manajemen talenta")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from jenjang.talent import models as m

        for model in (
            m.TalentConfig,
            m.PotentialInput,
            m.DisciplinaryRecord,
            m.TalentReview,
            m.Placement,
            m.KeyPosition,
            m.SuccessionCandidate,
            m.PromotionRule,
            m.PromotionDecision,
            m.RemedialPlan,
        ):
            auditlog.register(model)

        from jenjang.people.demo import register_step

        register_step("talent", _demo_talent, order=110)


def _demo_talent(ctx) -> None:
    from jenjang.talent.demo import build

    if ctx.agency is not None:
        build(
            agency=ctx.agency, today=ctx.today, rng=ctx.rng("talent"), stdout=ctx.write
        )
