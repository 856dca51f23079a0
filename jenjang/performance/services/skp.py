"""Writes to SKP: drafting, cascading, the approval workflow, copying.

draft → submitted (by the employee) → returned with a comment, or approved
(by the pejabat penilai kinerja, the atasan langsung from the reporting
line). Every step writes an SkpStep row. PermenPANRB 6/2022 Pasal 5: the SKP
holds hasil kerja (RHK with IKI and targets, each intervening one RHK of the
evaluator) and perilaku kerja (BerAKHLAK with optional ekspektasi khusus).
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.core.audit import acting_as
from jenjang.core.exceptions import ApplicationError, PermissionDenied
from jenjang.people.models import Employee
from jenjang.people.selectors import employee_supervisor
from jenjang.performance.models import (
    BehaviourValue,
    Indicator,
    LeaderExpectation,
    Rhk,
    Skp,
    SkpStep,
    SpecificExpectation,
)
from jenjang.performance.services.common import (
    clean_text,
    is_evaluator,
    is_owner,
    require_choice,
    require_evaluator,
    require_owner,
)
from jenjang.performance.services.years import performance_year_ensure

Status = Skp.Status
Action = SkpStep.Action
EDITABLE = (Status.DRAFT, Status.RETURNED)


def _step(skp: Skp, action: str, by, from_status: str, comment: str = "") -> None:
    SkpStep.objects.create(
        skp=skp,
        action=action,
        from_status=from_status,
        to_status=skp.status,
        by=by if getattr(by, "pk", None) else None,
        comment=comment,
        at=timezone.now(),
    )


def _require_editable(by, skp: Skp) -> None:
    require_owner(by, skp)
    if skp.status not in EDITABLE:
        raise ApplicationError(
            "skp_not_editable",
            _("SKP berstatus %(status)s tidak dapat diubah.")
            % {"status": skp.get_status_display()},
            status=409,
        )


def _locked(skp: Skp) -> Skp:
    skp.refresh_from_db(from_queryset=Skp.objects.select_for_update())
    return skp


# --- creating ---------------------------------------------------------------------


@transaction.atomic
def skp_create(*, employee: Employee, year: int, by) -> Skp:
    """Create the employee's SKP of `year`, the evaluator from the reporting line."""
    if not (getattr(by, "pk", None) and employee.user_id == by.pk):
        raise PermissionDenied(_("Hanya pegawai yang bersangkutan yang menyusun SKP."))
    py = performance_year_ensure(agency=employee.agency, year=year)
    if Skp.objects.filter(employee=employee, performance_year=py).exists():
        raise ApplicationError(
            "skp_exists",
            _("SKP tahun %(year)s sudah ada.") % {"year": year},
            status=409,
        )
    with acting_as(by):
        try:
            with transaction.atomic():
                skp = Skp.objects.create(
                    employee=employee,
                    performance_year=py,
                    evaluator=employee_supervisor(employee=employee),
                    position_id=employee.position_id,
                    org_unit_id=employee.org_unit_id,
                )
        except IntegrityError:
            raise ApplicationError(
                "skp_exists",
                _("SKP tahun %(year)s sudah ada.") % {"year": year},
                status=409,
            ) from None
        _step(skp, Action.CREATE, by, "")
    return skp


@transaction.atomic
def skp_copy_last_year(*, employee: Employee, year: int, by) -> Skp:
    """Create this year's SKP as a copy of last year's: RHK, IKI, expectations.

    Each copied RHK is cascaded again from the evaluator's RHK of the new year
    with the same text, when there is one; otherwise it awaits a new choice.
    """
    previous = (
        Skp.objects.filter(employee=employee, performance_year__year=year - 1)
        .prefetch_related("rhks__indicators", "expectations", "specific_expectations")
        .first()
    )
    if previous is None:
        raise ApplicationError(
            "no_previous_skp",
            _("Tidak ada SKP tahun %(year)s untuk disalin.") % {"year": year - 1},
        )
    skp = skp_create(employee=employee, year=year, by=by)
    parents = {r.text.strip().lower(): r for r in _evaluator_rhks(skp)}
    with acting_as(by):
        for old in previous.rhks.all():
            parent = (
                parents.get(old.parent.text.strip().lower()) if old.parent else None
            )
            rhk = Rhk.objects.create(
                skp=skp,
                kind=old.kind,
                text=old.text,
                parent=parent,
                parent_text="" if skp.evaluator_id else old.parent_text,
                order=old.order,
            )
            Indicator.objects.bulk_create(
                Indicator(
                    rhk=rhk,
                    text=i.text,
                    aspect=i.aspect,
                    target=i.target,
                    order=i.order,
                )
                for i in old.indicators.all()
            )
        LeaderExpectation.objects.bulk_create(
            LeaderExpectation(skp=skp, text=e.text, order=e.order)
            for e in previous.expectations.all()
        )
        SpecificExpectation.objects.bulk_create(
            SpecificExpectation(skp=skp, value_id=e.value_id, text=e.text)
            for e in previous.specific_expectations.all()
        )
        skp.copied_from = previous
        skp.save(update_fields=["copied_from"])
        _step(skp, Action.COPY, by, Status.DRAFT)
    return skp


# --- cascade ------------------------------------------------------------------------


def _evaluator_rhks(skp: Skp):
    if not skp.evaluator_id:
        return Rhk.objects.none()
    return Rhk.objects.filter(
        skp__employee_id=skp.evaluator_id,
        skp__performance_year__year=skp.performance_year.year,
    ).order_by("kind", "order", "id")


def cascade_candidates(*, skp: Skp):
    """Return the evaluator's RHK of the same year this SKP's RHK may intervene."""
    return _evaluator_rhks(skp)


def check_cascade(*, skp: Skp, parent: Rhk | None) -> None:
    """Raise unless `parent` is an RHK of the evaluator's SKP of the same year.

    PermenPANRB 6/2022: each RHK records the RHK of the superior it
    intervenes (cascades from). An employee without an evaluator (the top of
    the line) names the unit's perjanjian kinerja as free text instead.
    """
    if parent is None:
        return
    if not skp.evaluator_id:
        raise ApplicationError(
            "cascade_no_evaluator",
            _("SKP tanpa pejabat penilai tidak dapat mengintervensi RHK atasan."),
        )
    parent_skp = parent.skp
    if parent_skp.employee_id != skp.evaluator_id:
        raise ApplicationError(
            "cascade_not_evaluator",
            _("RHK yang diintervensi harus milik pejabat penilai kinerja Anda."),
        )
    if parent_skp.performance_year.year != skp.performance_year.year:
        raise ApplicationError(
            "cascade_wrong_year",
            _("RHK yang diintervensi harus dari SKP atasan tahun yang sama."),
        )


def _parent(skp: Skp, parent_id) -> Rhk | None:
    if parent_id in (None, ""):
        return None
    try:
        parent = Rhk.objects.select_related("skp__performance_year").get(
            pk=int(parent_id)
        )
    except (Rhk.DoesNotExist, ValueError, TypeError):
        raise ApplicationError(
            "cascade_unknown", _("RHK atasan yang dipilih tidak ditemukan.")
        ) from None
    check_cascade(skp=skp, parent=parent)
    return parent


# --- drafting -----------------------------------------------------------------------


@transaction.atomic
def rhk_add(
    *,
    skp: Skp,
    text: str,
    kind: str = Rhk.Kind.UTAMA,
    parent_id: int | None = None,
    parent_text: str = "",
    by,
) -> Rhk:
    """Add an RHK to a draft SKP, cascaded from one of the evaluator's RHK."""
    _require_editable(by, _locked(skp))
    text = clean_text(text, _("Rencana hasil kerja"))
    require_choice(kind, Rhk.Kind, _("jenis RHK"))
    parent = _parent(skp, parent_id)
    with acting_as(by):
        return Rhk.objects.create(
            skp=skp,
            kind=kind,
            text=text,
            parent=parent,
            parent_text=clean_text(
                parent_text, _("Intervensi"), required=False, max_length=300
            ),
            order=skp.rhks.count(),
        )


@transaction.atomic
def rhk_update(
    *,
    rhk: Rhk,
    text: str,
    kind: str,
    parent_id: int | None,
    parent_text: str = "",
    by,
) -> Rhk:
    skp = rhk.skp
    _require_editable(by, _locked(skp))
    rhk.text = clean_text(text, _("Rencana hasil kerja"))
    rhk.kind = require_choice(kind, Rhk.Kind, _("jenis RHK"))
    rhk.parent = _parent(skp, parent_id)
    rhk.parent_text = clean_text(
        parent_text, _("Intervensi"), required=False, max_length=300
    )
    with acting_as(by):
        rhk.save()
    return rhk


@transaction.atomic
def rhk_remove(*, rhk: Rhk, by) -> None:
    _require_editable(by, _locked(rhk.skp))
    if rhk.children.exists():
        raise ApplicationError(
            "rhk_has_children",
            _("RHK ini sudah diintervensi oleh RHK bawahan; ubah RHK mereka dahulu."),
            status=409,
        )
    with acting_as(by):
        rhk.delete()


@transaction.atomic
def indicator_add(*, rhk: Rhk, text: str, aspect: str, target: str, by) -> Indicator:
    """Add an Indikator Kinerja Individu with its aspect and target."""
    _require_editable(by, _locked(rhk.skp))
    text = clean_text(text, _("Indikator"), max_length=300)
    require_choice(aspect, Indicator.Aspect, _("aspek"))
    target = clean_text(target, _("Target"), max_length=100)
    with acting_as(by):
        return Indicator.objects.create(
            rhk=rhk,
            text=text,
            aspect=aspect,
            target=target,
            order=rhk.indicators.count(),
        )


@transaction.atomic
def indicator_remove(*, indicator: Indicator, by) -> None:
    _require_editable(by, _locked(indicator.rhk.skp))
    if indicator.realisations.exists():
        raise ApplicationError(
            "indicator_has_realisation",
            _("Indikator yang sudah memiliki realisasi tidak dapat dihapus."),
            status=409,
        )
    with acting_as(by):
        indicator.delete()


def _require_expectation_setter(by, skp: Skp) -> None:
    if not (is_evaluator(by, skp) or is_owner(by, skp)):
        raise PermissionDenied()
    if skp.status == Status.APPROVED:
        raise ApplicationError(
            "skp_not_editable",
            _("SKP yang sudah disetujui tidak dapat diubah."),
            status=409,
        )


@transaction.atomic
def expectation_add(*, skp: Skp, text: str, by) -> LeaderExpectation:
    """Record an ekspektasi pimpinan (set by the evaluator, clarified with the employee)."""
    _require_expectation_setter(by, _locked(skp))
    text = clean_text(text, _("Ekspektasi pimpinan"))
    with acting_as(by):
        return LeaderExpectation.objects.create(
            skp=skp, text=text, order=skp.expectations.count()
        )


@transaction.atomic
def expectation_remove(*, expectation: LeaderExpectation, by) -> None:
    _require_expectation_setter(by, _locked(expectation.skp))
    with acting_as(by):
        expectation.delete()


@transaction.atomic
def specific_expectation_set(*, skp: Skp, value_code: str, text: str, by) -> None:
    """Set (or clear, with empty text) the ekspektasi khusus for one BerAKHLAK value."""
    _require_expectation_setter(by, _locked(skp))
    value = BehaviourValue.objects.filter(code=value_code).first()
    if value is None:
        raise ApplicationError("invalid_choice", _("Nilai BerAKHLAK tidak dikenal."))
    text = clean_text(text, _("Ekspektasi khusus"), required=False)
    with acting_as(by):
        if not text:
            SpecificExpectation.objects.filter(skp=skp, value=value).delete()
        else:
            SpecificExpectation.objects.update_or_create(
                skp=skp, value=value, defaults={"text": text}
            )


# --- workflow -----------------------------------------------------------------------


def submission_problems(skp: Skp) -> list[str]:
    """Return what keeps the SKP from being submitted, empty when complete."""
    problems = []
    rhks = list(skp.rhks.prefetch_related("indicators"))
    if not any(r.kind == Rhk.Kind.UTAMA for r in rhks):
        problems.append(_("Tambahkan paling sedikit satu RHK utama."))
    for rhk in rhks:
        if not rhk.indicators.all():
            problems.append(
                _("RHK “%(rhk)s” belum memiliki indikator.") % {"rhk": rhk.text[:60]}
            )
        if skp.evaluator_id and rhk.parent_id is None:
            problems.append(
                _("RHK “%(rhk)s” belum mengintervensi RHK atasan.")
                % {"rhk": rhk.text[:60]}
            )
    return problems


@transaction.atomic
def skp_submit(*, skp: Skp, by, comment: str = "") -> Skp:
    """Submit the SKP to the evaluator."""
    _require_editable(by, _locked(skp))
    problems = submission_problems(skp)
    if problems:
        raise ApplicationError(
            "skp_incomplete",
            _("SKP belum lengkap."),
            details=[{"field": None, "message": p} for p in problems],
        )
    if not skp.evaluator_id:
        raise ApplicationError(
            "no_evaluator",
            _("Pejabat penilai kinerja belum ditentukan; hubungi admin kepegawaian."),
        )
    for rhk in skp.rhks.select_related("parent__skp__performance_year"):
        check_cascade(skp=skp, parent=rhk.parent)
    return _transition(skp, Status.SUBMITTED, Action.SUBMIT, by, comment)


@transaction.atomic
def skp_return(*, skp: Skp, by, comment: str) -> Skp:
    """Return the SKP to the employee with a comment."""
    _locked(skp)
    require_evaluator(by, skp)
    _require_status(skp, Status.SUBMITTED)
    comment = clean_text(comment, _("Catatan"))
    return _transition(skp, Status.RETURNED, Action.RETURN, by, comment)


@transaction.atomic
def skp_approve(*, skp: Skp, by, comment: str = "") -> Skp:
    """Approve (tetapkan) the SKP."""
    _locked(skp)
    require_evaluator(by, skp)
    _require_status(skp, Status.SUBMITTED)
    skp.approved_at = timezone.now()
    return _transition(skp, Status.APPROVED, Action.APPROVE, by, comment)


@transaction.atomic
def skp_revise(*, skp: Skp, by, comment: str) -> Skp:
    """Reopen an approved SKP for revision (by the evaluator, with a reason)."""
    _locked(skp)
    require_evaluator(by, skp)
    _require_status(skp, Status.APPROVED)
    comment = clean_text(comment, _("Catatan"))
    return _transition(skp, Status.RETURNED, Action.REVISE, by, comment)


def _require_status(skp: Skp, *allowed: str) -> None:
    if skp.status not in allowed:
        raise ApplicationError(
            "skp_wrong_status",
            _("Langkah ini tidak berlaku untuk SKP berstatus %(status)s.")
            % {"status": skp.get_status_display()},
            status=409,
        )


def _transition(skp: Skp, status: str, action: str, by, comment: str) -> Skp:
    before = skp.status
    skp.status = status
    if status == Status.SUBMITTED:
        skp.submitted_at = timezone.now()
    with acting_as(by):
        skp.save()
        _step(skp, action, by, before, comment)
    return skp
