"""Reads of the events area, always scoped.

- Events a user may browse: published events of the user's own agency, and
  every published event whose audience is everyone or that is public.
- Events a user manages: those organised by a unit inside the user's
  `events.manage` scope (core.scoping), drafts included.
- Public reads (no login) return public, published events only.
"""

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from jenjang.accounts.roles import has_perm
from jenjang.core.exceptions import ApplicationError, NotFound
from jenjang.core.scoping import scope_for, unit_scope_q
from jenjang.events.models import (
    CheckIn,
    DiscussionPost,
    Event,
    EventSession,
    Material,
    Question,
    QuestionVote,
    Registration,
    SessionSpeaker,
    Speaker,
)
from jenjang.notifications.selectors import notifications_of
from jenjang.people.models import Employee
from jenjang.people.selectors import employee_for_user

MANAGE = "events.manage"
ATTEND = "events.attend"
REPORTS = "events.view_reports"
ACTIVE_STATUSES = (
    Registration.Status.REGISTERED,
    Registration.Status.WAITLISTED,
    Registration.Status.PENDING_APPROVAL,
)


def _managed_q(user) -> Q:
    if not has_perm(user, MANAGE):
        return Q(pk__in=[])
    return unit_scope_q(scope_for(user, perm=MANAGE), prefix="organiser_unit__")


def _own_agency_id(user) -> int | None:
    employee = getattr(user, "_events_employee", None)
    if employee is None:
        employee = employee_for_user(user=user)
        user._events_employee = employee or False
    return employee.agency_id if employee else None


def _browse_q(user) -> Q:
    published = Q(status=Event.Status.PUBLISHED)
    wide = Q(is_public=True) | Q(audience=Event.Audience.EVERYONE)
    agency_id = _own_agency_id(user)
    if agency_id:
        wide |= Q(agency_id=agency_id)
    return published & wide


def event_list_visible_to(
    *,
    user,
    kind: str = "",
    job_field: int | None = None,
    series: int | None = None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    managed_only: bool = False,
) -> QuerySet[Event]:
    """Return the events the user may see, filtered by kind, field and dates."""
    q = _managed_q(user) if managed_only else _browse_q(user) | _managed_q(user)
    qs = Event.objects.filter(q)
    if kind:
        qs = qs.filter(kind=kind)
    if job_field:
        qs = qs.filter(job_fields__id=job_field)
    if series:
        qs = qs.filter(series_id=series)
    if start:
        qs = qs.filter(ends_at__gte=start)
    if end:
        qs = qs.filter(starts_at__lt=end)
    return (
        qs.select_related("organiser_unit", "series", "development_form")
        .annotate(
            registered_count=Count(
                "registrations",
                filter=Q(registrations__status=Registration.Status.REGISTERED),
                distinct=True,
            )
        )
        .distinct()
        .order_by("starts_at", "id")
    )


def event_get_visible_to(*, user, pk: int) -> Event:
    """Return one event the user may see, or raise NotFound."""
    found = (
        Event.objects.filter(_browse_q(user) | _managed_q(user), pk=pk)
        .select_related("organiser_unit", "agency", "series", "development_form")
        .first()
    )
    if found is None:
        raise NotFound()
    return found


def event_get_managed_by(*, user, pk: int) -> Event:
    """Return one event the user manages, or raise NotFound."""
    found = (
        Event.objects.filter(_managed_q(user), pk=pk)
        .select_related("organiser_unit", "agency", "series", "development_form")
        .first()
    )
    if found is None:
        raise NotFound()
    return found


def user_manages_event(*, user, event: Event) -> bool:
    return Event.objects.filter(_managed_q(user), pk=event.pk).exists()


def public_events() -> QuerySet[Event]:
    return (
        Event.objects.filter(is_public=True, status=Event.Status.PUBLISHED)
        .select_related("organiser_unit", "agency")
        .order_by("starts_at", "id")
    )


def public_event_get(*, pk: int) -> Event:
    found = public_events().filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def sessions_of(*, event: Event) -> list[EventSession]:
    """Return the agenda with speakers loaded (no N+1)."""
    from django.db.models import Prefetch

    links = SessionSpeaker.objects.select_related("speaker").order_by(
        "role", "speaker__name"
    )
    return list(
        event.sessions.prefetch_related(Prefetch("speaker_links", queryset=links))
    )


def public_speakers() -> QuerySet[Speaker]:
    """Speakers with a public page: public flag, at least one public event."""
    public_session = SessionSpeaker.objects.filter(
        speaker=OuterRef("pk"),
        session__event__is_public=True,
        session__event__status=Event.Status.PUBLISHED,
    )
    return Speaker.objects.filter(is_public=True).filter(Exists(public_session))


def public_speaker_get(*, pk: int) -> Speaker:
    found = public_speakers().filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def public_sessions_of_speaker(*, speaker: Speaker) -> QuerySet[EventSession]:
    return (
        EventSession.objects.filter(
            speaker_links__speaker=speaker,
            event__is_public=True,
            event__status=Event.Status.PUBLISHED,
        )
        .select_related("event")
        .order_by("starts_at")
    )


def speakers_managed_by(*, user) -> QuerySet[Speaker]:
    """Speakers of the agencies where the user may manage events."""
    if not has_perm(user, MANAGE):
        return Speaker.objects.none()
    scope = scope_for(user, perm=MANAGE)
    if scope.everything:
        return Speaker.objects.all()
    from jenjang.people.models import OrgUnit

    agencies = OrgUnit.objects.filter(unit_scope_q(scope)).values("agency_id")
    return Speaker.objects.filter(agency_id__in=agencies)


def agency_managed_by(*, user, agency_id: int) -> bool:
    """Tell whether the user manages events in some unit of this agency."""
    if not has_perm(user, MANAGE):
        return False
    scope = scope_for(user, perm=MANAGE)
    if scope.everything:
        return True
    from jenjang.people.models import OrgUnit

    return OrgUnit.objects.filter(unit_scope_q(scope), agency_id=agency_id).exists()


def speaker_candidates(*, user, search: str, limit: int = 20) -> list[Employee]:
    """Employees the organiser may see (people scope), by name or NIP.

    The pool for an internal speaker: only employees of agencies where the
    user manages events, so the speaker row lands in a managed agency.
    """
    from jenjang.people.selectors import employee_list_visible_to

    search = (search or "").replace("\x00", "").strip()[:100]
    if len(search) < 2 or not has_perm(user, MANAGE):
        return []
    scope = scope_for(user, perm=MANAGE)
    qs = employee_list_visible_to(user=user, search=search)
    if not scope.everything:
        from jenjang.people.models import OrgUnit

        agencies = OrgUnit.objects.filter(unit_scope_q(scope)).values("agency_id")
        qs = qs.filter(agency_id__in=agencies)
    return list(qs[:limit])


def session_get_managed_by(*, user, pk: int) -> EventSession:
    """Return one agenda item of an event the user manages, or raise NotFound."""
    found = EventSession.objects.select_related("event").filter(pk=pk).first()
    if found is None:
        raise NotFound()
    found.event = event_get_managed_by(user=user, pk=found.event_id)
    return found


def material_get_managed_by(*, user, pk: int) -> Material:
    """Return one material of an event the user manages, or raise NotFound."""
    found = Material.objects.select_related("event").filter(pk=pk).first()
    if found is None:
        raise NotFound()
    found.event = event_get_managed_by(user=user, pk=found.event_id)
    return found


def speaker_get_managed_by(*, user, pk: int) -> Speaker:
    found = speakers_managed_by(user=user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


# --- Registrations ------------------------------------------------------------


def registration_of(*, event: Event, employee: Employee | None) -> Registration | None:
    if employee is None:
        return None
    return Registration.objects.filter(event=event, employee=employee).first()


def registration_of_user(*, event: Event, user) -> Registration | None:
    return registration_of(event=event, employee=employee_for_user(user=user))


def my_registrations(*, user) -> QuerySet[Registration]:
    employee = employee_for_user(user=user)
    if employee is None:
        return Registration.objects.none()
    return (
        Registration.objects.filter(employee=employee)
        .select_related("event", "event__organiser_unit")
        .order_by("-event__starts_at")
    )


def my_registration_get(*, user, pk: int) -> Registration:
    found = my_registrations(user=user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def registrations_of_event(*, event: Event) -> QuerySet[Registration]:
    """Registrations of a managed event (the caller checked management)."""
    return (
        Registration.objects.filter(event=event)
        .select_related("employee", "employee__org_unit")
        .annotate(checkin_count=Count("checkins"))
        .order_by("status", "queued_at", "id")
    )


def approvals_for(*, user) -> QuerySet[Registration]:
    """Registrations waiting for this supervisor: holders reporting to them."""
    employee = employee_for_user(user=user)
    if employee is None or not has_perm(user, "events.approve"):
        return Registration.objects.none()
    return (
        Registration.objects.filter(
            status=Registration.Status.PENDING_APPROVAL,
            employee__position__reports_to_id=employee.position_id,
        )
        .exclude(employee=employee)
        .select_related("event", "employee", "employee__org_unit")
        .order_by("queued_at")
    )


def is_attendee(*, registration: Registration | None) -> bool:
    """Attended: registered and checked in to at least one session."""
    return bool(
        registration is not None
        and registration.status == Registration.Status.REGISTERED
        and registration.attended_at is not None
    )


def is_session_speaker(*, user, session: EventSession) -> bool:
    employee = employee_for_user(user=user)
    return bool(
        employee
        and SessionSpeaker.objects.filter(
            session=session, speaker__employee=employee
        ).exists()
    )


# --- Questions, discussion, materials -------------------------------------------


def top_questions(*, session: EventSession, include_hidden: bool = False, limit=50):
    """The live room: open and answered questions, most votes first."""
    qs = Question.objects.filter(session=session)
    if not include_hidden:
        qs = qs.exclude(status=Question.Status.HIDDEN)
    return list(
        qs.select_related("author").order_by(
            "status", "-vote_count", "created_at", "id"
        )[:limit]
    )


def voted_question_ids(*, session: EventSession, employee: Employee | None) -> set:
    if employee is None:
        return set()
    return set(
        QuestionVote.objects.filter(
            question__session=session, voter=employee
        ).values_list("question_id", flat=True)
    )


def session_get_visible_to(*, user, pk: int) -> EventSession:
    found = EventSession.objects.select_related("event").filter(pk=pk).first()
    if found is None:
        raise NotFound()
    event_get_visible_to(user=user, pk=found.event_id)
    return found


def discussion_of(*, session: EventSession, include_hidden: bool = False):
    qs = DiscussionPost.objects.filter(session=session)
    if not include_hidden:
        qs = qs.filter(is_hidden=False)
    return list(qs.order_by("created_at", "id"))


def materials_of(*, event: Event) -> QuerySet[Material]:
    return Material.objects.filter(event=event).select_related("session")


def checkins_of_session(*, session: EventSession) -> QuerySet[CheckIn]:
    return CheckIn.objects.filter(session=session).select_related(
        "registration__employee"
    )


def jp_preview(*, event: Event) -> Decimal | None:
    """The JP one attendance will post, or None when no rule applies."""
    from jenjang.events.services.checkins import attendance_jp

    try:
        return attendance_jp(event=event)
    except ApplicationError:  # no rule: shown as "—"; the check-in says why
        return None


def home_panel_context(*, user) -> dict | None:
    """The employee's next events and unread notifications, for the home page."""
    if not has_perm(user, ATTEND):
        return None
    now = timezone.now()
    upcoming = list(
        my_registrations(user=user)
        .filter(status__in=ACTIVE_STATUSES, event__ends_at__gte=now)
        .order_by("event__starts_at")[:3]
    )
    unread = notifications_of(user=user).filter(read_at__isnull=True)
    return {
        "upcoming": upcoming,
        "unread": list(unread[:3]),
        "unread_count": unread.count(),
    }


# --- Leaders' charts ------------------------------------------------------------


def _reports_q(user) -> Q:
    if not has_perm(user, REPORTS):
        return Q(pk__in=[])
    return unit_scope_q(scope_for(user, perm=REPORTS), prefix="organiser_unit__")


def report_for(*, user, year: int) -> dict:
    """Events held per unit and quarter, attendance rate, satisfaction, JP.

    Over events in the user's reporting scope (organising unit inside it)
    that started in `year` and were not cancelled. JP delivered is read from
    the JP ledger (postings minus reversals of source "events.registration").
    """
    from django.db.models import Avg, CharField, Sum
    from django.db.models.functions import Cast, ExtractQuarter

    from jenjang.development.models import LedgerEntry
    from jenjang.events.models import EventFeedback
    from jenjang.events.services.checkins import SOURCE_TYPE

    events = Event.objects.filter(_reports_q(user), starts_at__year=year).exclude(
        status__in=[Event.Status.CANCELLED, Event.Status.DRAFT]
    )
    held = list(
        events.annotate(q=ExtractQuarter("starts_at"))
        .values("organiser_unit__name", "q")
        .annotate(n=Count("id"))
        .order_by("organiser_unit__name", "q")
    )
    units = sorted({r["organiser_unit__name"] for r in held})
    per_unit = {u: [0, 0, 0, 0] for u in units}
    for r in held:
        per_unit[r["organiser_unit__name"]][r["q"] - 1] = r["n"]
    regs = Registration.objects.filter(
        event__in=events, status=Registration.Status.REGISTERED
    )
    by_q = {
        r["q"]: r
        for r in regs.annotate(q=ExtractQuarter("event__starts_at"))
        .values("q")
        .annotate(
            registered=Count("id"),
            attended=Count("id", filter=Q(attended_at__isnull=False)),
        )
    }
    sat = {
        r["q"]: r["avg"]
        for r in EventFeedback.objects.filter(registration__event__in=events)
        .annotate(q=ExtractQuarter("registration__event__starts_at"))
        .values("q")
        .annotate(avg=Avg("rating"))
    }
    source_ids = regs.annotate(sid=Cast("pk", CharField())).values("sid")
    jp_rows = (
        LedgerEntry.objects.filter(
            source_type=SOURCE_TYPE, source_id__in=source_ids, occurred_on__year=year
        )
        .values("occurred_on__quarter")
        .annotate(total=Sum("jp"))
    )
    jp = {r["occurred_on__quarter"]: r["total"] or Decimal("0") for r in jp_rows}
    quarters = [1, 2, 3, 4]
    return {
        "year": year,
        "units": units,
        "held": per_unit,
        "registered": [by_q.get(q, {}).get("registered", 0) for q in quarters],
        "attended": [by_q.get(q, {}).get("attended", 0) for q in quarters],
        "attendance_rate": [
            round(100 * by_q[q]["attended"] / by_q[q]["registered"], 1)
            if by_q.get(q, {}).get("registered")
            else None
            for q in quarters
        ],
        "satisfaction": [
            round(float(sat[q]), 2) if sat.get(q) is not None else None
            for q in quarters
        ],
        "jp": [float(jp.get(q, 0)) for q in quarters],
        "events_total": events.count(),
    }


def feedback_results(*, event: Event) -> dict:
    from django.db.models import Avg

    from jenjang.events.models import EventFeedback, SpeakerFeedback

    answers = EventFeedback.objects.filter(registration__event=event)
    summary = answers.aggregate(
        n=Count("id"), rating=Avg("rating"), usefulness=Avg("usefulness")
    )
    distribution = [answers.filter(rating=i).count() for i in range(1, 6)]
    speakers = list(
        SpeakerFeedback.objects.filter(registration__event=event)
        .values("speaker__name")
        .annotate(n=Count("id"), avg=Avg("rating"))
        .order_by("speaker__name")
    )
    comments = list(
        answers.exclude(comment="")
        .order_by("-created_at")
        .values_list("comment", flat=True)[:50]
    )
    return {
        "summary": summary,
        "distribution": distribution,
        "speakers": speakers,
        "comments": comments,
    }
