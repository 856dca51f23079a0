from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "jenjang.surveys"
    label = "surveys"
    verbose_name = _("Survei kepuasan masyarakat (IKM)")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from jenjang.people.demo import register_step
        from jenjang.surveys import models as m

        # Responses are anonymous and written by the public at volume; what
        # staff change (units, services, intervals, imports) is audited, and
        # a paper or imported response names who entered it.
        for model in (m.ServiceUnit, m.Service, m.QualityInterval, m.ImportJob):
            auditlog.register(model)
        register_step("surveys", _demo_surveys, order=120)


def _demo_surveys(ctx) -> None:
    from jenjang.surveys.demo import build

    if ctx.agency is not None:
        build(agency=ctx.agency, rng=ctx.rng("surveys"), stdout=ctx.write)
