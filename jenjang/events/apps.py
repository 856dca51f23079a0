from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "jenjang.events"
    label = "events"
    verbose_name = _("Seminar dan lokakarya")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from jenjang.core.home import register_home_panel
        from jenjang.development.completions import (
            EVENT,
            register_choices,
            register_completion_reader,
        )
        from jenjang.development.services.ledger import register_source_type
        from jenjang.events import models as m
        from jenjang.events.services.checkins import SOURCE_LABEL, SOURCE_TYPE
        from jenjang.people.demo import register_step

        for model in (
            m.Event,
            m.EventSession,
            m.Speaker,
            m.Registration,
            m.CheckIn,
            m.Question,
            m.DiscussionPost,
            m.Material,
        ):
            auditlog.register(model)
        register_source_type(
            SOURCE_TYPE,
            label=SOURCE_LABEL,
            link=_registration_link,
            siasn_details=_siasn_details,
        )
        register_completion_reader(EVENT, _events_attended, sources=[m.Registration])
        register_choices(
            EVENT, label=_("Seminar dan lokakarya"), lister=_events_choosable, order=20
        )
        register_home_panel("events", "events/_home_panel.html", _home_panel, order=45)
        register_step("events", _demo, order=90)


def _events_attended(employee_id: int, event_ids: list[int]) -> set[int]:
    """Events the employee attended (learning paths count them)."""
    from jenjang.events.models import Registration

    return set(
        Registration.objects.filter(
            employee_id=employee_id, event_id__in=event_ids, attended_at__isnull=False
        ).values_list("event_id", flat=True)
    )


def _events_choosable(*, scope, pk: int | None = None):
    """Published, not yet ended events open to the scope's agencies (learning paths)."""
    from django.db.models import Q
    from django.utils import timezone

    from jenjang.core.scoping import unit_scope_q
    from jenjang.development.completions import Choice
    from jenjang.events.models import Event
    from jenjang.people.models import OrgUnit

    if scope.is_empty:
        return []
    open_to = Q(is_public=True) | Q(audience=Event.Audience.EVERYONE)
    if not scope.everything:
        agencies = OrgUnit.objects.filter(unit_scope_q(scope)).values("agency_id")
        open_to |= Q(agency_id__in=agencies)
    qs = Event.objects.filter(
        open_to, status=Event.Status.PUBLISHED, ends_at__gte=timezone.now()
    )
    if pk is not None:
        qs = qs.filter(pk=pk)
    return [
        Choice(id=i, label=t, date=timezone.localtime(s).date())
        for i, t, s in qs.order_by("starts_at", "pk").values_list(
            "pk", "title", "starts_at"
        )
    ]


def _registration_link(source_id: str) -> str | None:
    from django.urls import reverse

    from jenjang.events.models import Registration

    event_id = (
        Registration.objects.filter(pk=source_id).values_list("event_id", flat=True)
        if source_id.isdigit()
        else []
    )
    found = list(event_id)
    return reverse("events:detail", args=[found[0]]) if found else None


def _siasn_details(source_ids: list[str]) -> dict[str, dict]:
    from django.utils import timezone

    from jenjang.events.models import Registration

    ids = [int(s) for s in source_ids if s.isdigit()]
    rows = Registration.objects.filter(pk__in=ids).select_related(
        "event__organiser_unit"
    )
    return {
        str(r.pk): {
            "started_on": timezone.localtime(r.event.starts_at).date(),
            "organiser": r.event.organiser_unit.name,
        }
        for r in rows
    }


def _home_panel(request):
    from jenjang.events.selectors import home_panel_context

    return home_panel_context(user=request.user)


def _demo(ctx) -> None:
    from jenjang.events.demo import build

    if ctx.agency is not None:
        build(ctx)
