"""Demo step: this year's development plans (IDP) for the demo regency.

About two in five employees get a plan, in every state of the workflow, with
goals from their competency gaps (or from the dictionary when nobody has
been assessed yet), activities of several development forms and the
history to match. The demo employee "pegawai" has a plan returned by the
supervisor with a comment to act on; "atasan" finds their other direct
reports' plans waiting in the inbox. Idempotent: once the regency has plans
for this year, the step does nothing.

Called by the demo command: ``build(agency=..., rng=..., stdout=...)``.
"""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.competencies.models import Competency
from jenjang.development.models import (
    DevelopmentForm,
    DevelopmentPlan,
    PlanActivity,
    PlanEvent,
    PlanGoal,
)
from jenjang.development.selectors.plans import default_target_jp, employee_gaps
from jenjang.people.models import Agency, Employee
from jenjang.people.selectors import employee_supervisor

Status = DevelopmentPlan.Status
Action = PlanEvent.Action
SHARE_WITH_PLAN = 0.4
STATES = (
    (Status.DRAFT, 25),
    (Status.SUBMITTED, 20),
    (Status.RETURNED, 15),
    (Status.APPROVED, 40),
)
# (SIASN code, title, JP, days)
ACTIVITIES = (
    (3, "Pelatihan Teknis Pengelolaan Data dan Informasi", Decimal("24"), 3),
    (3, "Pelatihan Teknis Penyusunan Anggaran Berbasis Kinerja", Decimal("32"), 4),
    (4, "Workshop Penyusunan SKP dan Rencana Aksi", Decimal("5"), 1),
    (9, "Seminar Inovasi Pelayanan Publik", Decimal("4"), 1),
    (14, "Coaching bersama atasan langsung", Decimal("2"), 1),
    (15, "Mentoring oleh pejabat fungsional senior", Decimal("2"), 1),
    (16, "E-learning ASN Unggul: Literasi Digital", Decimal("6"), 14),
    (16, "E-learning Etika dan Integritas ASN", Decimal("3"), 7),
    (22, "Belajar mandiri: manajemen risiko", Decimal("4"), 10),
    (8, "Bimbingan Teknis Aplikasi SIASN", Decimal("16"), 2),
)
RETURN_COMMENTS = (
    "Sasaran sudah tepat, tetapi JP yang direncanakan belum mencapai target "
    "20 JP. Tambahkan satu kegiatan coaching atau e-learning, lalu ajukan kembali.",
    "Mohon kaitkan setiap kegiatan dengan sasaran kompetensinya.",
    "Jadwal pelatihan teknis bertabrakan dengan penyusunan anggaran; "
    "geser ke semester kedua.",
)
APPROVE_COMMENTS = ("", "Setuju. Semangat belajar!", "Disetujui, laporkan hasilnya.")


def build(*, agency: Agency, rng: random.Random, stdout) -> None:
    """Add this year's plans to the demo regency (idempotent)."""
    write = getattr(stdout, "write", stdout)
    today = timezone.localdate()
    forms = {f.siasn_code: f for f in DevelopmentForm.objects.all()}
    if not forms:
        write(_("Bentuk pengembangan belum ada; rencana demo dilewati."))
        return
    if DevelopmentPlan.objects.filter(
        employee__agency=agency, year=today.year
    ).exists():
        write(
            _("Rencana demo %(year)s sudah ada; tidak dibuat ulang.")
            % {"year": today.year}
        )
        return
    with transaction.atomic():
        made = _build(agency, rng, today, forms)
    write(
        _("Rencana pengembangan (IDP) %(year)s: %(count)d dibuat.")
        % {"year": today.year, "count": made}
    )


def _build(agency, rng, today: dt.date, forms) -> int:
    year = today.year
    people = list(
        Employee.objects.filter(agency=agency, is_active=True)
        .select_related("position", "user")
        .order_by("id")
    )
    chosen = _choose(people, rng)
    fallback = list(
        Competency.objects.filter(is_active=True, kind=Competency.Kind.MANAGERIAL)
    )
    target = default_target_jp(employee=people[0], year=year) if people else None
    writer = _Writer(rng=rng, today=today, forms=forms, fallback=fallback)
    for employee, status, reviewer, comment in chosen:
        writer.add(employee, status, reviewer, comment, target)
    writer.save()
    return len(chosen)


def _choose(people, rng) -> list[tuple]:
    """Pick who gets a plan and in which state, with "pegawai" and "atasan" first."""
    by_user = {e.user.username: e for e in people if e.user_id}
    pegawai, atasan = by_user.get("pegawai"), by_user.get("atasan")
    chosen: list[tuple] = []
    fixed: set[int] = set()
    if pegawai is not None:
        reviewer = atasan or employee_supervisor(employee=pegawai)
        chosen.append((pegawai, Status.RETURNED, reviewer, RETURN_COMMENTS[0]))
        fixed.add(pegawai.pk)
    if atasan is not None:
        reports = [
            e
            for e in people
            if e.position.reports_to_id == atasan.position_id
            and e.pk not in fixed
            and e.pk != atasan.pk
        ]
        for report in reports[:4]:
            fixed.add(report.pk)
            chosen.append((report, Status.SUBMITTED, atasan, ""))
    states = [s for s, _w in STATES]
    weights = [w for _s, w in STATES]
    for employee in people:
        if employee.pk in fixed:
            continue
        if rng.random() >= SHARE_WITH_PLAN:
            continue
        status = rng.choices(states, weights)[0]
        reviewer = None
        if status in (Status.RETURNED, Status.APPROVED):
            reviewer = employee_supervisor(employee=employee)
        comment = ""
        if status == Status.RETURNED:
            comment = rng.choice(RETURN_COMMENTS)
        elif status == Status.APPROVED:
            comment = rng.choice(APPROVE_COMMENTS)
        chosen.append((employee, status, reviewer, comment))
    return chosen


class _Writer:
    """Collect the rows of many plans and write them in a few bulk inserts."""

    def __init__(self, *, rng, today, forms, fallback):
        self.rng, self.today, self.forms, self.fallback = rng, today, forms, fallback
        self.now = timezone.now()
        self.plans: list[tuple] = []

    def add(self, employee, status, reviewer, comment, target) -> None:
        plan = DevelopmentPlan(
            employee=employee,
            year=self.today.year,
            status=status,
            target_jp=target or Decimal("20"),
        )
        goals = self._goals(employee, plan)
        # The comment "pegawai" gets says the plan falls short of the target.
        short = comment == RETURN_COMMENTS[0]
        activities = self._activities(plan, goals, short=short)
        events = self._events(plan, employee, status, reviewer, comment)
        self.plans.append((plan, goals, activities, events))

    def _goals(self, employee, plan) -> list[PlanGoal]:
        gaps = employee_gaps(employee=employee)[:3]
        if gaps:
            return [
                PlanGoal(
                    plan=plan,
                    competency=g.competency,
                    current_level=g.current_level,
                    target_level=g.required_level,
                )
                for g in gaps
            ]
        picks = self.rng.sample(self.fallback, k=min(2, len(self.fallback)))
        return [
            PlanGoal(
                plan=plan,
                competency=c,
                target_level=self.rng.choice((2, 3)),
                description=_("Dari kamus kompetensi; menunggu hasil asesmen."),
            )
            for c in picks
        ]

    def _activities(self, plan, goals, *, short: bool = False) -> list[PlanActivity]:
        year = self.today.year
        rows = []
        total = Decimal("0")
        for code, title, jp, days in self.rng.sample(ACTIVITIES, k=len(ACTIVITIES)):
            if total >= plan.target_jp or len(rows) >= 4 or code not in self.forms:
                continue
            if short and total + jp >= plan.target_jp:
                continue
            start = dt.date(year, 1, 1) + dt.timedelta(days=self.rng.randrange(0, 330))
            end = min(start + dt.timedelta(days=days - 1), dt.date(year, 12, 31))
            rows.append(
                PlanActivity(
                    plan=plan,
                    goal=self.rng.choice(goals) if goals else None,
                    form=self.forms[code],
                    title=title,
                    planned_start=start,
                    planned_end=end,
                    planned_jp=jp,
                )
            )
            total += jp
        return rows

    def _events(self, plan, employee, status, reviewer, comment) -> list[PlanEvent]:
        owner = employee.user
        decider = reviewer.user if reviewer is not None else None
        steps = [(Action.CREATED, owner, "")]
        if status != Status.DRAFT:
            steps.append((Action.SUBMITTED, owner, ""))
        if status == Status.RETURNED:
            steps.append((Action.RETURNED, decider, comment))
        if status == Status.APPROVED:
            steps.append((Action.APPROVED, decider, comment))
            plan.approved_by = decider
        start = dt.datetime(self.today.year, 1, 2, 8, tzinfo=dt.UTC)
        span = max((self.now - start).total_seconds(), 60)
        moments = sorted(self.rng.uniform(0, span) for _step in steps)
        events = [
            PlanEvent(
                plan=plan,
                action=action,
                actor=actor,
                comment=text,
                at=min(start + dt.timedelta(seconds=moment), self.now),
            )
            for (action, actor, text), moment in zip(steps, moments, strict=True)
        ]
        plan.created_at = events[0].at
        if status == Status.APPROVED:
            plan.approved_at = events[-1].at
        return events

    def save(self) -> None:
        # Parents first: bulk_create fills each child's plan_id (and goal_id)
        # from the parent saved before it.
        DevelopmentPlan.objects.bulk_create([p for p, *_rest in self.plans])
        for index, model in ((1, PlanGoal), (2, PlanActivity), (3, PlanEvent)):
            model.objects.bulk_create(
                [row for rows in self.plans for row in rows[index]], batch_size=1000
            )
