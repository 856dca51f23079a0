"""Writes of the talent area: reviews, placements, succession, decisions, remedial.

The machine proposes, a person decides (UU 27/2022 Pasal 10): a review run
computes placements, which take effect only once HR confirms each one (with
an override and its reason where HR disagrees); remedial plans are proposed
and the supervisor confirms them.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.accounts.roles import has_perm
from jenjang.core.audit import acting_as
from jenjang.core.exceptions import ApplicationError, PermissionDenied
from jenjang.core.scoping import people_scope_q, scope_contains, scope_for
from jenjang.people.models import Agency, Employee, OrgUnit, Position, Rank
from jenjang.talent import rules
from jenjang.talent import selectors as sel
from jenjang.talent.models import (
    DisciplinaryRecord,
    KeyPosition,
    Placement,
    PotentialInput,
    PromotionDecision,
    PromotionRule,
    RemedialActivity,
    RemedialPlan,
    SuccessionCandidate,
    SuccessionPlan,
    TalentConfig,
    TalentReview,
)

MAX_REMEDIAL_ACTIVITIES = 3


def _require_manage(by, employee: Employee | None = None) -> None:
    if not has_perm(by, sel.MANAGE):
        raise PermissionDenied()
    if employee is not None and not scope_contains(
        scope_for(by, perm=sel.MANAGE), employee
    ):
        raise PermissionDenied()


def _require_agency(by, agency: Agency) -> None:
    _require_manage(by)
    if not sel.agencies_for(by).filter(pk=agency.pk).exists():
        raise PermissionDenied()


def _reaches_whole(by, agency: Agency, org_unit: OrgUnit | None) -> bool:
    """Tell whether HR's reach covers all of an agency (or of one unit subtree)."""
    scope = scope_for(by, perm=sel.MANAGE)
    if scope.everything or agency.pk in scope.agency_ids:
        return True
    return org_unit is not None and any(
        org_unit.path.startswith(p) for p in scope.unit_paths
    )


def _require_whole_review(by, review: TalentReview) -> None:
    _require_agency(by, review.agency)
    if not _reaches_whole(by, review.agency, review.org_unit):
        raise PermissionDenied(
            _("Pemetaan ini mencakup pegawai di luar jangkauan Anda.")
        )


def _score(value, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        number = Decimal(-1)
    if not (0 <= number <= 100) or not number.is_finite():
        raise ApplicationError(
            "invalid_score",
            _("Nilai harus di antara 0 dan 100."),
            details=[{"field": field, "message": _("Di luar 0–100.")}],
        )
    return number


def _text(value: str, field: str, *, required: bool, max_length: int = 2000) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ApplicationError(
            "required",
            _("Kolom %(field)s wajib diisi.") % {"field": field},
            details=[{"field": field, "message": _("Wajib diisi.")}],
        )
    if len(value) > max_length:
        raise ApplicationError(
            "too_long",
            _("Kolom %(field)s terlalu panjang.") % {"field": field},
            details=[{"field": field, "message": _("Terlalu panjang.")}],
        )
    return value


# --- configuration --------------------------------------------------------------


def config_update(*, agency: Agency, by, **values) -> TalentConfig:
    """Change the agency's potential weights and cut-offs."""
    _require_agency(by, agency)
    fields = (
        "weight_competency",
        "weight_track_record",
        "weight_qualification",
        "weight_integrity",
        "cutoff_middle",
        "cutoff_high",
    )
    config = sel.config_for(agency)
    for name in fields:
        if name in values and values[name] is not None:
            setattr(config, name, _score(values[name], name))
    if config.cutoff_high <= config.cutoff_middle:
        raise ApplicationError(
            "cutoffs_unordered",
            _("Batas tinggi harus lebih besar dari batas menengah."),
            details=[{"field": "cutoff_high", "message": _("Terlalu kecil.")}],
        )
    weights = sel.weights_of(config)
    if (
        sum(
            (
                weights.competency,
                weights.track_record,
                weights.qualification,
                weights.integrity,
            )
        )
        <= 0
    ):
        raise ApplicationError("no_weights", _("Paling sedikit satu bobot harus > 0."))
    with acting_as(by):
        config.save()
    return config


def promotion_rule_update(*, agency: Agency, by, **values) -> PromotionRule:
    """Change the agency's promotion settings (progress rule and KP periods)."""
    _require_agency(by, agency)
    rule = sel.promotion_rule_for(agency)
    months = values.pop("kp_months", None)
    if months is not None:
        try:
            cleaned = sorted({int(m) for m in months})
        except (TypeError, ValueError):
            cleaned = []
        if not cleaned or any(m < 1 or m > 12 for m in cleaned):
            raise ApplicationError(
                "invalid_months",
                _("Bulan periode kenaikan pangkat harus 1–12."),
                details=[{"field": "kp_months", "message": _("Bulan tidak sah.")}],
            )
        rule.kp_months = cleaned
    for name, value in values.items():
        if value is not None and hasattr(rule, name):
            setattr(rule, name, value)
    if rule.progress_window_years < 1 or rule.min_years_in_grade < 1:
        raise ApplicationError("invalid_rule", _("Jangka waktu minimal 1 tahun."))
    with acting_as(by):
        rule.full_clean(exclude=["agency"])
        rule.save()
    return rule


# --- inputs -----------------------------------------------------------------------


def potential_input_record(
    *,
    employee: Employee,
    by,
    recorded_on: dt.date,
    track_record_score,
    qualification_score,
    integrity_score,
    assessment_score=None,
    note: str = "",
) -> PotentialInput:
    """Record the potential inputs of one employee at a date (one row per day)."""
    _require_manage(by, employee)
    values = {
        "assessment_score": _score(assessment_score, "assessment_score"),
        "track_record_score": _score(track_record_score, "track_record_score"),
        "qualification_score": _score(qualification_score, "qualification_score"),
        "integrity_score": _score(integrity_score, "integrity_score"),
        "note": _text(note, "note", required=False, max_length=300),
        "recorded_by": by,
    }
    for name in ("track_record_score", "qualification_score", "integrity_score"):
        if values[name] is None:
            raise ApplicationError(
                "required",
                _("Nilai rekam jejak, kualifikasi dan integritas wajib diisi."),
                details=[{"field": name, "message": _("Wajib diisi.")}],
            )
    with acting_as(by), transaction.atomic():
        row, _created = PotentialInput.objects.update_or_create(
            employee=employee, recorded_on=recorded_on, defaults=values
        )
    return row


def discipline_record(
    *,
    employee: Employee,
    by,
    severity: str,
    decided_on: dt.date,
    ends_on: dt.date | None = None,
    note: str = "",
) -> DisciplinaryRecord:
    _require_manage(by, employee)
    if severity not in DisciplinaryRecord.Severity.values:
        raise ApplicationError("invalid_severity", _("Tingkat hukuman tidak dikenal."))
    if ends_on and ends_on < decided_on:
        raise ApplicationError(
            "dates_reversed", _("Tanggal berakhir sebelum tanggal keputusan.")
        )
    with acting_as(by):
        return DisciplinaryRecord.objects.create(
            employee=employee,
            severity=severity,
            decided_on=decided_on,
            ends_on=ends_on,
            note=_text(note, "note", required=False, max_length=300),
        )


# --- reviews ---------------------------------------------------------------------


def review_create(
    *, agency: Agency, by, name: str, year: int, org_unit: OrgUnit | None = None
) -> TalentReview:
    """Open a talent review of an agency (or a unit subtree) for a year."""
    _require_agency(by, agency)
    name = _text(name, "name", required=True, max_length=150)
    if not 2000 <= int(year) <= timezone.localdate().year + 1:
        raise ApplicationError(
            "invalid_year",
            _("Tahun tidak sah."),
            details=[{"field": "year", "message": _("Tahun tidak sah.")}],
        )
    if org_unit is not None and org_unit.agency_id != agency.pk:
        raise ApplicationError("invalid_unit", _("Unit kerja bukan milik instansi."))
    if org_unit is None and not _reaches_whole(by, agency, None):
        # HR of a unit maps their unit: a review of the whole agency would
        # mix in people they can neither see nor confirm.
        org_unit = _own_review_unit(by, agency)
    if not _reaches_whole(by, agency, org_unit):
        raise ApplicationError(
            "invalid_unit",
            _("Pilih unit kerja dalam jangkauan Anda."),
            details=[{"field": "org_unit", "message": _("Di luar jangkauan.")}],
        )
    with acting_as(by), transaction.atomic():
        if TalentReview.objects.filter(agency=agency, name=name).exists():
            raise ApplicationError(
                "review_exists",
                _("Pemetaan dengan nama ini sudah ada."),
                details=[{"field": "name", "message": _("Sudah dipakai.")}],
                status=409,
            )
        try:
            with transaction.atomic():
                return TalentReview.objects.create(
                    agency=agency,
                    org_unit=org_unit,
                    name=name,
                    year=year,
                    created_by=by,
                )
        except IntegrityError:
            raise ApplicationError(
                "review_exists", _("Pemetaan dengan nama ini sudah ada."), status=409
            ) from None


def _own_review_unit(by, agency: Agency) -> OrgUnit | None:
    paths = scope_for(by, perm=sel.MANAGE).unit_paths
    units = list(OrgUnit.objects.filter(agency=agency, path__in=paths)[:2])
    return units[0] if len(units) == 1 else None


def _review_employees(review: TalentReview, by):
    qs = Employee.objects.filter(agency=review.agency, is_active=True).filter(
        people_scope_q(scope_for(by, perm=sel.MANAGE))
    )
    if review.org_unit_id:
        qs = qs.filter(org_unit__path__startswith=review.org_unit.path)
    return qs


def review_run(*, review: TalentReview, by, today: dt.date | None = None) -> dict:
    """Compute the placements of a review; propose remedial plans.

    Confirmed placements are kept as they are (a person decided them);
    unconfirmed ones are recomputed. People without any predikat in the
    last two years are not placed (PermenPANRB 3/2020, §2.2: the
    performance axis needs the appraisal). A predikat below Baik in the
    review's year proposes a remedial plan (PP 30/2019 Pasal 57, §1.7).
    """
    _require_agency(by, review.agency)
    if review.status != TalentReview.Status.OPEN:
        raise ApplicationError(
            "review_closed", _("Pemetaan sudah ditutup."), status=409
        )
    today = today or timezone.localdate()
    employees = _review_employees(review, by)
    config = sel.config_for(review.agency)
    potential = sel.potential_facts(employees, config=config, today=today)
    ids = list(potential)
    predikat = sel.predikat_by_employee(ids, [review.year - 1, review.year])
    confirmed = set(
        Placement.objects.filter(review=review, confirmed_at__isnull=False).values_list(
            "employee_id", flat=True
        )
    )
    now = timezone.now()
    fresh, skipped = [], 0
    for pk in ids:
        years = predikat.get(pk, {})
        performance = rules.performance_level(years, review.year)
        if performance is None:
            skipped += 1
            continue
        if pk in confirmed:
            continue
        facts = potential[pk]
        fresh.append(
            Placement(
                review=review,
                employee_id=pk,
                inputs={
                    "potential": facts.components,
                    "predikat": {str(y): p for y, p in sorted(years.items())},
                },
                potential_score=facts.score,
                potential_level=facts.level,
                performance_level=performance,
                computed_box=rules.nine_box(performance, facts.level),
                computed_at=now,
            )
        )
    with acting_as(by), transaction.atomic():
        # Upsert, then drop the unconfirmed rows this run did not touch: no
        # per-row deletes (the audit log's signals) for a large agency.
        Placement.objects.bulk_create(
            fresh,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["review", "employee"],
            update_fields=[
                "inputs",
                "potential_score",
                "potential_level",
                "performance_level",
                "computed_box",
                "computed_at",
            ],
        )
        Placement.objects.filter(
            review=review,
            confirmed_at__isnull=True,
            computed_at__lt=now,
            employee__in=employees,
        ).delete()
        proposed = 0
        poor = {
            pk: latest
            for pk in ids
            if rules.needs_remedial(
                predikat=(latest := predikat.get(pk, {}).get(review.year)), box=None
            )
        }
        in_performance = sel.performance_plan_holders(poor, review.year)
        for pk, latest in poor.items():
            if pk in in_performance:
                continue
            _plan, created = remedial_propose(
                employee_id=pk,
                year=review.year,
                trigger=RemedialPlan.Trigger.PREDIKAT,
                predikat=latest,
                today=today,
                performance_checked=True,
            )
            proposed += int(created)
        improved = remedial_follow_up(employee_ids=ids, year=review.year)
        result = {
            "placed": len(fresh) + len(confirmed),
            "computed": len(fresh),
            "kept": len(confirmed),
            "not_placed": skipped,
            "remedial_proposed": proposed,
            "remedial_in_performance": len(in_performance),
            "remedial_closed": improved,
        }
        review.run_at = now
        review.last_run = result
        review.save(update_fields=["run_at", "last_run"])
    return result


def review_close(*, review: TalentReview, by) -> TalentReview:
    """Close a review: its placements become read-only and the record to compare with.

    Later reviews of the agency compare their boxes with the confirmed
    placements of the latest closed review (the transition table). A
    placement still unconfirmed at closing keeps no effect (UU 27/2022
    Pasal 10). A review that never ran cannot be closed; only HR reaching
    everyone in it closes it.
    """
    _require_whole_review(by, review)
    with acting_as(by), transaction.atomic():
        locked = TalentReview.objects.select_for_update().get(pk=review.pk)
        if locked.status != TalentReview.Status.OPEN:
            raise ApplicationError(
                "review_closed", _("Pemetaan sudah ditutup."), status=409
            )
        if locked.run_at is None:
            raise ApplicationError(
                "review_not_run",
                _("Jalankan perhitungan sebelum menutup pemetaan."),
                status=409,
            )
        locked.status = TalentReview.Status.CLOSED
        locked.closed_at = timezone.now()
        locked.closed_by = by
        locked.save(update_fields=["status", "closed_at", "closed_by"])
    return locked


def placement_confirm(
    *,
    placement: Placement,
    by,
    override_box: int | None = None,
    reason: str = "",
    today: dt.date | None = None,
) -> Placement:
    """Confirm a placement, optionally moving it to another box with a reason.

    UU 27/2022 Pasal 10 (domain file §10): the computed box has no effect
    until a person confirms it; an override needs its reason. Nobody
    confirms their own placement. A confirmed box 1, 2, 3 or 6 proposes a
    remedial plan (PermenPANRB 3/2020, §2.3).
    """
    _require_manage(by, placement.employee)
    if placement.employee.user_id and placement.employee.user_id == by.pk:
        raise PermissionDenied(
            _("Anda tidak dapat mengonfirmasi penempatan Anda sendiri.")
        )
    if placement.review.status != TalentReview.Status.OPEN:
        raise ApplicationError(
            "review_closed", _("Pemetaan sudah ditutup."), status=409
        )
    reason = _text(reason, "reason", required=False)
    if override_box in ("", 0):
        override_box = None
    if override_box is not None:
        try:
            override_box = int(override_box)
        except (TypeError, ValueError):
            override_box = -1
        if not 1 <= override_box <= 9:
            raise ApplicationError(
                "invalid_box",
                _("Kotak harus 1 sampai 9."),
                details=[{"field": "override_box", "message": _("Kotak tidak sah.")}],
            )
        if override_box == placement.computed_box:
            override_box = None
    if override_box is not None and not reason:
        raise ApplicationError(
            "reason_required",
            _("Alasan wajib diisi bila kotak dikoreksi."),
            details=[{"field": "reason", "message": _("Wajib diisi.")}],
        )
    with acting_as(by), transaction.atomic():
        locked = Placement.objects.select_for_update().get(pk=placement.pk)
        locked.override_box = override_box
        locked.override_reason = reason if override_box is not None else ""
        locked.confirmed_by = by
        locked.confirmed_at = timezone.now()
        locked.save(
            update_fields=[
                "override_box",
                "override_reason",
                "confirmed_by",
                "confirmed_at",
            ]
        )
        if rules.needs_remedial(predikat=None, box=locked.box):
            remedial_propose(
                employee_id=locked.employee_id,
                year=placement.review.year,
                trigger=RemedialPlan.Trigger.BOX,
                predikat=(locked.inputs.get("predikat") or {}).get(
                    str(placement.review.year), ""
                ),
                placement=locked,
                today=today,
            )
    return locked


# --- succession --------------------------------------------------------------------


def key_position_add(
    *, position: Position, by, min_rank: Rank | None = None, note: str = ""
) -> KeyPosition:
    _require_agency(by, position.agency)
    with acting_as(by), transaction.atomic():
        if KeyPosition.objects.filter(position=position).exists():
            raise ApplicationError(
                "key_position_exists",
                _("Jabatan ini sudah menjadi jabatan target."),
                status=409,
            )
        return KeyPosition.objects.create(
            position=position,
            min_rank=min_rank,
            note=_text(note, "note", required=False, max_length=300),
        )


def succession_plan_build(
    *, key_position: KeyPosition, by, today: dt.date | None = None
) -> SuccessionPlan:
    """Save the current ranking of eligible candidates as a succession plan (KRS)."""
    _require_agency(by, key_position.position.agency)
    candidates = [
        c
        for c in sel.succession_candidates(
            user=by, key_position=key_position, today=today
        )
        if c.readiness.eligible
    ]
    with acting_as(by), transaction.atomic():
        plan = SuccessionPlan.objects.create(key_position=key_position, created_by=by)
        SuccessionCandidate.objects.bulk_create(
            SuccessionCandidate(
                plan=plan,
                employee=c.employee,
                rank_order=i,
                readiness=c.readiness.score,
                box=c.placement.box,
                reasons=[str(r) for r in c.readiness.reasons],
            )
            for i, c in enumerate(candidates, start=1)
        )
    return plan


def candidate_actions_set(
    *, candidate: SuccessionCandidate, by, actions: str
) -> SuccessionCandidate:
    _require_manage(by, candidate.employee)
    with acting_as(by):
        candidate.development_actions = _text(actions, "actions", required=False)
        candidate.save(update_fields=["development_actions"])
    return candidate


# --- promotion decisions ------------------------------------------------------------


def promotion_decision_record(
    *,
    employee: Employee,
    by,
    kind: str,
    decision: str,
    reason: str,
    evidence: dict | None = None,
) -> PromotionDecision:
    """Record HR's decision on a candidate; earlier decisions stay in the history."""
    _require_manage(by, employee)
    if kind not in PromotionDecision.Kind.values:
        raise ApplicationError("invalid_kind", _("Jenis pertimbangan tidak dikenal."))
    if decision not in PromotionDecision.Decision.values:
        raise ApplicationError("invalid_decision", _("Keputusan tidak dikenal."))
    reason = _text(reason, "reason", required=True)
    with acting_as(by):
        return PromotionDecision.objects.create(
            employee=employee,
            kind=kind,
            decision=decision,
            reason=reason,
            evidence=evidence or {},
            decided_by=by,
        )


# --- remedial ---------------------------------------------------------------------------


def remedial_propose(
    *,
    employee_id: int,
    year: int,
    trigger: str,
    predikat: str = "",
    placement: Placement | None = None,
    today: dt.date | None = None,
    performance_checked: bool = False,
) -> tuple[RemedialPlan | None, bool]:
    """Propose a remedial plan once per employee and triggering evaluation.

    PP 30/2019 Pasal 57 (§1.7): about six months to improve. Activities aim
    at the weakest gaps (the development area's recommendations). When the
    performance area already keeps an improvement plan for that evaluation
    (or one is running), that plan is the one: nothing is proposed and
    (None, False) comes back (docs/talent.md, "one plan per evaluation").
    """
    existing = RemedialPlan.objects.filter(
        employee_id=employee_id, evaluation_year=year
    ).first()
    if existing is not None:
        return existing, False
    if not performance_checked and sel.performance_plan_holders([employee_id], year):
        return None, False
    today = today or timezone.localdate()
    employee = Employee.objects.select_related("position").get(pk=employee_id)
    try:
        with transaction.atomic():
            plan = RemedialPlan.objects.create(
                employee=employee,
                evaluation_year=year,
                trigger=trigger,
                trigger_predikat=predikat or "",
                placement=placement,
                review_on=rules.remedial_review_date(today),
            )
    except IntegrityError:  # a concurrent proposal won
        return RemedialPlan.objects.get(
            employee_id=employee_id, evaluation_year=year
        ), False
    RemedialActivity.objects.bulk_create(_remedial_activities(plan, employee))
    return plan, True


def _remedial_activities(plan: RemedialPlan, employee: Employee) -> list:
    from jenjang.development.recommendations import recommend_for

    found, seen = [], set()
    for rec in recommend_for(employee):
        key = rec.competency.pk if rec.competency else rec.title
        if rec.form is None or key in seen:
            continue
        seen.add(key)
        found.append(
            RemedialActivity(
                plan=plan,
                competency=rec.competency,
                target_level=rec.target_level,
                form=rec.form,
                title=rec.title[:250],
                jp=rec.jp,
                reason=str(rec.reason)[:300],
            )
        )
        if len(found) == MAX_REMEDIAL_ACTIVITIES:
            break
    return found


def can_confirm_remedial(user, plan: RemedialPlan) -> bool:
    """The supervisor (atasan langsung) or HR in scope confirms; never the employee."""
    from jenjang.people.selectors import employee_supervisor

    if not getattr(user, "pk", None) or plan.employee.user_id == user.pk:
        return False
    if sel.can_manage(user, plan.employee):
        return True
    if not has_perm(user, sel.REMEDIAL):
        return False
    supervisor = employee_supervisor(employee=plan.employee)
    return supervisor is not None and supervisor.user_id == user.pk


def remedial_confirm(
    *,
    plan: RemedialPlan,
    by,
    coaching: str,
    review_on: dt.date | None = None,
    remove_activity_ids: list[int] | None = None,
) -> RemedialPlan:
    """The supervisor confirms (or edits) a proposed plan; it starts running.

    It joins the employee's development plan for the year when one exists
    (development.selectors.plan_for_year).
    """
    from jenjang.development.selectors.plans import plan_for_year

    if not can_confirm_remedial(by, plan):
        raise PermissionDenied(
            _("Hanya atasan langsung atau admin kepegawaian yang dapat mengonfirmasi.")
        )
    if plan.status != RemedialPlan.Status.OPENED:
        raise ApplicationError(
            "remedial_not_open", _("Rencana ini sudah dikonfirmasi."), status=409
        )
    coaching = _text(coaching, "coaching", required=True)
    if review_on is not None and review_on <= timezone.localdate():
        raise ApplicationError(
            "invalid_date",
            _("Tanggal tinjauan harus setelah hari ini."),
            details=[{"field": "review_on", "message": _("Tanggal tidak sah.")}],
        )
    with acting_as(by), transaction.atomic():
        if remove_activity_ids:
            plan.activities.filter(pk__in=remove_activity_ids).delete()
        plan.coaching = coaching
        if review_on:
            plan.review_on = review_on
        plan.status = RemedialPlan.Status.IN_PROGRESS
        plan.confirmed_by = by
        plan.confirmed_at = timezone.now()
        plan.development_plan = plan_for_year(
            employee=plan.employee, year=plan.confirmed_at.year
        )
        plan.save()
    return plan


def remedial_follow_up(*, employee_ids: list[int], year: int) -> int:
    """Close running plans whose next evaluation is known: improved or not.

    A plan opened on year Y's evaluation is judged by year Y+1's predikat:
    at least Baik is improved (PP 30/2019 Pasal 57–58, §1.7).
    """
    running = list(
        RemedialPlan.objects.filter(
            employee_id__in=employee_ids,
            status=RemedialPlan.Status.IN_PROGRESS,
            evaluation_year__lt=year + 1,
        )
    )
    if not running:
        return 0
    years = {p.evaluation_year + 1 for p in running}
    predikat = sel.predikat_for([p.employee_id for p in running], years)
    closed = 0
    now = timezone.now()
    for plan in running:
        outcome = predikat.get((plan.employee_id, plan.evaluation_year + 1))
        if not outcome:
            continue
        plan.outcome_predikat = outcome
        plan.status = (
            RemedialPlan.Status.IMPROVED
            if rules.predikat_at_least(outcome, "baik")
            else RemedialPlan.Status.NOT_IMPROVED
        )
        plan.closed_at = now
        plan.save(update_fields=["outcome_predikat", "status", "closed_at"])
        closed += 1
    return closed


def can_add_to_idp(user, plan: RemedialPlan) -> bool:
    """The employee (into their own IDP) or whoever confirms the plan (supervisor, HR)."""
    own = bool(
        plan.employee.user_id and plan.employee.user_id == getattr(user, "pk", None)
    )
    return own or can_confirm_remedial(user, plan)


def remedial_add_to_plan(
    *, plan: RemedialPlan, by, today: dt.date | None = None
) -> int:
    """Add the running plan's activities to the employee's IDP of the year.

    The employee adds them to their own IDP while it is a draft or returned
    (development.services.plans.plan_add_recommendation); the supervisor or
    HR adds them as assigned activities in any status, recorded in the IDP's
    history with the reason (plan_add_assigned_activity). Returns how many
    activities were added; each is added once.
    """
    from jenjang.development.selectors.plans import plan_for_year
    from jenjang.development.services.plans import (
        plan_add_assigned_activity,
        plan_add_recommendation,
    )

    own = bool(
        plan.employee.user_id and plan.employee.user_id == getattr(by, "pk", None)
    )
    if not can_add_to_idp(by, plan):
        raise PermissionDenied(
            _(
                "Hanya pegawai yang bersangkutan, atasan langsung atau admin "
                "kepegawaian yang dapat menambahkannya."
            )
        )
    if plan.status != RemedialPlan.Status.IN_PROGRESS:
        raise ApplicationError(
            "remedial_not_running",
            _("Rencana perbaikan belum dikonfirmasi atasan."),
            status=409,
        )
    today = today or timezone.localdate()
    idp = plan_for_year(employee=plan.employee, year=today.year)
    if idp is None:
        message = (
            _("Susun dulu rencana pengembangan (IDP) tahun %(year)s.")
            if own
            else _("Pegawai belum menyusun rencana pengembangan (IDP) tahun %(year)s.")
        )
        raise ApplicationError("no_idp", message % {"year": today.year}, status=409)
    reason = _("Rencana perbaikan kinerja (evaluasi %(year)s)") % {
        "year": plan.evaluation_year
    }
    added = 0
    with acting_as(by), transaction.atomic():
        locked = RemedialPlan.objects.select_for_update().get(pk=plan.pk)
        pending = locked.activities.filter(
            added_to_plan=False, competency__isnull=False
        ).select_related("competency", "form")
        for activity in pending:
            values = {
                "plan": idp,
                "by": by,
                "competency": activity.competency,
                "form": activity.form,
                "title": activity.title,
                "target_level": activity.target_level or 1,
                "planned_jp": activity.jp,
                "today": today,
            }
            if own:
                plan_add_recommendation(**values)
            else:
                plan_add_assigned_activity(**values, reason=reason)
            activity.added_to_plan = True
            activity.save(update_fields=["added_to_plan"])
            added += 1
        if locked.development_plan_id != idp.pk:
            locked.development_plan = idp
            locked.save(update_fields=["development_plan"])
    return added
