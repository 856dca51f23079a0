"""Demo step: performance years of the demo regency, SKP and evaluations.

Last year: every active employee with an approved SKP cascaded down the
reporting line, four quarterly and one annual evaluation (final), the
units' predikat organisasi, angka kredit for jabatan fungsional and a few
improvement plans. This year: approved SKP for the demo pegawai with
realisation, feedback and an evaluation waiting for an answer; the demo
atasan finds team SKP waiting in the inbox. Idempotent: once the regency has
a performance year for this year, the step does nothing.

Rows are written in bulk, level by level of the reporting line, so the step
stays fast for the whole regency.
"""

import datetime as dt
import random
from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.people.models import Agency, Employee, OrgUnit, Position
from jenjang.performance.models import (
    POOR_PREDIKAT,
    CreditAward,
    Evaluation,
    Feedback,
    FeedbackAction,
    Indicator,
    LeaderExpectation,
    OrgPerformance,
    Predikat,
    Realisation,
    Rhk,
    Skp,
    SkpStep,
)
from jenjang.performance.seed import MATRIX, seed_rules
from jenjang.performance.services.improvement import improvement_plan_open
from jenjang.performance.services.rules import credit_amount
from jenjang.performance.services.years import performance_year_ensure

# Roughly the curve of a unit rated Baik (SE MenPANRB 3/2023, domain 1.6).
PREDIKAT_WEIGHTS = (
    (Predikat.SANGAT_BAIK, 14),
    (Predikat.BAIK, 68),
    (Predikat.BUTUH_PERBAIKAN, 12),
    (Predikat.KURANG, 4),
    (Predikat.SANGAT_KURANG, 2),
)
RATINGS_FOR = {}
for _cell, _predikat in MATRIX.items():
    RATINGS_FOR.setdefault(_predikat, _cell)
RHK_TEXTS = (
    "Layanan {unit} terselenggara sesuai standar pelayanan",
    "Dokumen perencanaan dan pelaporan {unit} tersusun tepat waktu",
    "Data dan informasi {unit} terkelola dan mutakhir",
)
IKI = (
    ("Persentase layanan sesuai standar", "kualitas", "95%"),
    ("Jumlah laporan yang disampaikan", "kuantitas", "12 laporan"),
    ("Ketepatan waktu penyampaian", "waktu", "tanggal 5 setiap bulan"),
)
MAX_IMPROVEMENT_PLANS = 5


def build(*, agency: Agency, rng: random.Random, stdout) -> None:
    write = getattr(stdout, "write", stdout)
    today = timezone.localdate()
    seed_rules()
    if agency.performance_years.filter(year=today.year).exists():
        write(_("Data kinerja demo sudah ada; tidak dibuat ulang."))
        return
    with transaction.atomic():
        last = performance_year_ensure(agency=agency, year=today.year - 1)
        current = performance_year_ensure(agency=agency, year=today.year)
        people = list(
            Employee.objects.filter(agency=agency, is_active=True)
            .select_related("position", "org_unit", "user")
            .order_by("id")
        )
        evaluator = _evaluators(people)
        skps = _skps(last, people, evaluator, approved=True)
        _rhks(skps, evaluator, rng)
        made = _last_year(last, skps, evaluator, rng, agency)
        _this_year(current, people, evaluator, rng, today)
    write(
        _("Kinerja (SKP): %(skp)d SKP dan %(eval)d penilaian tahun %(year)s dibuat.")
        % {"skp": len(skps), "eval": made, "year": last.year}
    )


def _evaluators(people: list[Employee]) -> dict[int, Employee | None]:
    """The atasan langsung of each employee, from the reporting line (in memory)."""
    by_position: dict[int, Employee] = {}
    for e in people:
        by_position.setdefault(e.position_id, e)
    positions = (
        {
            p.pk: p.reports_to_id
            for p in Position.objects.filter(agency_id=people[0].agency_id).only(
                "id", "reports_to_id"
            )
        }
        if people
        else {}
    )
    found = {}
    for e in people:
        seen, pos = set(), positions.get(e.position_id)
        boss = None
        while pos is not None and pos not in seen:
            seen.add(pos)
            holder = by_position.get(pos)
            if holder is not None and holder.pk != e.pk:
                boss = holder
                break
            pos = positions.get(pos)
        found[e.pk] = boss
    return found


def _skps(py, people, evaluator, *, approved: bool) -> list[Skp]:
    now = timezone.now()
    status = Skp.Status.APPROVED if approved else Skp.Status.DRAFT
    rows = [
        Skp(
            employee=e,
            performance_year=py,
            evaluator=evaluator[e.pk],
            position_id=e.position_id,
            org_unit_id=e.org_unit_id,
            status=status,
            submitted_at=now if approved else None,
            approved_at=now if approved else None,
        )
        for e in people
    ]
    Skp.objects.bulk_create(rows, batch_size=1000)
    skps = list(
        Skp.objects.filter(
            performance_year=py, employee__in=[e.pk for e in people]
        ).select_related("employee", "org_unit")
    )
    if approved:
        SkpStep.objects.bulk_create(
            [
                SkpStep(skp=s, action=a, from_status=f, to_status=t, at=now)
                for s in skps
                for a, f, t in (
                    ("create", "", "draft"),
                    ("submit", "draft", "submitted"),
                    ("approve", "submitted", "approved"),
                )
            ],
            batch_size=2000,
        )
    return skps


def _rhks(skps: list[Skp], evaluator, rng, rhks_of=None) -> dict[int, list[int]]:
    """Two RHK per SKP, each cascaded from the evaluator's RHK, top level first.

    `rhks_of` (employee id -> RHK ids) holds the RHK of an earlier batch of
    the same year, for SKP whose evaluator is not in this batch.
    """
    by_employee = {s.employee_id: s for s in skps}
    depth: dict[int, int] = {}

    def level(emp_id: int) -> int:
        if emp_id not in depth:
            depth[emp_id] = 0  # guards a loop in the reporting line
            boss = evaluator.get(emp_id)
            depth[emp_id] = (
                0 if boss is None or boss.pk not in by_employee else level(boss.pk) + 1
            )
        return depth[emp_id]

    levels: dict[int, list[Skp]] = defaultdict(list)
    for s in skps:
        levels[level(s.employee_id)].append(s)
    rhks_of = dict(rhks_of or {})
    for n in sorted(levels):
        rows = []
        for s in levels[n]:
            boss = evaluator.get(s.employee_id)
            parents = rhks_of.get(boss.pk, []) if boss else []
            for i in range(2):
                rows.append(
                    Rhk(
                        skp=s,
                        kind=Rhk.Kind.UTAMA,
                        text=RHK_TEXTS[(i + s.employee_id) % 3].format(
                            unit=s.org_unit.name
                        ),
                        parent_id=parents[i % len(parents)] if parents else None,
                        parent_text="" if parents else _("Perjanjian kinerja unit"),
                        order=i,
                    )
                )
        created = Rhk.objects.bulk_create(rows, batch_size=1000)
        if created and created[0].pk is None:  # a backend without RETURNING
            created = list(
                Rhk.objects.filter(skp__in=levels[n]).order_by("skp_id", "order")
            )
        iki = []
        for rhk in created:
            rhks_of.setdefault(rhk.skp.employee_id, []).append(rhk.pk)
            text, aspect, target = IKI[(rhk.order + rhk.skp_id) % 3]
            iki.append(
                Indicator(rhk_id=rhk.pk, text=text, aspect=aspect, target=target)
            )
        Indicator.objects.bulk_create(iki, batch_size=2000)
    return rhks_of


def _pick(rng) -> str:
    return rng.choices(
        [p for p, _w in PREDIKAT_WEIGHTS], [w for _p, w in PREDIKAT_WEIGHTS]
    )[0]


def _evaluation(skp, period, predikat, status, at) -> Evaluation:
    hasil, perilaku = RATINGS_FOR[predikat]
    return Evaluation(
        skp=skp,
        period=period,
        employee_id=skp.employee_id,
        year=period.performance_year.year,
        is_annual=period.is_annual,
        evaluator_id=skp.evaluator_id,
        rating_hasil=hasil,
        rating_perilaku=perilaku,
        justification_hasil=_("Capaian dibandingkan target IKI periode ini."),
        justification_perilaku=_("Pengamatan perilaku BerAKHLAK selama periode."),
        predikat=predikat,
        final_predikat=predikat,
        status=status,
        issued_at=at,
        objection_deadline=period.end + dt.timedelta(days=14),
        acknowledged_at=at if status == Evaluation.Status.ACKNOWLEDGED else None,
    )


def _last_year(py, skps, evaluator, rng, agency) -> int:
    periods = list(py.periods.order_by("kind", "number"))
    annual = next(p for p in periods if p.is_annual)
    at = timezone.now()
    rows = []
    for skp in skps:
        for p in periods:
            rows.append(
                _evaluation(skp, p, _pick(rng), Evaluation.Status.ACKNOWLEDGED, at)
            )
    Evaluation.objects.bulk_create(rows, batch_size=1000)
    units = list(OrgUnit.objects.filter(agency=agency, is_active=True))
    org_choices = ("istimewa", "baik", "baik", "baik", "butuh_perbaikan")
    OrgPerformance.objects.bulk_create(
        [
            OrgPerformance(org_unit=u, period=p, predikat=rng.choice(org_choices))
            for u in units
            for p in periods
        ],
        batch_size=2000,
    )
    finals = list(
        Evaluation.objects.filter(period=annual).select_related(
            "skp__position", "employee", "skp__performance_year", "evaluator", "period"
        )
    )
    _credits(finals)
    poor = [e for e in finals if e.final_predikat in POOR_PREDIKAT]
    for evaluation in poor[:MAX_IMPROVEMENT_PLANS]:
        improvement_plan_open(evaluation=evaluation)
    return len(rows)


def _credits(finals) -> None:
    cache: dict[tuple, tuple] = {}
    rows = []
    for e in finals:
        position = e.skp.position
        if position.kind != Position.Kind.FUNGSIONAL or not position.functional_level:
            continue
        key = (e.final_predikat, position.functional_level)
        if key not in cache:
            cache[key] = credit_amount(*key, on=e.period.end)
        percent, coefficient, amount = cache[key]
        rows.append(
            CreditAward(
                evaluation=e,
                employee_id=e.employee_id,
                year=e.year,
                functional_level=position.functional_level,
                predikat=e.final_predikat,
                percent=percent,
                coefficient=coefficient,
                months=12,
                amount=amount,
            )
        )
    CreditAward.objects.bulk_create(rows, batch_size=2000)


def _this_year(py, people, evaluator, rng, today: dt.date) -> None:
    """The demo logins' year so far: something to do for pegawai and atasan."""
    by_user = {e.user.username: e for e in people if e.user_id}
    pegawai, atasan = by_user.get("pegawai"), by_user.get("atasan")
    if pegawai is None:
        return
    atasan = atasan or evaluator.get(pegawai.pk)
    chain = [e for e in (evaluator.get(atasan.pk) if atasan else None, atasan) if e]
    team = [
        e
        for e in people
        if atasan and evaluator.get(e.pk) == atasan and e.pk != pegawai.pk
    ][:5]
    approved = _skps(py, [*chain, pegawai], evaluator, approved=True)
    made = _rhks(approved, evaluator, rng)
    submitted = _skps(py, team, evaluator, approved=False)
    _rhks(submitted, evaluator, rng, made)
    now = timezone.now()
    Skp.objects.filter(pk__in=[s.pk for s in submitted]).update(
        status=Skp.Status.SUBMITTED, submitted_at=now
    )
    SkpStep.objects.bulk_create(
        [
            SkpStep(
                skp=s,
                action="submit",
                from_status="draft",
                to_status="submitted",
                at=now,
            )
            for s in submitted
        ]
    )
    skp = next(s for s in approved if s.employee_id == pegawai.pk)
    LeaderExpectation.objects.create(
        skp=skp, text=_("Data gizi balita dilaporkan lengkap setiap bulan.")
    )
    periods = [
        p for p in py.periods.order_by("number") if not p.is_annual and p.start <= today
    ]
    indicators = list(Indicator.objects.filter(rhk__skp=skp))
    Realisation.objects.bulk_create(
        [
            Realisation(
                indicator=i,
                period=p,
                value=rng.choice(("3 laporan", "95%", "tepat waktu", "2 laporan")),
                notes=_("Sesuai catatan kegiatan."),
            )
            for p in periods
            for i in indicators
        ]
    )
    for p in periods:
        feedback = Feedback.objects.create(
            skp=skp,
            period=p,
            date=min(p.end, today),
            started_by=skp.evaluator,
            strengths=_("Laporan rapi dan lengkap."),
            improvements=_("Kirim laporan sebelum tanggal 5."),
            next_steps=_("Buat pengingat bulanan."),
        )
        feedback.participants.set(
            [skp.employee_id, skp.evaluator_id]
            if skp.evaluator_id
            else [skp.employee_id]
        )
        FeedbackAction.objects.create(
            feedback=feedback, text=_("Susun jadwal pengiriman"), due_date=p.end
        )
    done = [p for p in periods if p.end < today]
    for n, p in enumerate(done):
        last = n == len(done) - 1
        e = _evaluation(
            skp,
            p,
            Predikat.BAIK if not last else Predikat.SANGAT_BAIK,
            Evaluation.Status.ISSUED if last else Evaluation.Status.ACKNOWLEDGED,
            now,
        )
        if last:
            e.objection_deadline = today + dt.timedelta(days=py.objection_window_days)
        e.save()
