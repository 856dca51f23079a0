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

        from jenjang.core.home import register_home_panel
        from jenjang.people.demo import register_step

        register_home_panel(
            "talent", "talent/_home_panel.html", _home_context, order=80
        )

        register_step("talent", _demo_talent, order=110)

        from jenjang.people.profile_links import register_profile_links

        register_profile_links("talent", _profile_links, order=60)


def _demo_talent(ctx) -> None:
    from jenjang.talent.demo import build

    if ctx.agency is not None:
        build(
            agency=ctx.agency, today=ctx.today, rng=ctx.rng("talent"), stdout=ctx.write
        )


def _profile_links(user, employee) -> list:
    """A link to the employee's talent page, for those allowed to open it."""
    from django.urls import reverse

    from jenjang.accounts.roles import has_perm
    from jenjang.people.profile_links import ProfileLink
    from jenjang.talent import selectors

    own = selectors.is_self(user, employee) and has_perm(user, selectors.VIEW_OWN)
    if not (own or selectors.can_view(user, employee)):
        return []
    return [
        ProfileLink(
            str(_("Profil talenta")),
            reverse("talent:employee", args=[employee.pk]),
            "grid-3x3",
            "talent-profile-link",
        )
    ]


def _home_context(request) -> dict | None:
    """The employee's confirmed box; for a supervisor, plans awaiting them."""
    from jenjang.accounts.roles import has_perm
    from jenjang.people.selectors import employee_for_user
    from jenjang.talent import selectors

    user = request.user
    if not has_perm(user, selectors.VIEW_OWN):
        return None
    employee = employee_for_user(user=user)
    summary = selectors.employee_talent_summary(employee=employee) if employee else {}
    to_confirm = 0
    if has_perm(user, selectors.REMEDIAL):
        to_confirm = selectors.remedial_visible_to(user=user, status="opened").count()
    if employee is None and not to_confirm:
        return None
    return {
        "placement": summary.get("placement"),
        "description": summary.get("description", ""),
        "to_confirm": to_confirm,
    }
