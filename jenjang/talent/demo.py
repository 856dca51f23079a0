"""Demo step: talent reviews for the demo regency (order 110, after performance).

The performance axis reads the final annual predikat the performance demo
step (order 100) gives for last year, through the talent selectors. This
step adds potential inputs at two dates and two reviews of last year: a
first-semester review, confirmed and closed, and the year-end review with
the talent pool confirmed and the rest waiting for HR, so the transition
table has something to show. It adds key positions with a saved succession
plan and remedial plans in the first stages (the next year's predikat that
closes them does not exist yet). "pegawai" finds their confirmed box with
its reasons (high potential; the box follows their predikat), "atasan" a direct report's remedial plan to confirm,
"admin.bkpsdm" the unconfirmed placements.

Idempotent: once last year's year-end review exists, the step does nothing.
"""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from jenjang.accounts.models import User
from jenjang.people.models import Agency, Employee, Position
from jenjang.talent import rules, services
from jenjang.talent import selectors as sel
from jenjang.talent.models import (
    DisciplinaryRecord,
    KeyPosition,
    Placement,
    PotentialInput,
    PromotionRule,
    RemedialPlan,
    TalentConfig,
    TalentReview,
)


def _name(year: int) -> str:
    return _("Pemetaan Talenta %(year)s") % {"year": year}


def _first_name(year: int) -> str:
    return _("Pemetaan Talenta %(year)s semester I") % {"year": year}


def build(*, agency: Agency, today: dt.date, rng: random.Random, stdout) -> None:
    year = today.year - 1
    if TalentReview.objects.filter(agency=agency, name=_name(year)).exists():
        return
    hr = User.objects.filter(username="admin.bkpsdm").first()
    if hr is None:
        return
    TalentConfig.objects.get_or_create(agency=agency)
    PromotionRule.objects.get_or_create(agency=agency)
    employees = list(
        Employee.objects.filter(agency=agency, is_active=True)
        .select_related("position")
        .order_by("pk")
    )
    if not employees:
        return
    predikat = sel.predikat_for([e.pk for e in employees], [year])
    focus = _focus(employees, {pk: p for (pk, _y), p in predikat.items()})
    _discipline(employees, rng, today)
    with transaction.atomic():
        first = _first_review(agency, employees, focus, rng, hr, year)
        _potential(employees, focus, rng, hr, dt.date(year, 11, 1), drift=True)
        current = TalentReview.objects.create(
            agency=agency, name=_name(year), year=year, created_by=hr
        )
        result = services.review_run(review=current, by=hr, today=today)
        for p in _others(current, hr):
            if p.computed_box in rules.POOL_BOXES or p.employee_id in focus["confirm"]:
                services.placement_confirm(placement=p, by=hr, today=today)
        _succession(agency, hr)
        # Some of the new plans are already running; atasan's is left to do.
        opened = RemedialPlan.objects.filter(
            employee__agency=agency, status=RemedialPlan.Status.OPENED
        ).exclude(employee_id__in=focus["confirm"])
        for plan in list(opened.exclude(employee__user=hr).order_by("pk"))[::3]:
            services.remedial_confirm(
                plan=plan, by=hr, coaching=_("Bimbingan kinerja dua pekan sekali.")
            )
    stdout(
        _(
            "Talenta: %(placed)s penempatan, %(remedial)s rencana perbaikan; "
            "%(first)s ditutup sebagai pembanding."
        )
        % {
            "placed": result["placed"],
            "remedial": RemedialPlan.objects.filter(employee__agency=agency).count(),
            "first": first.name,
        }
    )


def _others(review: TalentReview, hr):
    """Placements HR may confirm: nobody confirms their own."""
    return (
        Placement.objects.filter(review=review)
        .exclude(employee__user=hr)
        .select_related("employee", "review")
        .order_by("pk")
    )


def _first_review(agency, employees, focus, rng, hr, year: int) -> TalentReview:
    """The first-semester review: every placement confirmed, plans running, closed."""
    on = dt.date(year, 6, 1)
    _potential(employees, focus, rng, hr, dt.date(year, 5, 1), drift=False)
    review = TalentReview.objects.create(
        agency=agency, name=_first_name(year), year=year, created_by=hr
    )
    services.review_run(review=review, by=hr, today=on)
    for p in _others(review, hr):
        if p.employee_id != getattr(focus["low"], "pk", None):
            services.placement_confirm(placement=p, by=hr, today=on)
    for plan in RemedialPlan.objects.filter(employee__agency=agency).exclude(
        employee__user=hr
    ):
        services.remedial_confirm(
            plan=plan, by=hr, coaching=_("Konseling kinerja bulanan oleh atasan.")
        )
    return services.review_close(review=review, by=hr)


def _focus(employees: list[Employee], predikat: dict[int, str]) -> dict:
    """The demo logins' people: pegawai, and a report of atasan rated Baik.

    With a low potential, Baik lands that report in box 2, whose actions call
    for a remedial plan (box trigger) for atasan to confirm.
    """
    by_user = {e.user_id: e for e in employees if e.user_id}
    users = dict(
        User.objects.filter(username__in=["pegawai", "atasan"]).values_list(
            "username", "pk"
        )
    )
    pegawai = by_user.get(users.get("pegawai"))
    atasan = by_user.get(users.get("atasan"))
    low = None
    if atasan is not None:
        low = next(
            (
                e
                for e in employees
                if e.position.reports_to_id == atasan.position_id
                and (pegawai is None or e.pk != pegawai.pk)
                and predikat.get(e.pk) == "baik"
            ),
            None,
        )
    return {
        "pegawai": pegawai,
        "low": low,
        "confirm": {e.pk for e in (pegawai, low) if e is not None},
    }


def _potential(employees, focus, rng, hr, on: dt.date, *, drift: bool) -> None:
    if PotentialInput.objects.filter(employee__in=employees[:1], recorded_on=on):
        return
    rows = []
    for e in employees:
        base = rng.gauss(84, 6) + (rng.gauss(0, 4) if drift else 0)
        if focus["pegawai"] is not None and e.pk == focus["pegawai"].pk:
            base = 93
        if focus["low"] is not None and e.pk == focus["low"].pk:
            base = 62
        rows.append(
            PotentialInput(
                employee=e,
                recorded_on=on,
                assessment_score=_clip(base + rng.uniform(-4, 4)),
                track_record_score=_clip(base + rng.uniform(-6, 6)),
                qualification_score=_clip(base + rng.uniform(-8, 8)),
                integrity_score=_clip(base + rng.uniform(0, 10)),
                recorded_by=hr,
            )
        )
    PotentialInput.objects.bulk_create(rows, batch_size=500)


def _clip(value: float) -> Decimal:
    return Decimal(str(round(min(max(value, 40.0), 100.0), 2)))


def _discipline(employees, rng: random.Random, today: dt.date) -> None:
    if DisciplinaryRecord.objects.filter(employee__in=employees[:50]).exists():
        return
    for e in rng.sample(employees, min(3, len(employees))):
        DisciplinaryRecord.objects.create(
            employee=e,
            severity=rng.choice(["ringan", "sedang"]),
            decided_on=today - dt.timedelta(days=200),
            ends_on=today + dt.timedelta(days=165),
            note=_("Data demo"),
        )


def _succession(agency: Agency, hr) -> None:
    positions = Position.objects.filter(
        agency=agency,
        kind__in=[Position.Kind.ADMINISTRATOR, Position.Kind.PENGAWAS],
        is_active=True,
        key_position__isnull=True,
    ).order_by("kind", "code")[:3]
    keys = [services.key_position_add(position=p, by=hr) for p in positions]
    if keys:
        KeyPosition.objects.filter(pk=keys[0].pk).update(
            note=_("Jabatan kritikal: pensiun pejabat dalam 1 tahun")
        )
        services.succession_plan_build(key_position=keys[0], by=hr)
