"""Reads of the training area, always scoped through core.scoping."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from jenjang.accounts.roles import has_perm
from jenjang.core.exceptions import NotFound
from jenjang.core.scoping import people_scope_q, scope_for, unit_scope_q
from jenjang.development.ratings import annual_ratings, rating_labels
from jenjang.people.models import Employee
from jenjang.people.selectors import employee_for_user
from jenjang.training.models import (
    Batch,
    Enrolment,
    ImpactResponse,
    ProgramCompetency,
    Session,
    TrainingProgram,
)

S = Enrolment.Status

# --- catalog ------------------------------------------------------------------


def program_list(
    *,
    search: str = "",
    form_id: int | None = None,
    job_field_id: int | None = None,
    delivery: str = "",
    active_only: bool = True,
) -> QuerySet[TrainingProgram]:
    """The catalog: every active program, with what it needs listed alongside."""
    qs = TrainingProgram.objects.select_related("form", "min_rank", "prereq_program")
    if active_only:
        qs = qs.filter(is_active=True)
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(description__icontains=search))
    if form_id:
        qs = qs.filter(form_id=form_id)
    if job_field_id:
        qs = qs.filter(job_fields__id=job_field_id)
    if delivery:
        qs = qs.filter(delivery=delivery)
    return qs.prefetch_related(
        "job_fields",
        Prefetch(
            "competencies",
            queryset=ProgramCompetency.objects.select_related("competency"),
        ),
    ).order_by("title", "id")


def program_get(*, pk: int) -> TrainingProgram:
    found = program_list(active_only=False).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def program_manageable_by(*, user, program: TrainingProgram) -> bool:
    """HR manages programs owned by a unit in scope; shared programs: superadmin."""
    if not has_perm(user, "training.manage_catalog"):
        return False
    scope = scope_for(user, perm="training.manage_catalog")
    if scope.everything:
        return True
    if program.owner_unit_id is None:
        return False
    return _unit_in_scope(scope, program.owner_unit)


def _unit_in_scope(scope, unit) -> bool:
    return (
        scope.everything
        or unit.agency_id in scope.agency_ids
        or any(unit.path.startswith(p) for p in scope.unit_paths)
    )


# --- batches ------------------------------------------------------------------


def _batches() -> QuerySet[Batch]:
    return Batch.objects.select_related(
        "program", "program__form", "org_unit"
    ).annotate(
        seats=Count("enrolments", filter=Q(enrolments__status__in=Enrolment.SEATED)),
        waiting=Count("enrolments", filter=Q(enrolments__status=S.WAITLISTED)),
    )


def batch_list_upcoming(
    *,
    today: dt.date | None = None,
    program_id: int | None = None,
    form_id: int | None = None,
    delivery: str = "",
    job_field_id: int | None = None,
    month: str = "",
) -> QuerySet[Batch]:
    """The calendar: batches not yet ended, not cancelled, soonest first."""
    today = today or timezone.localdate()
    qs = _batches().filter(ends_on__gte=today).exclude(status=Batch.Status.CANCELLED)
    if program_id:
        qs = qs.filter(program_id=program_id)
    if form_id:
        qs = qs.filter(program__form_id=form_id)
    if delivery:
        qs = qs.filter(program__delivery=delivery)
    if job_field_id:
        qs = qs.filter(program__job_fields__id=job_field_id)
    if month:
        try:
            year, mon = (int(x) for x in month.split("-", 1))
            qs = qs.filter(starts_on__year=year, starts_on__month=mon)
        except ValueError:
            pass
    return qs.order_by("starts_on", "id")


def batches_of_program(*, program: TrainingProgram) -> QuerySet[Batch]:
    return _batches().filter(program=program).order_by("-starts_on", "-id")


def batch_get(*, pk: int) -> Batch:
    found = _batches().filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def batch_list_organised_by(*, user) -> QuerySet[Batch]:
    """Batches whose organising unit lies in the organiser's (or HR's) scope."""
    if not has_perm(user, "training.organise"):
        return Batch.objects.none()
    scope = scope_for(user, perm="training.organise")
    return (
        _batches()
        .filter(unit_scope_q(scope, prefix="org_unit__"))
        .order_by("-starts_on", "-id")
    )


def batch_is_organised_by(*, user, batch: Batch) -> bool:
    if not has_perm(user, "training.organise"):
        return False
    scope = scope_for(user, perm="training.organise")
    if scope.everything:
        return True
    if not (scope.agency_ids or scope.unit_paths):
        return False
    return _unit_in_scope(scope, batch.org_unit)


def batch_get_organised_by(*, user, pk: int) -> Batch:
    found = batch_list_organised_by(user=user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def participants(*, batch: Batch) -> QuerySet[Enrolment]:
    """The batch's participants (organiser's list), with attendance counted."""
    return (
        batch.enrolments.select_related(
            "employee", "employee__position", "employee__org_unit"
        )
        .annotate(
            present=Count("attendance", filter=Q(attendance__present=True)),
        )
        .order_by("status", "employee__name", "id")
    )


def sessions_of(*, batch: Batch) -> QuerySet[Session]:
    return batch.sessions.prefetch_related("trainers").order_by("starts_at", "id")


# --- enrolments ---------------------------------------------------------------


def _enrolments() -> QuerySet[Enrolment]:
    return Enrolment.objects.select_related(
        "employee",
        "employee__position",
        "employee__org_unit",
        "batch",
        "batch__program",
        "batch__program__form",
    )


def enrolments_own(*, user) -> QuerySet[Enrolment]:
    employee = employee_for_user(user=user)
    if employee is None:
        return Enrolment.objects.none()
    return (
        _enrolments()
        .select_related("survey")
        .filter(employee=employee)
        .order_by("-batch__starts_on", "-id")
    )


def enrolment_get_visible_to(*, user, pk: int) -> Enrolment:
    """Own enrolment, or one of a person in scope (approve, nominate, organise)."""
    found = _enrolments().filter(pk=pk).first()
    if found is None:
        raise NotFound()
    if found.employee.user_id == getattr(user, "pk", None):
        return found
    for perm in ("training.approve", "training.nominate"):
        if (
            has_perm(user, perm)
            and _enrolments()
            .filter(
                people_scope_q(scope_for(user, perm=perm), prefix="employee__"), pk=pk
            )
            .exists()
        ):
            return found
    if batch_is_organised_by(user=user, batch=found.batch):
        return found
    raise NotFound()


def approvals_pending(*, user) -> QuerySet[Enrolment]:
    """Requests waiting for this user's decision (direct reports, or HR scope)."""
    if not has_perm(user, "training.approve"):
        return Enrolment.objects.none()
    scope = scope_for(user, perm="training.approve")
    qs = _enrolments().filter(
        people_scope_q(scope, prefix="employee__"), status=S.REQUESTED
    )
    own = employee_for_user(user=user)
    if own is not None:
        qs = qs.exclude(employee=own)
    return qs.order_by("requested_at", "id")


def nominees_visible_to(*, user, search: str = "") -> QuerySet[Employee]:
    """People the user may nominate (supervisor: direct reports; HR: scope)."""
    if not has_perm(user, "training.nominate"):
        return Employee.objects.none()
    scope = scope_for(user, perm="training.nominate")
    qs = Employee.objects.filter(people_scope_q(scope), is_active=True).select_related(
        "position", "org_unit"
    )
    own = employee_for_user(user=user)
    if own is not None:
        qs = qs.exclude(pk=own.pk)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(nip__startswith=search))
    return qs.order_by("name", "id")


# --- impact follow-up -----------------------------------------------------------


def impact_due_date(batch: Batch) -> dt.date:
    from dateutil.relativedelta import relativedelta

    return batch.ends_on + relativedelta(months=batch.impact_months)


def impact_pending_for(
    *, user, today: dt.date | None = None
) -> list[tuple[Enrolment, str]]:
    """Questionnaires due for this user: own passed trainings, and direct reports'."""
    today = today or timezone.localdate()
    employee = employee_for_user(user=user)
    if employee is None:
        return []
    found: list[tuple[Enrolment, str]] = []
    R = ImpactResponse.Respondent
    own = (
        _enrolments()
        .filter(employee=employee, status=S.PASSED)
        .exclude(
            Exists(
                ImpactResponse.objects.filter(
                    enrolment=OuterRef("pk"), respondent=R.PARTICIPANT
                )
            )
        )
    )
    found += [(e, R.PARTICIPANT) for e in own if impact_due_date(e.batch) <= today]
    reports = (
        _enrolments()
        .filter(employee__position__reports_to_id=employee.position_id, status=S.PASSED)
        .exclude(
            Exists(
                ImpactResponse.objects.filter(
                    enrolment=OuterRef("pk"), respondent=R.SUPERVISOR
                )
            )
        )
    )
    found += [(e, R.SUPERVISOR) for e in reports if impact_due_date(e.batch) <= today]
    return found


@dataclass
class ProgramImpact:
    program: TrainingProgram
    passed: int = 0
    participant_n: int = 0
    participant_applied: Decimal | None = None
    supervisor_n: int = 0
    supervisor_applied: Decimal | None = None
    supervisor_improved: Decimal | None = None
    satisfaction: Decimal | None = None
    predikat: dict[str, int] = field(default_factory=dict)
    predikat_note: str = ""

    @property
    def predikat_labelled(self) -> list[tuple[str, int]]:
        """The predikat counts with their labels, best first (performance app)."""
        labels = rating_labels()
        if not labels:
            return sorted(self.predikat.items())
        return [
            (str(label), self.predikat[value])
            for value, label in labels
            if value in self.predikat
        ]


def impact_by_program(*, user) -> list[ProgramImpact]:
    """Per program: impact questionnaire averages, satisfaction, and the
    participants' next annual performance predikat (year after the batch)."""
    if not has_perm(user, "training.view_impact"):
        return []
    scope = scope_for(user, perm="training.view_impact")
    enrolments = Enrolment.objects.filter(
        people_scope_q(scope, prefix="employee__"), status=S.PASSED
    )
    rows: dict[int, ProgramImpact] = {}
    programs = TrainingProgram.objects.in_bulk(
        set(enrolments.values_list("batch__program_id", flat=True))
    )
    for pid, program in programs.items():
        rows[pid] = ProgramImpact(program)
    for row in enrolments.values("batch__program_id").annotate(n=Count("id")):
        rows[row["batch__program_id"]].passed = row["n"]
    responses = ImpactResponse.objects.filter(enrolment__in=enrolments)
    for row in responses.values("enrolment__batch__program_id", "respondent").annotate(
        n=Count("id"), applied=Avg("applied"), improved=Avg("improved")
    ):
        item = rows[row["enrolment__batch__program_id"]]
        if row["respondent"] == ImpactResponse.Respondent.PARTICIPANT:
            item.participant_n = row["n"]
            item.participant_applied = _d(row["applied"])
        else:
            item.supervisor_n = row["n"]
            item.supervisor_applied = _d(row["applied"])
            item.supervisor_improved = _d(row["improved"])
    for row in (
        enrolments.filter(survey__isnull=False)
        .values("batch__program_id")
        .annotate(r=Avg("survey__rating"))
    ):
        rows[row["batch__program_id"]].satisfaction = _d(row["r"])
    _add_predikat(rows, enrolments)
    return sorted(rows.values(), key=lambda r: r.program.title)


def _d(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def _add_predikat(rows: dict[int, ProgramImpact], enrolments) -> None:
    """Beside each program, the participants' next annual predikat (performance app,
    read through development.ratings: training sits below performance)."""
    if not rating_labels():  # the performance area is not installed
        for item in rows.values():
            item.predikat_note = "unavailable"
        return
    pairs = list(
        enrolments.values_list("batch__program_id", "employee_id", "batch__ends_on")
    )
    years = {ends.year + 1 for _p, _e, ends in pairs}
    found = annual_ratings({e for _p, e, _d in pairs}, years)
    for program_id, employee_id, ends in pairs:
        value = found.get((employee_id, ends.year + 1))
        if value:
            counts = rows[program_id].predikat
            counts[value] = counts.get(value, 0) + 1
