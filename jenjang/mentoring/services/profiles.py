"""Mentor profiles and mentee requests."""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jenjang.competencies.models import Competency
from jenjang.competencies.selectors import current_levels, employee_gaps
from jenjang.core.audit import acting_as
from jenjang.core.exceptions import ApplicationError
from jenjang.mentoring.models import (
    MAX_CAPACITY,
    MenteeRequest,
    MentorProfile,
    MentorStrength,
    Mode,
    RequestedCompetency,
)
from jenjang.people.models import Employee, JobField

STRENGTH_MIN_LEVEL = 3  # an assessed level from which one can guide others
MAX_NEEDS = 5
PREFILL_NEEDS = 3


def _check_capacity(capacity) -> int:
    try:
        value = int(capacity)
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= MAX_CAPACITY:
        raise ApplicationError(
            "bad_capacity",
            _("Kapasitas mentee harus antara 1 dan %(n)d.") % {"n": MAX_CAPACITY},
        )
    return value


def _check_choice(value: str, choices, code: str, message: str) -> str:
    if value not in dict(choices):
        raise ApplicationError(code, message)
    return value


def mentor_strengths_refresh(*, profile: MentorProfile) -> int:
    """Set the mentor's strengths from their latest assessments (level ≥ 3)."""
    levels = current_levels(profile.employee)
    strong = {cid: row["level"] for cid, row in levels.items() if row["level"] >= 3}
    MentorStrength.objects.filter(mentor=profile).exclude(
        competency_id__in=strong
    ).delete()
    for competency_id, level in strong.items():
        MentorStrength.objects.update_or_create(
            mentor=profile, competency_id=competency_id, defaults={"level": level}
        )
    return len(strong)


def mentor_profile_save(
    *,
    employee: Employee,
    by,
    source: str,
    capacity=2,
    is_available: bool = True,
    availability: str = "",
    mode: str = Mode.ANY,
    bio: str = "",
    job_field_ids: Iterable[int] = (),
) -> MentorProfile:
    """Create or update a mentor profile; strengths follow the assessments."""
    capacity = _check_capacity(capacity)
    mode = _check_choice(
        mode, Mode.choices, "bad_mode", _("Cara bertemu tidak dikenal.")
    )
    source = _check_choice(
        source,
        MentorProfile.Source.choices,
        "bad_source",
        _("Asal mentor tidak dikenal."),
    )
    field_ids = sorted({int(f) for f in job_field_ids})
    fields = list(JobField.objects.filter(pk__in=field_ids))
    if len(fields) != len(field_ids):
        raise ApplicationError("bad_job_field", _("Bidang tugas tidak dikenal."))
    with acting_as(by), transaction.atomic():
        profile, _created = MentorProfile.objects.update_or_create(
            employee=employee,
            defaults={
                "source": source,
                "capacity": capacity,
                "is_available": bool(is_available),
                "availability": (availability or "").strip()[:200],
                "mode": mode,
                "bio": (bio or "").strip()[:2000],
            },
        )
        if not fields and employee.position.job_field_id:
            fields = [employee.position.job_field]
        profile.job_fields.set(fields)
        mentor_strengths_refresh(profile=profile)
    return profile


def suggested_needs(*, employee: Employee) -> list[tuple[Competency, int]]:
    """Return the employee's largest gaps (competency, required level) to pre-fill."""
    gaps = [g for g in employee_gaps(employee) if g.gap is not None and g.gap > 0]
    return [(g.competency, g.required_level) for g in gaps[:PREFILL_NEEDS]]


def mentee_request_create(
    *,
    employee: Employee,
    by,
    goals: str,
    needs: dict[int, int] | None = None,
    unit_preference: str = MenteeRequest.UnitPreference.ANY,
    mode: str = Mode.ANY,
) -> MenteeRequest:
    """Ask for a mentor. Without `needs`, the largest gaps are used."""
    goals = (goals or "").strip()
    if not goals or len(goals) > 2000:
        raise ApplicationError(
            "bad_goals", _("Tujuan wajib diisi (paling panjang 2000 karakter).")
        )
    unit_preference = _check_choice(
        unit_preference,
        MenteeRequest.UnitPreference.choices,
        "bad_unit_preference",
        _("Preferensi unit kerja tidak dikenal."),
    )
    mode = _check_choice(
        mode, Mode.choices, "bad_mode", _("Cara bertemu tidak dikenal.")
    )
    if needs is None:
        needs = {c.pk: level for c, level in suggested_needs(employee=employee)}
    needs = _check_needs(needs)
    try:
        with acting_as(by), transaction.atomic():
            request = MenteeRequest.objects.create(
                employee=employee,
                goals=goals,
                unit_preference=unit_preference,
                mode=mode,
            )
            RequestedCompetency.objects.bulk_create(
                RequestedCompetency(request=request, competency_id=c, target_level=t)
                for c, t in needs.items()
            )
    except IntegrityError:
        raise ApplicationError(
            "request_exists",
            _("Anda masih memiliki permintaan mentor yang berjalan."),
        ) from None
    return request


def _check_needs(needs: dict) -> dict[int, int]:
    if len(needs) > MAX_NEEDS:
        raise ApplicationError(
            "too_many_needs",
            _("Pilih paling banyak %(n)d kompetensi.") % {"n": MAX_NEEDS},
        )
    clean: dict[int, int] = {}
    for key, level in needs.items():
        try:
            cid, lvl = int(key), int(level)
        except (TypeError, ValueError):
            raise ApplicationError(
                "bad_need", _("Kompetensi atau level sasaran tidak sah.")
            ) from None
        if not 1 <= lvl <= 5:
            raise ApplicationError("bad_level", _("Level sasaran harus 1 sampai 5."))
        clean[cid] = lvl
    known = set(
        Competency.objects.filter(pk__in=clean, is_active=True).values_list(
            "pk", flat=True
        )
    )
    if known != set(clean):
        raise ApplicationError("bad_need", _("Kompetensi tidak dikenal."))
    return clean


def mentee_request_withdraw(*, request: MenteeRequest, by) -> MenteeRequest:
    """Withdraw an open request (a proposed or matched one is answered in its pair)."""
    with acting_as(by), transaction.atomic():
        locked = MenteeRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != MenteeRequest.Status.OPEN:
            raise ApplicationError(
                "request_not_open",
                _("Hanya permintaan yang masih menunggu yang dapat ditarik."),
            )
        locked.status = MenteeRequest.Status.WITHDRAWN
        locked.save(update_fields=["status"])
    return locked
