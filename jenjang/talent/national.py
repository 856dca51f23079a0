"""National-shape talent data: two yearly reviews per agency and succession plans.

For each national agency (after competencies and performance, order 110):

- a talent configuration and a promotion rule (the seeded defaults);
- potential inputs for each of the two finished years (recorded 1 November):
  track record, qualification and integrity around a person's own level,
  drifting a little from one year to the next; an assessment-centre score
  for 85 % of the staff (a clear rise the second year for a quarter of
  them), the others' competency part comes from their latest managerial
  and sociocultural assessments (levels of 1–5 scaled to 100 land them
  mostly in the low potential band, as the rule would);
- a review per finished year, its placements computed with the review's
  own rules (`rules.potential_score`, `rules.performance_level` from the
  final predikat the performance step gave, `rules.nine_box`); people
  without a predikat are not placed, as in `services.review_run`. The
  older review is closed with every placement confirmed (a few moved by
  HR with a reason); the latest is open with the talent pool (boxes 7–9)
  and about 60 % of the others confirmed;
- remedial plans (PP 30/2019 Pasal 57): one per predikat below Baik or
  confirmed box 1, 2, 3 or 6 per review year, with one or two activities;
  the older year's closed as improved or not by the next predikat;
- a few disciplinary records (about 0.5 % of staff);
- key positions (every JPT Pratama post, a fifth of administrator and a
  tenth of pengawas posts) with a succession plan from the latest review:
  up to three eligible candidates of the confirmed pool, ranked with
  `rules.rank_candidates`.

Placements need a confirming person (UU 27/2022 Pasal 10): the national
data has no HR logins yet, so one inactive account, `talenta.nasional`,
stands for the agencies' HR.
"""

import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext as _

from jenjang.accounts.models import User
from jenjang.competencies.models import Assessment, Competency
from jenjang.competencies.selectors.requirements import requirements_for_positions
from jenjang.development.models import DevelopmentForm
from jenjang.people.models import Employee, Position, Rank
from jenjang.people.national import BulkWriter, NationalContext, register_national_step
from jenjang.talent import rules
from jenjang.talent import selectors as sel
from jenjang.talent.models import (
    DisciplinaryRecord,
    KeyPosition,
    Placement,
    PotentialInput,
    PromotionRule,
    RemedialActivity,
    RemedialPlan,
    SuccessionCandidate,
    SuccessionPlan,
    TalentConfig,
    TalentReview,
)

HR_USERNAME = "talenta.nasional"
ASSESSED_SHARE = 0.85  # with an assessment-centre score
CONFIRM_OTHERS = 0.6  # latest review: share of the non-pool placements confirmed
OVERRIDE_SHARE = 0.02
DISCIPLINE_SHARE = 0.005
KEY_SHARE = {"jpt_pratama": 1.0, "administrator": 0.2, "pengawas": 0.1}
MIN_RANK = {"jpt_pratama": "IV/c", "administrator": "III/d", "pengawas": "III/b"}
CANDIDATES = 3
SHORTLIST = 12  # pool members scored per key position
TWO = Decimal("0.01")


def _hr() -> int:
    user, _created = User.objects.get_or_create(
        username=HR_USERNAME,
        defaults={
            "is_active": False,
            "password": make_password(None),
            "first_name": "BKPSDM",
            "last_name": "(data nasional)",
        },
    )
    return user.pk


def _clip(value: float) -> Decimal:
    return Decimal(str(round(min(max(value, 40.0), 100.0), 2)))


def _levels(people: list, on: dt.date) -> dict[int, list[tuple[dt.date, int, int]]]:
    """Return {employee: [(date, competency, level)]} of managerial/sociocultural
    assessments up to `on`, oldest first (the agency's people only)."""
    rows = (
        Assessment.objects.filter(
            employee__agency_id=people[0].agency_id,
            competency__kind__in=sel.MANAGERIAL_KINDS,
            assessed_on__lte=on,
        )
        .order_by("employee_id", "assessed_on", "id")
        .values_list("employee_id", "assessed_on", "competency_id", "level")
    )
    result: dict[int, list] = defaultdict(list)
    for employee_id, day, competency_id, level in rows.iterator(chunk_size=20_000):
        result[employee_id].append((day, competency_id, level))
    return result


def _latest(points: list[tuple[dt.date, int, int]], on: dt.date) -> dict[int, int]:
    current: dict[int, int] = {}
    for day, competency_id, level in points:
        if day <= on:
            current[competency_id] = level
    return current


class _Agency:
    """One agency's generation: the people, their facts and the rows written."""

    def __init__(self, ctx: NationalContext, writer: BulkWriter, rng, shared: dict):
        self.ctx, self.writer, self.rng, self.shared = ctx, writer, rng, shared

    def run(self, people: list) -> None:
        ctx, writer, rng = self.ctx, self.writer, self.rng
        agency_id = people[0].agency_id
        writer.new(TalentConfig, agency_id=agency_id)
        writer.new(PromotionRule, agency_id=agency_id)
        config = TalentConfig()
        weights = sel.weights_of(config)
        first, last = ctx.years()[0], ctx.years()[1]
        ids = [p.id for p in people]
        predikat = sel.predikat_by_employee(ids, [first - 1, first, last])
        assessments = _levels(people, ctx.today)
        base = {p.id: rng.gauss(84, 6) for p in people}
        centre = {p.id for p in people if rng.random() < ASSESSED_SHARE}
        self._discipline(people)
        placements: dict[int, dict[int, dict]] = {}
        for year in (first, last):
            placements[year] = self._review(
                agency_id,
                year,
                people,
                closed=year == first,
                base=base,
                centre=centre,
                weights=weights,
                config=config,
                predikat=predikat,
                assessments=assessments,
            )
            self._remedial(year, placements[year], predikat)
        self._succession(agency_id, people, placements[last], assessments)

    # --- inputs and reviews -------------------------------------------------------

    def _review(self, agency_id, year, people, *, closed, base, centre, **facts):
        ctx, writer, rng = self.ctx, self.writer, self.rng
        recorded = dt.date(year, 11, 1)
        run_on = min(dt.date(year + 1, 2, 10), ctx.today)
        created = ctx.moment(rng, run_on, run_on)
        closed_on = min(run_on + dt.timedelta(days=30), ctx.today)
        axes = []
        for person in people:
            years = {
                y: p
                for y, p in facts["predikat"].get(person.id, {}).items()
                if y in (year - 1, year)
            }
            axes.append((person, years, rules.performance_level(years, year)))
        placed_count = sum(1 for *_x, performance in axes if performance)
        review = writer.new(
            TalentReview,
            agency_id=agency_id,
            name=_("Pemetaan Talenta %(year)s") % {"year": year},
            year=year,
            status="closed" if closed else "open",
            created_by_id=self.shared["hr"],
            created_at=created,
            run_at=created,
            last_run={
                "placed": placed_count,
                "computed": placed_count,
                "kept": 0,
                "not_placed": len(people) - placed_count,
            },
            closed_at=ctx.moment(rng, closed_on, ctx.today) if closed else None,
            closed_by_id=self.shared["hr"] if closed else None,
        )
        placed: dict[int, dict] = {}
        for person, years, performance in axes:
            drift = rng.gauss(0, 3) if year != ctx.years()[0] else 0.0
            level = base[person.id] + drift
            score = None
            if person.id in centre:
                gain = 0.0
                if year != ctx.years()[0] and rng.random() < 0.25:
                    gain = rng.uniform(8, 14)  # a clear rise (progress rule)
                score = _clip(level + rng.uniform(-4, 4) + gain)
            row = writer.new(
                PotentialInput,
                employee_id=person.id,
                recorded_on=recorded,
                assessment_score=score,
                track_record_score=_clip(level + rng.uniform(-6, 6)),
                qualification_score=_clip(level + rng.uniform(-8, 8)),
                integrity_score=_clip(level + rng.uniform(0, 10)),
                recorded_by_id=self.shared["hr"],
            )
            if performance is None:
                continue  # no predikat in the two years: not placed
            placed[person.id] = self._placement(
                review,
                person,
                row,
                years,
                performance,
                closed=closed,
                on=run_on,
                **facts,
            )
        return placed

    def _placement(
        self, review, person, inputs, years, performance, *, closed, on, **f
    ):
        rng, config = self.rng, f["config"]
        current = _latest(f["assessments"].get(person.id, []), on)
        competency = inputs["assessment_score"]
        if competency is None:
            competency = rules.competency_score(current.values())
        components = {
            "competency": competency,
            "track_record": inputs["track_record_score"],
            "qualification": inputs["qualification_score"],
            "integrity": inputs["integrity_score"],
        }
        score = rules.potential_score(**components, weights=f["weights"])
        level = rules.potential_level(
            score, cutoff_middle=config.cutoff_middle, cutoff_high=config.cutoff_high
        )
        box = rules.nine_box(performance, level)
        confirm = closed or box in rules.POOL_BOXES or rng.random() < CONFIRM_OTHERS
        override = None
        if confirm and rng.random() < OVERRIDE_SHARE:
            override = rng.choice([b for b in (box - 1, box + 1) if 1 <= b <= 9])
        stored = {k: (str(v) if v is not None else None) for k, v in components.items()}
        stored["discipline"] = self.shared["discipline"].get(person.id, [])
        stored["recorded_on"] = inputs["recorded_on"].isoformat()
        moment = self.ctx.moment(rng, on, on)
        return self.writer.new(
            Placement,
            review_id=review["id"],
            employee_id=person.id,
            inputs={
                "potential": stored,
                "predikat": {str(y): p for y, p in sorted(years.items())},
            },
            potential_score=score,
            potential_level=level,
            performance_level=performance,
            computed_box=box,
            override_box=override,
            override_reason=_("Koreksi hasil rapat tim penilai kinerja")
            if override
            else "",
            confirmed_by_id=self.shared["hr"] if confirm else None,
            confirmed_at=moment if confirm else None,
            computed_at=moment,
        )

    # --- remedial, discipline ------------------------------------------------------

    def _remedial(self, year, placements, predikat) -> None:
        ctx, writer, rng = self.ctx, self.writer, self.rng
        finished = year < ctx.years()[1]
        for employee_id, p in placements.items():
            latest = predikat.get(employee_id, {}).get(year)
            box = p["override_box"] or p["computed_box"]
            by_predikat = rules.needs_remedial(predikat=latest, box=None)
            by_box = p["confirmed_at"] is not None and box in rules.REMEDIAL_BOXES
            if not (by_predikat or by_box):
                continue
            opened = p["computed_at"].date()
            status, outcome, closed_at, confirmed = "opened", "", None, None
            if finished:
                outcome = predikat.get(employee_id, {}).get(year + 1, "")
                improved = rules.predikat_at_least(outcome, "baik")
                status = "improved" if improved else "not_improved"
                closed_at = ctx.moment(
                    rng, min(dt.date(year + 2, 1, 31), ctx.today), ctx.today
                )
            elif rng.random() < 0.6:
                status = "in_progress"
            if status != "opened":
                confirmed = ctx.moment(rng, opened, opened + dt.timedelta(days=14))
            plan = writer.new(
                RemedialPlan,
                employee_id=employee_id,
                evaluation_year=year,
                trigger="predikat" if by_predikat else "box",
                trigger_predikat=latest if by_predikat else "",
                placement_id=None if by_predikat else p["id"],
                status=status,
                coaching=_("Bimbingan kinerja dua pekan sekali.") if confirmed else "",
                review_on=rules.remedial_review_date(opened),
                confirmed_by_id=self.shared["hr"] if confirmed else None,
                confirmed_at=confirmed,
                outcome_predikat=outcome if finished else "",
                closed_at=closed_at,
                created_at=self.ctx.moment(rng, opened, opened),
            )
            for form_id, title in rng.sample(self.shared["forms"], rng.randint(1, 2)):
                writer.new(
                    RemedialActivity,
                    plan_id=plan["id"],
                    form_id=form_id,
                    title=title,
                    jp=Decimal(rng.choice((4, 8, 16))),
                    reason=_("Perbaikan kinerja"),
                    added_to_plan=status != "opened",
                )

    def _discipline(self, people) -> None:
        ctx, rng = self.ctx, self.rng
        found = {}
        for person in people:
            if rng.random() >= DISCIPLINE_SHARE:
                continue
            severity = rng.choices(("ringan", "sedang", "berat"), (70, 25, 5))[0]
            decided = ctx.today - dt.timedelta(days=rng.randint(30, 900))
            self.writer.new(
                DisciplinaryRecord,
                employee_id=person.id,
                severity=severity,
                decided_on=decided,
                ends_on=decided + dt.timedelta(days=365),
                note=_("Data demo"),
            )
            found[person.id] = [severity]
        self.shared["discipline"] = found

    # --- succession -----------------------------------------------------------------

    def _succession(self, agency_id, people, placements, assessments) -> None:
        ctx, writer, rng = self.ctx, self.writer, self.rng
        posts = list(
            Position.objects.filter(
                agency_id=agency_id, kind__in=list(KEY_SHARE), is_active=True
            )
            .order_by("id")
            .values_list("id", "kind")
        )
        keys = [(pk, kind) for pk, kind in posts if rng.random() < KEY_SHARE[kind]]
        pool = [
            pk
            for pk, p in placements.items()
            if p["confirmed_at"] is not None
            and (p["override_box"] or p["computed_box"]) in rules.POOL_BOXES
        ]
        if not keys or not pool:
            return
        review_id = placements[pool[0]]["review_id"]
        required = requirements_for_positions([pk for pk, _kind in keys])
        by_id = {p.id: p for p in people}
        tmt = dict(Employee.objects.filter(pk__in=pool).values_list("pk", "rank_tmt"))
        ranks = self.shared["ranks"]
        blocked = {
            pk
            for pk, severities in self.shared["discipline"].items()
            if rules.integrity_blocks_pool(severities)
        }
        built = ctx.moment(rng, ctx.today - dt.timedelta(days=20), ctx.today)
        for position_id, kind in keys:
            min_rank = self.shared["min_rank"].get(kind)
            key = writer.new(
                KeyPosition,
                position_id=position_id,
                min_rank_id=min_rank,
                created_at=built,
            )
            plan = writer.new(
                SuccessionPlan,
                key_position_id=key["id"],
                review_id=review_id,
                created_by_id=self.shared["hr"],
                created_at=built,
            )
            shortlist = rng.sample(pool, min(SHORTLIST, len(pool)))
            standard = {c: r.required_level for c, r in required[position_id].items()}
            training = rules.required_leadership_training(kind)
            facts = []
            for pk in shortlist:
                person = by_id[pk]
                if person.position_id == position_id:
                    continue
                p = placements[pk]
                rank_kind, rank_order = ranks[person.rank_id]
                floor = ranks.get(min_rank)
                facts.append(
                    rules.CandidateFacts(
                        employee_id=pk,
                        box=p["override_box"] or p["computed_box"],
                        fit=rules.competency_fit(
                            standard, _latest(assessments.get(pk, []), ctx.today)
                        ),
                        rank_ok=floor is None
                        or (rank_kind == floor[0] and rank_order >= floor[1]),
                        years_in_grade=rules.years_between(tmt[pk], ctx.today),
                        training_required=training,
                        training_done=bool(training) and rng.random() < 0.4,
                        integrity_blocked=pk in blocked,
                    )
                )
            ranked = [r for r in rules.rank_candidates(facts) if r.eligible]
            boxes = {f.employee_id: f.box for f in facts}
            for order, r in enumerate(ranked[:CANDIDATES], start=1):
                writer.new(
                    SuccessionCandidate,
                    plan_id=plan["id"],
                    employee_id=r.employee_id,
                    rank_order=order,
                    readiness=r.score.quantize(Decimal("0.1"), ROUND_HALF_UP),
                    box=boxes[r.employee_id],
                    reasons=[str(x) for x in r.reasons],
                )


def build_talent(ctx: NationalContext, writer: BulkWriter) -> None:
    rng = ctx.rng("talent")
    ranks = {
        pk: (kind, order)
        for pk, kind, order in Rank.objects.values_list("id", "kind", "order")
    }
    codes = dict(Rank.objects.filter(kind="PNS").values_list("code", "id"))
    forms = list(
        DevelopmentForm.objects.filter(is_classical=False)
        .order_by("siasn_code")
        .values_list("id", "name")
    ) or list(DevelopmentForm.objects.order_by("siasn_code").values_list("id", "name"))
    shared = {
        "hr": _hr(),
        "ranks": ranks,
        "min_rank": {kind: codes.get(code) for kind, code in MIN_RANK.items()},
        "forms": forms[:6],
        "discipline": {},
    }
    if not shared["forms"] or not Competency.objects.exists():
        return
    bar = ctx.progress("talent", ctx.employees)
    for people in ctx.people_by_agency():
        _Agency(ctx, writer, rng, shared).run(people)
        bar(len(people))


register_national_step("talent", build_talent, order=110)
