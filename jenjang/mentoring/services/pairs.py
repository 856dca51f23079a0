"""Pairs: answer a proposal, goals, feedback, closing, and coaching."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.core.audit import acting_as
from jenjang.core.exceptions import ApplicationError, PermissionDenied
from jenjang.mentoring.models import Feedback, Goal, MenteeRequest, Relationship
from jenjang.people.models import Employee
from jenjang.people.selectors import employee_supervisor

MENTOR = "mentor"
MENTEE = "mentee"


def side_of(relationship: Relationship, user) -> str | None:
    """Return "mentor" or "mentee" when `user` is one of the pair, else None."""
    uid = getattr(user, "pk", None)
    if uid is None:
        return None
    if relationship.mentor.user_id == uid:
        return MENTOR
    if relationship.mentee.user_id == uid:
        return MENTEE
    return None


def _require_side(relationship: Relationship, user) -> str:
    side = side_of(relationship, user)
    if side is None:
        raise PermissionDenied()
    return side


def _require_status(relationship: Relationship, *statuses: str) -> None:
    if relationship.status not in statuses:
        raise ApplicationError(
            "bad_pair_status",
            _("Tindakan ini tidak dapat dilakukan pada pasangan berstatus %(s)s.")
            % {"s": relationship.get_status_display()},
        )


def _locked(relationship: Relationship) -> Relationship:
    return (
        Relationship.objects.select_for_update(of=("self",))
        .select_related("mentor", "mentee")
        .get(pk=relationship.pk)
    )


def relationship_accept(*, relationship: Relationship, by) -> Relationship:
    """Accept a proposed pair; once both sides accept it becomes active."""
    with acting_as(by), transaction.atomic():
        rel = _locked(relationship)
        side = _require_side(rel, by)
        _require_status(rel, Relationship.Status.PROPOSED)
        now = timezone.now()
        if side == MENTOR:
            rel.mentor_accepted_at = rel.mentor_accepted_at or now
        else:
            rel.mentee_accepted_at = rel.mentee_accepted_at or now
        if rel.mentor_accepted_at and rel.mentee_accepted_at:
            rel.status = Relationship.Status.ACTIVE
            rel.started_on = timezone.localdate()
            if rel.request_id:
                MenteeRequest.objects.filter(pk=rel.request_id).update(
                    status=MenteeRequest.Status.MATCHED
                )
        rel.save()
    return rel


def relationship_decline(*, relationship: Relationship, by) -> Relationship:
    """Decline a proposed pair: the request goes back into the next round.

    The declined pair itself is never proposed again (`rule_not_forbidden`).
    """
    with acting_as(by), transaction.atomic():
        rel = _locked(relationship)
        side = _require_side(rel, by)
        _require_status(rel, Relationship.Status.PROPOSED)
        rel.status = Relationship.Status.DECLINED
        rel.declined_by = side
        rel.save(update_fields=["status", "declined_by"])
        if rel.request_id:
            MenteeRequest.objects.filter(
                pk=rel.request_id, status=MenteeRequest.Status.PROPOSED
            ).update(status=MenteeRequest.Status.OPEN)
    return rel


def relationship_set_rhythm(*, relationship: Relationship, rhythm: str, by):
    if rhythm not in Relationship.Rhythm.values:
        raise ApplicationError("bad_rhythm", _("Ritme pertemuan tidak dikenal."))
    with acting_as(by), transaction.atomic():
        rel = _locked(relationship)
        _require_side(rel, by)
        _require_status(rel, *Relationship.LIVE_STATUSES)
        rel.rhythm = rhythm
        rel.save(update_fields=["rhythm"])
    return rel


def relationship_close(
    *, relationship: Relationship, by, outcome: str, goal_results: dict | None = None
) -> Relationship:
    """Close an active pair with its outcome, recording each goal's result."""
    outcome = (outcome or "").strip()
    if not outcome or len(outcome) > 4000:
        raise ApplicationError(
            "bad_outcome", _("Hasil akhir wajib diisi (paling panjang 4000 karakter).")
        )
    results = {int(k): v for k, v in (goal_results or {}).items()}
    finals = {s for s in Goal.Status.values if s != Goal.Status.OPEN}
    if any(v not in finals for v in results.values()):
        raise ApplicationError("bad_goal_status", _("Status tujuan tidak dikenal."))
    with acting_as(by), transaction.atomic():
        rel = _locked(relationship)
        _require_side(rel, by)
        _require_status(rel, Relationship.Status.ACTIVE)
        goals = {g.pk: g for g in rel.goals.all()}
        if set(results) - set(goals):
            raise ApplicationError("bad_goal", _("Tujuan tidak ditemukan."))
        for pk, goal in goals.items():
            if pk in results:
                goal.status = results[pk]
                goal.save(update_fields=["status"])
        rel.status = Relationship.Status.CLOSED
        rel.closed_on = timezone.localdate()
        rel.outcome = outcome
        rel.save(update_fields=["status", "closed_on", "outcome"])
        if rel.request_id:
            MenteeRequest.objects.filter(pk=rel.request_id).update(
                status=MenteeRequest.Status.CLOSED
            )
    return rel


# --- goals --------------------------------------------------------------------------


def goal_add(
    *, relationship: Relationship, by, title: str, measure: str, due_on: dt.date
) -> Goal:
    """Add a specific, measurable goal with a due date."""
    title, measure = (title or "").strip(), (measure or "").strip()
    if not title or len(title) > 200:
        raise ApplicationError(
            "bad_title", _("Tujuan wajib diisi (paling panjang 200 karakter).")
        )
    if not measure or len(measure) > 300:
        raise ApplicationError(
            "bad_measure",
            _("Ukuran keberhasilan wajib diisi (paling panjang 300 karakter)."),
        )
    if not isinstance(due_on, dt.date):
        raise ApplicationError("bad_date", _("Tenggat wajib diisi."))
    _require_side(relationship, by)
    _require_status(relationship, *Relationship.LIVE_STATUSES)
    with acting_as(by):
        return Goal.objects.create(
            relationship=relationship, title=title, measure=measure, due_on=due_on
        )


def goal_update(*, goal: Goal, by, status: str, outcome: str = "") -> Goal:
    if status not in Goal.Status.values:
        raise ApplicationError("bad_goal_status", _("Status tujuan tidak dikenal."))
    _require_side(goal.relationship, by)
    _require_status(goal.relationship, Relationship.Status.ACTIVE)
    goal.status = status
    goal.outcome = (outcome or "").strip()[:500]
    with acting_as(by):
        goal.save(update_fields=["status", "outcome"])
    return goal


# --- feedback ----------------------------------------------------------------------


def feedback_give(*, relationship: Relationship, by, rating, comment: str = ""):
    """Record one side's satisfaction (1–5); giving it again replaces it."""
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise ApplicationError("bad_rating", _("Nilai kepuasan harus 1 sampai 5."))
    side = _require_side(relationship, by)
    _require_status(
        relationship, Relationship.Status.ACTIVE, Relationship.Status.CLOSED
    )
    with acting_as(by):
        found, _created = Feedback.objects.update_or_create(
            relationship=relationship,
            side=side,
            defaults={"rating": rating, "comment": (comment or "").strip()[:2000]},
        )
    return found


# --- coaching ------------------------------------------------------------------------


def coaching_start(
    *, coach: Employee, member: Employee, by, rhythm: str = "biweekly"
) -> Relationship:
    """Start coaching a member of one's own team (the coach is their atasan).

    Peraturan LAN 10/2018: coaching is a nonklasikal form of competency
    development (domain file §4.1, SIASN code 14), done by the supervisor.
    """
    if rhythm not in Relationship.Rhythm.values:
        raise ApplicationError("bad_rhythm", _("Ritme pertemuan tidak dikenal."))
    supervisor = employee_supervisor(employee=member)
    if supervisor is None or supervisor.pk != coach.pk:
        raise ApplicationError(
            "not_team_member",
            _("Coaching hanya untuk anggota tim yang Anda bina langsung."),
            status=403,
        )
    try:
        with acting_as(by), transaction.atomic():
            return Relationship.objects.create(
                kind=Relationship.Kind.COACHING,
                mentor=coach,
                mentee=member,
                status=Relationship.Status.ACTIVE,
                mentor_accepted_at=timezone.now(),
                mentee_accepted_at=timezone.now(),
                started_on=timezone.localdate(),
                rhythm=rhythm,
            )
    except IntegrityError:
        raise ApplicationError(
            "coaching_exists", _("Coaching dengan pegawai ini masih berjalan.")
        ) from None
