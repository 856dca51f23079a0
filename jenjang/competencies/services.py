"""Writes: the dictionary, the job standards and assessment results.

Every write checks its rules, runs in one transaction and is attributed to
its actor in the audit log. The assessment import lives in `imports`.
"""

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.accounts.roles import has_perm
from jenjang.competencies.models import (
    MAX_LEVEL,
    MIN_LEVEL,
    Assessment,
    Competency,
    CompetencyLevel,
    PositionStandard,
    StandardDefault,
)
from jenjang.core.audit import acting_as
from jenjang.core.exceptions import ApplicationError, NotFound, PermissionDenied
from jenjang.core.scoping import scope_contains, scope_for
from jenjang.people import selectors as people
from jenjang.people.models import Employee, JobField, Position

COMPETENCY_FIELDS = ("name", "description", "job_field", "is_active")


class Messages:
    """Messages shared by the form, the API and the importer."""

    @staticmethod
    def level_range() -> str:
        return _("Level harus bilangan bulat %(min)s sampai %(max)s.") % {
            "min": MIN_LEVEL,
            "max": MAX_LEVEL,
        }

    @staticmethod
    def inactive_competency() -> str:
        return _("Kompetensi ini sudah tidak aktif.")

    @staticmethod
    def self_assessment() -> str:
        return _("Anda tidak dapat menilai kompetensi Anda sendiri.")

    @staticmethod
    def future_date() -> str:
        return _("Tanggal asesmen tidak boleh di masa depan.")

    @staticmethod
    def duplicate_assessment() -> str:
        return _(
            "Hasil asesmen kompetensi ini dengan sumber dan tanggal yang sama "
            "sudah ada."
        )

    @staticmethod
    def out_of_scope() -> str:
        return _("Pegawai tidak ditemukan dalam cakupan Anda.")


def level_ok(level: Any) -> bool:
    """Tell whether `level` is a whole number on the 1–5 scale."""
    return (
        isinstance(level, int)
        and not isinstance(level, bool)
        and MIN_LEVEL <= level <= MAX_LEVEL
    )


def _check_level(level: Any, field: str = "level") -> int:
    if not level_ok(level):
        message = Messages.level_range()
        raise ApplicationError(
            "level_invalid", message, details=[{"field": field, "message": message}]
        )
    return level


def _require_manage(by) -> None:
    if by is not None and not has_perm(by, "competencies.manage"):
        raise PermissionDenied()


# --- dictionary ----------------------------------------------------------------


def _check_field(kind: str, job_field: JobField | None) -> None:
    if job_field is not None and kind != Competency.Kind.TECHNICAL:
        raise ApplicationError(
            "job_field_not_technical",
            _("Rumpun jabatan hanya untuk kompetensi teknis."),
            details=[
                {"field": "job_field", "message": _("Hanya untuk kompetensi teknis.")}
            ],
        )


def competency_create(
    *,
    by,
    code: str,
    name: str,
    kind: str,
    description: str = "",
    job_field: JobField | None = None,
    is_active: bool = True,
) -> Competency:
    """Add a competency to the dictionary (technical ones name their job field)."""
    _require_manage(by)
    if kind not in Competency.Kind.values:
        raise ApplicationError("kind_invalid", _("Jenis kompetensi tidak dikenal."))
    _check_field(kind, job_field)
    if Competency.objects.filter(code=code).exists():
        raise ApplicationError(
            "code_taken",
            _("Kode kompetensi sudah dipakai."),
            details=[{"field": "code", "message": _("Kode kompetensi sudah dipakai.")}],
        )
    competency = Competency(
        code=code,
        name=name,
        kind=kind,
        description=description,
        job_field=job_field,
        is_active=is_active,
    )
    competency.full_clean()
    with acting_as(by), transaction.atomic():
        competency.save()
    return competency


def competency_update(*, competency: Competency, by, **changes: Any) -> Competency:
    """Change a competency's name, definition, job field or whether it is active.

    Its code and kind stay: assessments, standards and plans refer to them.
    """
    _require_manage(by)
    unknown = set(changes) - set(COMPETENCY_FIELDS)
    if unknown:
        raise ApplicationError(
            "unknown_fields", _("Kolom tidak dikenal: %s") % ", ".join(sorted(unknown))
        )
    _check_field(competency.kind, changes.get("job_field", competency.job_field))
    for name, value in changes.items():
        setattr(competency, name, value)
    competency.full_clean()
    with acting_as(by), transaction.atomic():
        competency.save()
    return competency


def competency_level_set(
    *,
    competency: Competency,
    level: int,
    title: str,
    by,
    description: str = "",
    indicators: str = "",
) -> CompetencyLevel:
    """Create or change one level of a competency with its behavioural indicators."""
    _require_manage(by)
    _check_level(level)
    lines = [line.strip() for line in (indicators or "").splitlines() if line.strip()]
    with acting_as(by), transaction.atomic():
        row, _created = CompetencyLevel.objects.select_for_update().get_or_create(
            competency=competency,
            level=level,
            defaults={"title": title},
        )
        row.title, row.description, row.indicators = (
            title,
            description,
            "\n".join(lines),
        )
        row.full_clean()
        row.save()
    return row


def competency_define(
    *,
    by,
    competency: Competency | None = None,
    fields: dict[str, Any],
    levels: dict[int, dict[str, str]],
) -> Competency:
    """Create or change a competency and its levels in one transaction.

    `levels` maps a level number to its title, description and indicators;
    a level left without a title is not created, and an existing level
    cannot lose its title.
    """
    _require_manage(by)
    for number, values in levels.items():
        _check_level(number)
        blank = not (values.get("title") or "").strip()
        if blank and competency and competency.levels.filter(level=number).exists():
            raise ApplicationError(
                "level_title_required",
                _("Judul level %(n)s tidak boleh dikosongkan.") % {"n": number},
                details=[
                    {"field": f"level{number}-title", "message": _("Wajib diisi.")}
                ],
            )
    with acting_as(by), transaction.atomic():
        if competency is None:
            competency = competency_create(by=by, **fields)
        else:
            competency = competency_update(competency=competency, by=by, **fields)
        for number, values in sorted(levels.items()):
            title = (values.get("title") or "").strip()
            if title:
                competency_level_set(
                    competency=competency,
                    level=number,
                    title=title,
                    description=values.get("description", ""),
                    indicators=values.get("indicators", ""),
                    by=by,
                )
    return competency


# --- job standards -------------------------------------------------------------


def position_standards_update(
    *, position: Position, levels: dict[Competency, int | None], by
) -> int:
    """Set several of a position's own levels at once; return how many changed."""
    current = dict(
        PositionStandard.objects.filter(position=position).values_list(
            "competency_id", "required_level"
        )
    )
    changed = 0
    with acting_as(by), transaction.atomic():
        for competency, level in levels.items():
            if current.get(competency.pk) == level:
                continue
            position_standard_set(
                position=position, competency=competency, required_level=level, by=by
            )
            changed += 1
    return changed


def standard_defaults_update(
    *, changes: list[tuple[str, str, Competency, int | None]], by
) -> int:
    """Set several defaults (kind, jenjang, competency, level) at once; return how many changed."""
    current = {
        (d.position_kind, d.functional_level, d.competency_id): d.required_level
        for d in StandardDefault.objects.all()
    }
    changed = 0
    with acting_as(by), transaction.atomic():
        for kind, functional_level, competency, level in changes:
            if current.get((kind, functional_level, competency.pk)) == level:
                continue
            standard_default_set(
                position_kind=kind,
                functional_level=functional_level,
                competency=competency,
                required_level=level,
                by=by,
            )
            changed += 1
    return changed


def position_standard_set(
    *, position: Position, competency: Competency, required_level: int | None, by
) -> PositionStandard | None:
    """Set a position's own required level of a competency; None removes it.

    Removing the override lets the default for the position's kind apply again.
    The position must lie where the user's competencies.manage roles reach.
    """
    _require_manage(by)
    if by is not None and not (
        people.position_list_visible_to(user=by, perm="competencies.manage")
        .filter(pk=position.pk)
        .exists()
    ):
        raise NotFound()
    with acting_as(by), transaction.atomic():
        if required_level is None:
            for row in PositionStandard.objects.filter(
                position=position, competency=competency
            ):
                row.delete()  # one by one, so that the audit log sees each
            return None
        _check_level(required_level, "required_level")
        if not competency.is_active:
            raise ApplicationError(
                "competency_inactive", Messages.inactive_competency()
            )
        row, created = PositionStandard.objects.get_or_create(
            position=position,
            competency=competency,
            defaults={"required_level": required_level},
        )
        if not created and row.required_level != required_level:
            row.required_level = required_level
            row.save(update_fields=["required_level"])
        return row


def standard_default_set(
    *,
    position_kind: str,
    functional_level: str,
    competency: Competency,
    required_level: int | None,
    by,
) -> StandardDefault | None:
    """Set the default level of a competency for a position group; None removes it.

    UNCERTAIN (domain file §5): the seeded mapping has no official source, so
    each agency adjusts it here.
    """
    _require_manage(by)
    if position_kind not in Position.Kind.values:
        raise ApplicationError("kind_invalid", _("Jenis jabatan tidak dikenal."))
    if functional_level and (
        position_kind != Position.Kind.FUNGSIONAL
        or functional_level not in Position.FunctionalLevel.values
    ):
        raise ApplicationError(
            "functional_level_invalid",
            _("Jenjang hanya untuk jabatan fungsional."),
        )
    if competency.kind == Competency.Kind.TECHNICAL:
        raise ApplicationError(
            "technical_default",
            _("Kompetensi teknis ditetapkan per jabatan, bukan per jenis jabatan."),
        )
    with acting_as(by), transaction.atomic():
        rows = StandardDefault.objects.filter(
            position_kind=position_kind,
            functional_level=functional_level,
            competency=competency,
        )
        if required_level is None:
            for row in rows:
                row.delete()
            return None
        _check_level(required_level, "required_level")
        row = rows.first() or StandardDefault(
            position_kind=position_kind,
            functional_level=functional_level,
            competency=competency,
            required_level=required_level,
        )
        if row.pk is None or row.required_level != required_level:
            row.required_level = required_level
            row.save()
        return row


# --- assessments ----------------------------------------------------------------


def assessment_errors(
    *,
    by,
    employee: Employee,
    competency: Competency,
    level: Any,
    assessed_on: dt.date,
) -> list[tuple[str, str]]:
    """Return the (field, message) rules an assessment breaks; the importer shares them."""
    errors: list[tuple[str, str]] = []
    if not level_ok(level):
        errors.append(("level", Messages.level_range()))
    if not competency.is_active:
        errors.append(("competency", Messages.inactive_competency()))
    if assessed_on > timezone.localdate():
        errors.append(("assessed_on", Messages.future_date()))
    if by is not None and employee.user_id and employee.user_id == by.pk:
        errors.append(("employee", Messages.self_assessment()))
    return errors


def can_assess(*, by, employee: Employee) -> bool:
    """Tell whether a role granting competencies.assess reaches the employee."""
    return has_perm(by, "competencies.assess") and scope_contains(
        scope_for(by, perm="competencies.assess"), employee
    )


def assessment_create(
    *,
    by,
    employee: Employee,
    competency: Competency,
    level: int,
    assessed_on: dt.date,
    source: str,
    note: str = "",
) -> Assessment:
    """Record an assessed level for an employee.

    The assessor must reach the employee through a role granting
    competencies.assess (NotFound otherwise: no hint that the person exists),
    and may not assess themself.
    """
    if not can_assess(by=by, employee=employee):
        raise NotFound()
    if source not in Assessment.Source.values:
        raise ApplicationError(
            "source_invalid",
            _("Sumber asesmen tidak dikenal."),
            details=[
                {"field": "source", "message": _("Sumber asesmen tidak dikenal.")}
            ],
        )
    errors = assessment_errors(
        by=by,
        employee=employee,
        competency=competency,
        level=level,
        assessed_on=assessed_on,
    )
    if errors:
        raise ApplicationError(
            "assessment_invalid",
            errors[0][1],
            details=[{"field": f, "message": m} for f, m in errors],
        )
    assessment = Assessment(
        employee=employee,
        competency=competency,
        level=level,
        assessed_on=assessed_on,
        source=source,
        assessor=by,
        note=note,
    )
    try:
        with acting_as(by), transaction.atomic():
            assessment.save()
    except IntegrityError:
        raise ApplicationError(
            "assessment_duplicate", Messages.duplicate_assessment()
        ) from None
    return assessment
