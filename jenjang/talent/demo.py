"""Demo step: talent reviews for the demo regency (order 110, after performance).

Builds potential inputs for every employee, two reviews (the year before
last, all confirmed; last year, the talent pool confirmed and the rest
waiting for HR), key positions with a saved succession plan, and remedial
plans in every stage. "pegawai" finds a confirmed box 9 with its reasons,
"atasan" a direct report's remedial plan to confirm, "admin.bkpsdm" the
unconfirmed placements.

The performance axis reads the performance area's final annual predikat.
While that area's demo step gives none for the agency, this step records a
sample of final ratings through the performance area's factory so the
9-box is not empty (remove once performance has a demo step before 110).

Idempotent: once last year's review exists, the step does nothing.
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

SAMPLE = 150
PREDIKAT_WEIGHTS = (
    ("sangat_baik", 20),
    ("baik", 60),
    ("butuh_perbaikan", 12),
    ("kurang", 6),
    ("sangat_kurang", 2),
)


def _name(year: int) -> str:
    return _("Pemetaan Talenta %(year)s") % {"year": year}


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
    focus = _focus(employees)
    _potential(employees, focus, rng, today, hr)
    _ratings(agency, employees, focus, rng, year)
    _discipline(employees, rng, today)
    with transaction.atomic():
        before = TalentReview.objects.create(
            agency=agency, name=_name(year - 1), year=year - 1, created_by=hr
        )
        services.review_run(review=before, by=hr, today=dt.date(year, 2, 1))
        # Nobody confirms their own placement: HR's own waits for someone else.
        for p in (
            Placement.objects.filter(review=before)
            .exclude(employee__user=hr)
            .select_related("employee", "review")
        ):
            services.placement_confirm(placement=p, by=hr)
        for plan in RemedialPlan.objects.filter(employee__agency=agency):
            services.remedial_confirm(
                plan=plan, by=hr, coaching=_("Konseling kinerja bulanan oleh atasan.")
            )
        current = TalentReview.objects.create(
            agency=agency, name=_name(year), year=year, created_by=hr
        )
        result = services.review_run(review=current, by=hr, today=today)
        pool_or_focus = (
            Placement.objects.filter(review=current)
            .exclude(employee__user=hr)
            .select_related("employee", "review")
        )
        for p in pool_or_focus:
            if p.computed_box in rules.POOL_BOXES or p.employee_id in focus["confirm"]:
                services.placement_confirm(placement=p, by=hr)
        _succession(agency, hr)
        # Some of last year's plans are already running; atasan's is left to do.
        opened = RemedialPlan.objects.filter(
            employee__agency=agency, status=RemedialPlan.Status.OPENED
        ).exclude(employee_id__in=focus["confirm"])
        for plan in list(opened.order_by("pk"))[::3]:
            services.remedial_confirm(
                plan=plan, by=hr, coaching=_("Bimbingan kinerja dua pekan sekali.")
            )
    stdout(
        _("Talenta: %(placed)s penempatan, %(remedial)s rencana perbaikan.")
        % {
            "placed": result["placed"],
            "remedial": RemedialPlan.objects.filter(employee__agency=agency).count(),
        }
    )


def _focus(employees: list[Employee]) -> dict:
    """The demo logins' people: pegawai in box 9, a report of atasan struggling."""
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
            ),
            None,
        )
    return {
        "pegawai": pegawai,
        "low": low,
        "confirm": {e.pk for e in (pegawai, low) if e is not None},
    }


def _potential(employees, focus, rng: random.Random, today: dt.date, hr) -> None:
    if PotentialInput.objects.filter(employee__in=employees[:1]).exists():
        return
    rows = []
    for e in employees:
        base = rng.gauss(84, 6)
        if focus["pegawai"] is not None and e.pk == focus["pegawai"].pk:
            base = 93
        rows.append(
            PotentialInput(
                employee=e,
                recorded_on=dt.date(today.year - 1, 11, 1),
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


def _ratings(agency, employees, focus, rng: random.Random, year: int) -> None:
    ids = [e.pk for e in employees]
    if sel.predikat_for(ids, [year - 1, year]):
        return  # the performance area's demo already rated people
    from jenjang.performance.tests.factories import make_final_rating

    with_supervisor = [e for e in employees if e.position.reports_to_id]
    sample = rng.sample(with_supervisor, min(SAMPLE, len(with_supervisor)))
    chosen = {e.pk: e for e in sample}
    for key in ("pegawai", "low"):
        if focus[key] is not None:
            chosen[focus[key].pk] = focus[key]
    values, weights = zip(*PREDIKAT_WEIGHTS, strict=True)
    for e in chosen.values():
        for y in (year - 2, year - 1, year):
            predikat = rng.choices(values, weights)[0]
            if focus["pegawai"] is not None and e.pk == focus["pegawai"].pk:
                predikat = "sangat_baik" if y == year else "baik"
            if focus["low"] is not None and e.pk == focus["low"].pk and y == year:
                predikat = "butuh_perbaikan"
            try:
                with transaction.atomic():
                    make_final_rating(e, y, predikat)
            except Exception:  # noqa: BLE001 - a demo row the performance rules refuse
                continue


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
