from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    name = "jenjang.performance"
    label = "performance"
    verbose_name = _("Kinerja (SKP)")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from jenjang.performance import models as m

        for model in (
            m.PredikatMatrixCell,
            m.DistributionRule,
            m.CreditPercentage,
            m.CreditCoefficient,
            m.PerformanceYear,
            m.Skp,
            m.Rhk,
            m.Indicator,
            m.LeaderExpectation,
            m.SpecificExpectation,
            m.Realisation,
            m.Feedback,
            m.CoachingLink,
            m.OrgPerformance,
            m.Evaluation,
            m.Objection,
            m.CreditAward,
            m.ImprovementPlan,
            m.ImprovementActivity,
            m.ImprovementCheckIn,
        ):
            auditlog.register(model)

        from jenjang.core.home import register_home_panel
        from jenjang.performance.views.hr import home_panel_context

        register_home_panel(
            "performance",
            "performance/_home_panel.html",
            home_panel_context,
            order=45,
        )

        # The areas below performance (training impact) read ratings there.
        from jenjang.development.ratings import register_rating_reader
        from jenjang.performance.models import Predikat
        from jenjang.performance.selectors import annual_predikat

        register_rating_reader(annual_predikat, Predikat.choices)

        # Mentoring's pair page shows the feedback a coaching session is tied
        # to, and the coached employee's SKP.
        from jenjang.mentoring.links import (
            register_pair_link_reader,
            register_session_link_reader,
        )
        from jenjang.performance.selectors import (
            coaching_feedback_links,
            coaching_pair_links,
        )

        register_session_link_reader(coaching_feedback_links)
        register_pair_link_reader(coaching_pair_links)

        from jenjang.people.demo import register_step

        register_step("performance", _demo, order=100)


def _demo(ctx) -> None:
    from jenjang.performance.demo import build

    if ctx.agency is not None:
        build(agency=ctx.agency, rng=ctx.rng("performance"), stdout=ctx.write)
