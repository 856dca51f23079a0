from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElearningConfig(AppConfig):
    name = "jenjang.elearning"
    label = "elearning"
    verbose_name = _("E-learning")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from jenjang.core.home import register_home_panel
        from jenjang.development.recommendations import register_provider
        from jenjang.development.services.ledger import register_source_type
        from jenjang.elearning import models as m
        from jenjang.elearning.versions import connect_signals

        connect_signals()
        from jenjang.elearning import selectors
        from jenjang.elearning.services.learning import SOURCE_TYPE
        from jenjang.people.demo import register_step

        for model in (
            m.Course,
            m.CourseVersion,
            m.Assignment,
            m.Enrolment,
            m.LessonProgress,
            m.QuizAttempt,
            m.ScormPackage,
        ):
            auditlog.register(model)
        register_source_type(
            SOURCE_TYPE,
            label=_("E-learning"),
            link=selectors.enrolment_link,
            siasn_details=selectors.enrolment_siasn,
        )
        register_home_panel(
            "elearning", "elearning/_home_panel.html", selectors.home_panel, order=35
        )
        register_provider("elearning", selectors.recommendations)
        register_step("elearning", _demo, order=70)


def _demo(ctx) -> None:
    from jenjang.elearning.demo import build

    if ctx.agency is not None:
        build(agency=ctx.agency, rng=ctx.rng("elearning"), stdout=ctx.write)
