"""Writes during and at the end of the year: realisation, feedback, evaluation.

PermenPANRB 6/2022 Pasal 5 (pendokumentasian, umpan balik berkelanjutan,
evaluasi periodik dan tahunan) and SE MenPANRB 3/2023 (predikat organisasi,
distribution, predikat pegawai).
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.accounts.roles import has_perm
from jenjang.core.audit import acting_as
from jenjang.core.exceptions import ApplicationError, PermissionDenied
from jenjang.core.scoping import scope_for, unit_scope_q
from jenjang.people.models import OrgUnit, Position
from jenjang.people.selectors import employee_supervisor
from jenjang.performance.models import (
    CreditAward,
    Evaluation,
    Feedback,
    FeedbackAction,
    Indicator,
    Objection,
    OrgPerformance,
    OrgPredikat,
    Period,
    Rating,
    Realisation,
    Skp,
)
from jenjang.performance.permissions import MANAGE
from jenjang.performance.services.coaching import (
    coaching_link_save,
    coaching_session_check,
)
from jenjang.performance.services.common import (
    clean_text,
    is_evaluator,
    is_owner,
    manages,
    require_choice,
    require_evaluator,
    require_owner,
    user_employee,
)
from jenjang.performance.services.rules import (
    credit_amount,
    head_of_unit_rating,
    predikat_for,
)

EStatus = Evaluation.Status
MAX_EVIDENCE_BYTES = 5 * 1024 * 1024


def _period_of(skp: Skp, period: Period) -> None:
    if period.performance_year_id != skp.performance_year_id:
        raise ApplicationError(
            "wrong_period", _("Periode bukan milik tahun kinerja SKP ini.")
        )


def _require_approved(skp: Skp) -> None:
    if skp.status != Skp.Status.APPROVED:
        raise ApplicationError(
            "skp_not_approved",
            _("SKP harus disetujui lebih dahulu."),
            status=409,
        )


# --- realisation ------------------------------------------------------------------


@transaction.atomic
def realisation_record(
    *,
    indicator: Indicator,
    period: Period,
    value: str,
    notes: str = "",
    evidence_url: str = "",
    evidence_file=None,
    by,
) -> Realisation:
    """Record (or correct) the realisation of an indicator in a period."""
    skp = indicator.rhk.skp
    require_owner(by, skp)
    _require_approved(skp)
    _period_of(skp, period)
    if (
        Evaluation.objects.filter(skp=skp, period=period)
        .exclude(status=EStatus.DRAFT)
        .exists()
    ):
        raise ApplicationError(
            "period_evaluated",
            _("Periode ini sudah dinilai; realisasi tidak dapat diubah."),
            status=409,
        )
    value = clean_text(value, _("Realisasi"), max_length=200)
    notes = clean_text(notes, _("Catatan"), required=False)
    evidence_url = clean_text(
        evidence_url, _("Tautan bukti"), required=False, max_length=200
    )
    if evidence_url and not evidence_url.startswith(("http://", "https://")):
        raise ApplicationError(
            "invalid_url", _("Tautan bukti harus diawali http:// atau https://.")
        )
    if evidence_file is not None and evidence_file.size > MAX_EVIDENCE_BYTES:
        raise ApplicationError("file_too_large", _("Berkas bukti paling besar 5 MB."))
    with acting_as(by):
        row, _created = Realisation.objects.update_or_create(
            indicator=indicator,
            period=period,
            defaults={
                "value": value,
                "notes": notes,
                "evidence_url": evidence_url,
                "recorded_at": timezone.now(),
            },
        )
        if evidence_file is not None:
            row.evidence_file.save(evidence_file.name, evidence_file, save=True)
    return row


# --- feedback -----------------------------------------------------------------------


@transaction.atomic
def feedback_create(
    *,
    skp: Skp,
    improvements: str,
    strengths: str = "",
    next_steps: str = "",
    kind: str = Feedback.Kind.FEEDBACK,
    date: dt.date | None = None,
    period: Period | None = None,
    actions: list[dict] | None = None,
    coaching_session_id: int | None = None,
    by,
) -> Feedback:
    """Record umpan balik or a dialog kinerja; either side may start one.

    Constructive by structure: what went well, what to improve, next steps,
    and agreed actions with due dates. The evaluator may record it as the
    follow-up of a coaching session (`coaching_session_id`), which is then
    tied to the entry.
    """
    if not (is_owner(by, skp) or is_evaluator(by, skp)):
        raise PermissionDenied()
    require_choice(kind, Feedback.Kind, _("jenis"))
    if period is not None:
        _period_of(skp, period)
    date = date or timezone.localdate()
    if date > timezone.localdate():
        raise ApplicationError("future_date", _("Tanggal tidak boleh di masa depan."))
    session = None
    if coaching_session_id is not None:
        session = coaching_session_check(
            skp=skp, session_id=coaching_session_id, period=period, by=by
        )
    feedback = Feedback(
        skp=skp,
        period=period,
        kind=kind,
        date=date,
        started_by=user_employee(by),
        strengths=clean_text(strengths, _("Yang sudah baik"), required=False),
        improvements=clean_text(improvements, _("Yang perlu ditingkatkan")),
        next_steps=clean_text(next_steps, _("Langkah berikutnya"), required=False),
    )
    rows = []
    for item in actions or []:
        text = clean_text(
            item.get("text"), _("Tindakan"), required=False, max_length=300
        )
        if text:
            rows.append(FeedbackAction(text=text, due_date=item.get("due_date")))
    with acting_as(by), transaction.atomic():
        feedback.save()
        feedback.participants.set(
            [p for p in (skp.employee_id, skp.evaluator_id) if p is not None]
        )
        for row in rows:
            row.feedback = feedback
        FeedbackAction.objects.bulk_create(rows)
        if session is not None:
            coaching_link_save(feedback=feedback, session=session, by=by)
    return feedback


# --- organisation predikat --------------------------------------------------------


@transaction.atomic
def org_predikat_set(
    *, org_unit: OrgUnit, period: Period, predikat: str, note: str = "", by
) -> OrgPerformance:
    """Set the predikat kinerja organisasi of a unit (SE MenPANRB 3/2023 step 1)."""
    if (
        not has_perm(by, MANAGE)
        or not OrgUnit.objects.filter(
            unit_scope_q(scope_for(by, perm=MANAGE)), pk=org_unit.pk
        ).exists()
    ):
        raise PermissionDenied()
    require_choice(predikat, OrgPredikat, _("predikat organisasi"))
    if period.performance_year.agency_id != org_unit.agency_id:
        raise ApplicationError(
            "wrong_period", _("Periode bukan milik instansi unit ini.")
        )
    with acting_as(by):
        row, _created = OrgPerformance.objects.update_or_create(
            org_unit=org_unit,
            period=period,
            defaults={
                "predikat": predikat,
                "note": clean_text(note, _("Dasar penetapan"), required=False),
                "set_by": by,
                "set_at": timezone.now(),
            },
        )
    return row


def heads_unit(*, position: Position, org_unit_id: int) -> bool:
    """Tell whether a position heads its unit: managerial, reporting outside it."""
    if position.kind not in Position.MANAGERIAL:
        return False
    boss = position.reports_to
    return boss is None or boss.org_unit_id != org_unit_id


# --- evaluation ---------------------------------------------------------------------


@transaction.atomic
def evaluation_save(
    *,
    skp: Skp,
    period: Period,
    rating_hasil: str,
    rating_perilaku: str,
    justification_hasil: str,
    justification_perilaku: str,
    by,
) -> Evaluation:
    """Rate hasil kerja and perilaku kerja; the predikat follows from the matrix.

    SE MenPANRB 3/2023: when the employee heads the unit, the rating hasil
    kerja is the unit's predikat kinerja organisasi (`head_of_unit_rating`).
    """
    skp = (
        Skp.objects.select_for_update(of=("self",))
        .select_related(
            "employee", "evaluator", "position__reports_to", "performance_year"
        )
        .get(pk=skp.pk)
    )
    require_evaluator(by, skp)
    _require_approved(skp)
    _period_of(skp, period)
    require_choice(rating_hasil, Rating, _("rating hasil kerja"))
    require_choice(rating_perilaku, Rating, _("rating perilaku kerja"))
    head = heads_unit(position=skp.position, org_unit_id=skp.org_unit_id)
    if head:
        org = OrgPerformance.objects.filter(
            org_unit_id=skp.org_unit_id, period=period
        ).first()
        if org is None:
            raise ApplicationError(
                "org_predikat_missing",
                _(
                    "Pegawai ini kepala unit: tetapkan dahulu predikat kinerja "
                    "organisasi unitnya untuk periode ini."
                ),
            )
        rating_hasil = head_of_unit_rating(org.predikat)
    evaluation = Evaluation.objects.filter(skp=skp, period=period).first()
    if evaluation and evaluation.status != EStatus.DRAFT:
        raise ApplicationError(
            "evaluation_issued",
            _("Penilaian sudah disampaikan dan tidak dapat diubah."),
            status=409,
        )
    predikat = predikat_for(rating_hasil, rating_perilaku, on=period.end)
    evaluation = evaluation or Evaluation(
        skp=skp,
        period=period,
        employee_id=skp.employee_id,
        year=skp.performance_year.year,
        is_annual=period.is_annual,
    )
    evaluation.evaluator_id = skp.evaluator_id
    evaluation.rating_hasil = rating_hasil
    evaluation.rating_perilaku = rating_perilaku
    evaluation.justification_hasil = clean_text(
        justification_hasil, _("Alasan rating hasil kerja")
    )
    evaluation.justification_perilaku = clean_text(
        justification_perilaku, _("Alasan rating perilaku kerja")
    )
    evaluation.heads_unit = head
    evaluation.predikat = predikat
    evaluation.final_predikat = predikat
    with acting_as(by):
        evaluation.save()
    return evaluation


@transaction.atomic
def evaluation_issue(*, evaluation: Evaluation, by) -> Evaluation:
    """Send the result to the employee; the objection window starts today."""
    evaluation = _locked(evaluation)
    require_evaluator(by, evaluation.skp)
    _require_eval_status(evaluation, EStatus.DRAFT)
    window = evaluation.skp.performance_year.objection_window_days
    evaluation.status = EStatus.ISSUED
    evaluation.issued_at = timezone.now()
    evaluation.objection_deadline = timezone.localdate() + dt.timedelta(days=window)
    with acting_as(by):
        evaluation.save()
    return evaluation


@transaction.atomic
def evaluation_acknowledge(*, evaluation: Evaluation, by) -> Evaluation:
    """The employee accepts the result; it becomes final."""
    evaluation = _locked(evaluation)
    require_owner(by, evaluation.skp)
    _require_eval_status(evaluation, EStatus.ISSUED)
    evaluation.status = EStatus.ACKNOWLEDGED
    evaluation.acknowledged_at = timezone.now()
    with acting_as(by):
        evaluation.save()
        _on_final(evaluation, by)
    return evaluation


@transaction.atomic
def evaluation_object(*, evaluation: Evaluation, reason: str, by) -> Objection:
    """File a keberatan within the window; it goes to the atasan pejabat penilai.

    PermenPANRB 6/2022: the employee may object to the evaluation; the
    evaluator's own superior decides.
    """
    evaluation = _locked(evaluation)
    require_owner(by, evaluation.skp)
    _require_eval_status(evaluation, EStatus.ISSUED)
    if evaluation.objection_deadline < timezone.localdate():
        raise ApplicationError(
            "objection_window_closed",
            _("Batas waktu keberatan (%(date)s) sudah lewat.")
            % {"date": evaluation.objection_deadline.strftime("%d/%m/%Y")},
            status=409,
        )
    reason = clean_text(reason, _("Alasan keberatan"))
    evaluator = evaluation.evaluator
    reviewer = employee_supervisor(employee=evaluator) if evaluator else None
    evaluation.status = EStatus.OBJECTED
    with acting_as(by):
        evaluation.save()
        return Objection.objects.create(
            evaluation=evaluation,
            reason=reason,
            reviewer=reviewer,
            original_rating_hasil=evaluation.rating_hasil,
            original_rating_perilaku=evaluation.rating_perilaku,
            original_predikat=evaluation.predikat,
        )


def can_decide(user, objection: Objection) -> bool:
    """The atasan pejabat penilai decides; without one, HR in scope does."""
    employee = objection.evaluation.employee
    if getattr(user, "pk", None) and employee.user_id == user.pk:
        return False
    if objection.reviewer_id:
        return objection.reviewer.user_id == getattr(user, "pk", None)
    return manages(user, employee)


@transaction.atomic
def objection_decide(
    *,
    objection: Objection,
    decision: str,
    note: str,
    rating_hasil: str | None = None,
    rating_perilaku: str | None = None,
    by,
) -> Objection:
    """Confirm or change the evaluation; the original ratings stay on record."""
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if not can_decide(by, objection):
        raise PermissionDenied(
            _("Hanya atasan pejabat penilai kinerja yang memutus keberatan.")
        )
    if objection.decision != Objection.Decision.PENDING:
        raise ApplicationError(
            "objection_decided", _("Keberatan ini sudah diputus."), status=409
        )
    if decision not in (Objection.Decision.CONFIRMED, Objection.Decision.CHANGED):
        raise ApplicationError("invalid_choice", _("Keputusan tidak dikenal."))
    note = clean_text(note, _("Pertimbangan"))
    evaluation = _locked(objection.evaluation)
    if decision == Objection.Decision.CHANGED:
        require_choice(rating_hasil, Rating, _("rating hasil kerja"))
        require_choice(rating_perilaku, Rating, _("rating perilaku kerja"))
        if evaluation.heads_unit and rating_hasil != evaluation.rating_hasil:
            raise ApplicationError(
                "head_rating_fixed",
                _("Rating hasil kerja kepala unit mengikuti predikat organisasi."),
            )
        evaluation.rating_hasil = rating_hasil
        evaluation.rating_perilaku = rating_perilaku
        evaluation.final_predikat = predikat_for(
            rating_hasil, rating_perilaku, on=evaluation.period.end
        )
    objection.decision = decision
    objection.decision_note = note
    objection.decided_at = timezone.now()
    objection.decided_by = by
    evaluation.status = EStatus.DECIDED
    with acting_as(by):
        objection.save()
        evaluation.save()
        _on_final(evaluation, by)
    return objection


def _locked(evaluation: Evaluation) -> Evaluation:
    return (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related(
            "skp__employee",
            "skp__evaluator",
            "skp__performance_year",
            "skp__position",
            "period",
            "evaluator",
            "employee__position",
        )
        .get(pk=evaluation.pk)
    )


def _require_eval_status(evaluation: Evaluation, *allowed: str) -> None:
    if evaluation.status not in allowed:
        raise ApplicationError(
            "evaluation_wrong_status",
            _("Langkah ini tidak berlaku untuk penilaian berstatus %(status)s.")
            % {"status": evaluation.get_status_display()},
            status=409,
        )


# --- what follows a final result ----------------------------------------------------


def _on_final(evaluation: Evaluation, by) -> None:
    from jenjang.performance.services.improvement import improvement_plan_open

    if evaluation.is_annual:
        credit_award_for(evaluation=evaluation)
    improvement_plan_open(evaluation=evaluation, by=by)


def fungsional_months(*, position_tmt: dt.date, year: int) -> int:
    """Return the whole months of `year` served in the position (for pro-rating).

    A position taken on the first of a month counts that month; later in the
    month, from the next one (Peraturan BKN 3/2023, AK periodik per bulan).
    """
    if position_tmt.year < year:
        return 12
    if position_tmt.year > year:
        return 0
    first = position_tmt.month if position_tmt.day == 1 else position_tmt.month + 1
    return max(0, 12 - first + 1)


def credit_award_for(*, evaluation: Evaluation, months: int | None = None):
    """Record the angka kredit of an annual predikat for a jabatan fungsional."""
    position = evaluation.skp.position
    if position.kind != Position.Kind.FUNGSIONAL or not position.functional_level:
        return None
    if months is None:
        months = fungsional_months(
            position_tmt=evaluation.employee.position_tmt, year=evaluation.year
        )
    if months < 1:
        return None
    percent, coefficient, amount = credit_amount(
        evaluation.final_predikat,
        position.functional_level,
        months=months,
        on=evaluation.period.end,
    )
    award, _created = CreditAward.objects.update_or_create(
        evaluation=evaluation,
        defaults={
            "employee_id": evaluation.employee_id,
            "year": evaluation.year,
            "functional_level": position.functional_level,
            "predikat": evaluation.final_predikat,
            "percent": percent,
            "coefficient": coefficient,
            "months": months,
            "amount": amount,
        },
    )
    return award


def evaluations_finalize_expired(*, today: dt.date | None = None) -> int:
    """Close issued evaluations whose objection window passed; return how many.

    Their predikat already counts as final (selectors.final_evaluations_q);
    this writes what follows: angka kredit and improvement plans.
    """
    today = today or timezone.localdate()
    done = 0
    ids = list(
        Evaluation.objects.filter(
            status=EStatus.ISSUED, objection_deadline__lt=today
        ).values_list("pk", flat=True)
    )
    for pk in ids:
        with transaction.atomic():
            evaluation = _locked(Evaluation(pk=pk))
            if evaluation.status != EStatus.ISSUED:
                continue
            evaluation.status = EStatus.CLOSED
            evaluation.save(update_fields=["status", "updated_at"])
            _on_final(evaluation, None)
            done += 1
    return done
