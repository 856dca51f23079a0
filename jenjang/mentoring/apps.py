from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "jenjang.mentoring"
    label = "mentoring"
    verbose_name = _("Mentoring dan coaching")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from jenjang.mentoring import models as m

        for model in (
            m.MentorProfile,
            m.MentorStrength,
            m.MenteeRequest,
            m.MatchingRound,
            m.PairRule,
            m.ProposedPair,
            m.Relationship,
            m.Goal,
            m.Feedback,
        ):
            auditlog.register(model)
        # Session notes are private to the pair: the audit log keeps who
        # changed a session, never the text of the notes.
        auditlog.register(m.Session, exclude_fields=["notes"])

        from jenjang.mentoring.services.sessions import register_ledger_source

        register_ledger_source()

        from jenjang.core.home import register_home_panel
        from jenjang.mentoring.selectors import home_panel_context
        from jenjang.people.demo import register_step

        register_home_panel(
            "mentoring",
            "mentoring/_home_panel.html",
            home_panel_context,
            order=45,
        )

        register_step("mentoring", _demo, order=80)


def _demo(ctx) -> None:
    from jenjang.mentoring.demo import build

    if ctx.agency is not None:
        build(agency=ctx.agency, rng=ctx.rng("mentoring"), stdout=ctx.write)
