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

        from jenjang.people.demo import register_step

        register_step("competencies", _demo_step, order=30)


def _demo_step(ctx) -> None:
    from jenjang.competencies.demo import build

    if ctx.agency is not None:
        build(agency=ctx.agency, rng=ctx.rng("competencies"), stdout=ctx.write)
