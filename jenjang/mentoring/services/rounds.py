"""Matching rounds: create, run (a background job), pin/forbid, publish."""

import datetime as dt

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jenjang.core.audit import acting_as
from jenjang.core.exceptions import ApplicationError
from jenjang.mentoring.models import (
    MAX_WEIGHT,
    MatchingRound,
    MenteeRequest,
    MentorProfile,
    PairRule,
    ProposedPair,
    Relationship,
)
from jenjang.mentoring.services import matching
from jenjang.mentoring.services.rules import (
    Mentee,
    Mentor,
    Policy,
    broken_rules,
    position_level,
)
from jenjang.people.models import OrgUnit

WEIGHT_FIELDS = ("w_coverage", "w_field", "w_seniority", "w_unit", "w_load")
MAX_RANK_GAP = 16
BULK = 2000
RULE_LABELS = {
    "rule_not_self": gettext_lazy("mentor dan mentee orang yang sama"),
    "rule_has_capacity": gettext_lazy(
        "kapasitas mentor sudah penuh atau tidak bersedia"
    ),
    "rule_not_forbidden": gettext_lazy("pasangan dilarang atau pernah ditolak"),
    "rule_mode_compatible": gettext_lazy("cara bertemu tidak cocok"),
    "rule_not_own_supervisor": gettext_lazy("mentor adalah atasan langsung mentee"),
    "rule_senior_enough": gettext_lazy(
        "mentor kurang senior atau terlalu jauh golongannya"
    ),
    "rule_relevant": gettext_lazy(
        "mentor tidak menguasai kompetensi atau bidang yang dicari"
    ),
}


# --- create and settings --------------------------------------------------------


def _check_weights(weights: dict) -> dict[str, int]:
    clean = {}
    for name in WEIGHT_FIELDS:
        try:
            value = int(weights.get(name, getattr(MatchingRound, name).field.default))
        except (TypeError, ValueError):
            value = -1
        if not 0 <= value <= MAX_WEIGHT:
            raise ApplicationError(
                "bad_weight",
                _("Bobot harus bilangan 0 sampai %(n)d.") % {"n": MAX_WEIGHT},
            )
        clean[name] = value
    if sum(clean.values()) == 0:
        raise ApplicationError(
            "zero_weights", _("Paling sedikit satu bobot harus > 0.")
        )
    return clean


def _check_gaps(min_gap, max_gap) -> tuple[int, int]:
    try:
        low, high = int(min_gap), int(max_gap)
    except (TypeError, ValueError):
        low, high = -1, -1
    if not (0 <= low <= high <= MAX_RANK_GAP):
        raise ApplicationError(
            "bad_rank_gap",
            _("Selisih golongan: minimum 0, maksimum %(n)d, dan minimum ≤ maksimum.")
            % {"n": MAX_RANK_GAP},
        )
    return low, high


def round_create(
    *,
    name: str,
    org_unit: OrgUnit,
    by,
    weights: dict | None = None,
    min_rank_gap=1,
    max_rank_gap=8,
    allow_supervisor: bool = False,
) -> MatchingRound:
    """Create a draft round over an org-unit subtree the caller manages."""
    name = (name or "").strip()
    if not name or len(name) > 120:
        raise ApplicationError(
            "bad_name", _("Nama putaran wajib diisi (paling panjang 120 karakter).")
        )
    low, high = _check_gaps(min_rank_gap, max_rank_gap)
    with acting_as(by):
        return MatchingRound.objects.create(
            name=name,
            org_unit=org_unit,
            min_rank_gap=low,
            max_rank_gap=high,
            allow_supervisor=bool(allow_supervisor),
            created_by=by if getattr(by, "pk", None) else None,
            **_check_weights(weights or {}),
        )


def round_update(
    *,
    round: MatchingRound,
    by,
    weights: dict,
    min_rank_gap,
    max_rank_gap,
    allow_supervisor: bool,
) -> MatchingRound:
    """Change a round's weights and range before it is published (then re-run)."""
    _check_editable(round)
    low, high = _check_gaps(min_rank_gap, max_rank_gap)
    for name, value in _check_weights(weights).items():
        setattr(round, name, value)
    round.min_rank_gap, round.max_rank_gap = low, high
    round.allow_supervisor = bool(allow_supervisor)
    with acting_as(by):
        round.save()
    return round


def _check_editable(round: MatchingRound) -> None:
    if round.status == MatchingRound.Status.PUBLISHED:
        raise ApplicationError(
            "round_published", _("Putaran ini sudah diumumkan dan tidak dapat diubah.")
        )
    if round.is_running:
        raise ApplicationError(
            "round_running", _("Putaran sedang dihitung. Tunggu hingga selesai.")
        )


# --- loading the round's people ---------------------------------------------------


def _mentee_record(request: MenteeRequest) -> Mentee:
    emp = request.employee
    pos = emp.position
    return Mentee(
        key=request.pk,
        employee_id=emp.pk,
        unit_id=emp.org_unit_id,
        rank_order=emp.rank.order if emp.rank_id else None,
        level=position_level(pos.kind, pos.functional_level),
        supervisor_position_id=pos.reports_to_id,
        job_field_id=pos.job_field_id,
        needs={rc.competency_id: rc.target_level for rc in request.competencies.all()},
        unit_preference=request.unit_preference,
        mode=request.mode,
    )


def _mentor_record(profile: MentorProfile, extra_load: int = 0) -> Mentor:
    emp = profile.employee
    pos = emp.position
    return Mentor(
        key=profile.pk,
        employee_id=emp.pk,
        unit_id=emp.org_unit_id,
        rank_order=emp.rank.order if emp.rank_id else None,
        level=position_level(pos.kind, pos.functional_level),
        position_id=pos.pk,
        job_field_id=pos.job_field_id,
        fields=frozenset(f.pk for f in profile.job_fields.all()),
        strengths={s.competency_id: s.level for s in profile.strengths.all()},
        capacity=profile.capacity,
        load=profile.live_load + extra_load,
        available=profile.is_available and emp.is_active,
        mode=profile.mode,
    )


def open_requests(round: MatchingRound):
    return (
        MenteeRequest.objects.filter(
            status=MenteeRequest.Status.OPEN,
            employee__is_active=True,
            employee__org_unit__path__startswith=round.org_unit.path,
        )
        .select_related("employee__position", "employee__rank")
        .prefetch_related("competencies")
        .order_by("pk")
    )


def round_mentors(round: MatchingRound):
    return (
        MentorProfile.objects.filter(
            employee__org_unit__path__startswith=round.org_unit.path,
        )
        .annotate(
            live_load=Count(
                "relationships",
                filter=Q(relationships__status__in=Relationship.LIVE_STATUSES),
            )
        )
        .select_related("employee__position", "employee__rank")
        .prefetch_related("job_fields", "strengths")
        .order_by("pk")
    )


def declined_pairs(mentee_ids) -> set[tuple[int, int]]:
    """(mentee, mentor) employee pairs where one side declined before."""
    rows = Relationship.objects.filter(
        status=Relationship.Status.DECLINED, mentee_id__in=list(mentee_ids)
    ).values_list("mentee_id", "mentor_id")
    return set(rows)


def policy_for(round: MatchingRound, mentee_ids) -> Policy:
    forbidden = set(declined_pairs(mentee_ids))
    forbidden.update(
        round.rules.filter(kind=PairRule.Kind.FORBID).values_list(
            "request__employee_id", "mentor__employee_id"
        )
    )
    return Policy(
        min_rank_gap=round.min_rank_gap,
        max_rank_gap=round.max_rank_gap,
        allow_supervisor=round.allow_supervisor,
        weights={k.removeprefix("w_"): getattr(round, k) for k in WEIGHT_FIELDS},
        forbidden=frozenset(forbidden),
    )


# --- running ---------------------------------------------------------------------


def round_enqueue(*, round: MatchingRound, by) -> MatchingRound:
    """Queue the round's computation as a background job (re-run allowed)."""
    _check_editable(round)
    with acting_as(by), transaction.atomic():
        MatchingRound.objects.filter(pk=round.pk).update(
            status=MatchingRound.Status.QUEUED, progress=0, message=""
        )
        transaction.on_commit(lambda: _enqueue(round.pk))
    round.refresh_from_db()
    return round


def _enqueue(round_id: int) -> None:
    from jenjang.mentoring import tasks

    tasks.run_matching_round.enqueue(round_id)


def _progress(round_id: int, percent: int, message: str = "") -> None:
    MatchingRound.objects.filter(pk=round_id).update(progress=percent, message=message)


def round_run(*, round_id: int) -> MatchingRound:
    """Compute the round's optimum and store it as proposed pairs.

    Progress is written as it goes (outside any transaction) so the round page
    can poll it; the result replaces the previous proposals in one transaction.
    """
    round = MatchingRound.objects.select_related("org_unit").get(pk=round_id)
    if round.status == MatchingRound.Status.PUBLISHED:
        return round
    MatchingRound.objects.filter(pk=round_id).update(
        status=MatchingRound.Status.RUNNING, progress=5, message=""
    )
    try:
        outcome = _compute(round)
    except Exception:
        MatchingRound.objects.filter(pk=round_id).update(
            status=MatchingRound.Status.FAILED,
            message=_("Terjadi kesalahan tak terduga saat menghitung."),
        )
        raise
    round.refresh_from_db()
    return outcome


def _compute(round: MatchingRound) -> MatchingRound:
    requests = list(open_requests(round))
    pins = {
        r.request_id: r
        for r in round.rules.filter(kind=PairRule.Kind.PIN).select_related(
            "mentor__employee"
        )
    }
    profiles = list(round_mentors(round))
    pinned_count: dict[int, int] = {}
    for rule in pins.values():
        pinned_count[rule.mentor_id] = pinned_count.get(rule.mentor_id, 0) + 1
    _progress(round.pk, 10, _("Memuat mentor dan permintaan"))
    mentee_records = [_mentee_record(r) for r in requests]
    policy = policy_for(round, [m.employee_id for m in mentee_records])
    plain = [_mentor_record(p) for p in profiles]
    # Pinned pairs take their mentor's first free slots; the rest is solved.
    mentors = [_mentor_record(p, pinned_count.get(p.pk, 0)) for p in profiles]
    free_rows = [i for i, r in enumerate(requests) if r.pk not in pins]
    result = matching.optimal_round(
        [mentee_records[i] for i in free_rows],
        mentors,
        policy,
        progress=lambda p, _m: _progress(round.pk, p, _("Menghitung pasangan optimal")),
    )
    rows = _pinned_rows(round, requests, mentee_records, plain, profiles, pins, policy)
    for pair in result.pairs:
        request = requests[free_rows[pair.row]]
        rows.append(
            ProposedPair(
                round=round,
                request=request,
                mentor=profiles[pair.col],
                score=round_points(pair.score),
                breakdown={k: round_points(v) for k, v in pair.breakdown.items()},
            )
        )
    _progress(round.pk, 90, _("Menyimpan usulan"))
    with transaction.atomic():
        ProposedPair.objects.filter(round=round).delete()
        ProposedPair.objects.bulk_create(rows, batch_size=BULK)
        MatchingRound.objects.filter(pk=round.pk).update(
            status=MatchingRound.Status.DONE,
            progress=100,
            message="",
            mentee_count=len(requests),
            mentor_count=sum(1 for m in plain if m.free > 0),
            candidate_count=result.candidates,
            matched_count=len(rows),
            total_score=round_points(sum(r.score for r in rows)),
            finished_at=timezone.now(),
        )
    round.refresh_from_db()
    return round


def round_points(value: float) -> float:
    return round(value, 2)


def _pinned_rows(round, requests, mentee_records, mentors, profiles, pins, policy):
    """Keep each pin whose pair is still admissible, with its own breakdown."""
    from jenjang.mentoring.services.rules import base_breakdown, slot_points

    index = {p.pk: j for j, p in enumerate(profiles)}
    used: dict[int, int] = {}
    rows = []
    for i, request in enumerate(requests):
        rule = pins.get(request.pk)
        if rule is None or rule.mentor_id not in index:
            continue
        mentor = mentors[index[rule.mentor_id]]
        slot = used.get(rule.mentor_id, 0)
        if broken_rules(mentee_records[i], mentor, policy) or slot >= mentor.free:
            continue
        used[rule.mentor_id] = slot + 1
        parts = base_breakdown(mentee_records[i], mentor, policy)
        parts["load"] = slot_points(mentor, policy)[slot]
        rows.append(
            ProposedPair(
                round=round,
                request=request,
                mentor=profiles[index[rule.mentor_id]],
                score=round_points(sum(parts.values())),
                breakdown={k: round_points(v) for k, v in parts.items()},
                pinned=True,
            )
        )
    return rows


# --- pins and forbids -------------------------------------------------------------


def pair_rule_set(
    *,
    round: MatchingRound,
    request: MenteeRequest,
    mentor: MentorProfile,
    kind: str,
    by,
) -> PairRule:
    """Pin or forbid a pair in a round; a pin must be admissible."""
    _check_editable(round)
    if kind not in PairRule.Kind.values:
        raise ApplicationError("bad_kind", _("Jenis aturan tidak dikenal."))
    inside = request.employee.org_unit.path.startswith(round.org_unit.path)
    if request.status != MenteeRequest.Status.OPEN or not inside:
        raise ApplicationError(
            "request_not_in_round", _("Permintaan ini tidak termasuk putaran ini.")
        )
    if not mentor.employee.org_unit.path.startswith(round.org_unit.path):
        raise ApplicationError(
            "mentor_not_in_round", _("Mentor ini tidak termasuk putaran ini.")
        )
    with acting_as(by), transaction.atomic():
        PairRule.objects.filter(round=round, request=request, mentor=mentor).delete()
        if kind == PairRule.Kind.PIN:
            PairRule.objects.filter(
                round=round, request=request, kind=PairRule.Kind.PIN
            ).delete()
            _check_pin(round, request, mentor)
        return PairRule.objects.create(
            round=round, request=request, mentor=mentor, kind=kind
        )


def _check_pin(round, request, mentor) -> None:
    profile = round_mentors(round).filter(pk=mentor.pk).first()
    mentee = _mentee_record(
        open_requests(round).filter(pk=request.pk).first() or request
    )
    policy = policy_for(round, [mentee.employee_id])
    pinned_elsewhere = (
        round.rules.filter(kind=PairRule.Kind.PIN, mentor=mentor)
        .exclude(request=request)
        .count()
    )
    broken = broken_rules(mentee, _mentor_record(profile, pinned_elsewhere), policy)
    if broken:
        raise ApplicationError(
            "pair_not_admissible",
            _("Pasangan ini tidak memenuhi syarat: %(why)s.")
            % {"why": "; ".join(str(RULE_LABELS[b]) for b in broken)},
            details={"rules": broken},
        )


def pair_rule_delete(*, rule: PairRule, by) -> None:
    _check_editable(rule.round)
    with acting_as(by):
        rule.delete()


# --- publishing -------------------------------------------------------------------


def round_publish(*, round: MatchingRound, by) -> int:
    """Turn the proposals into pairs awaiting both sides' answer; return how many.

    Capacity and the request's state are checked again under row locks: a
    pair whose mentor filled up or whose request moved on since the run is
    skipped, never over-filled.
    """
    published: list[int] = []
    with acting_as(by), transaction.atomic():
        locked = MatchingRound.objects.select_for_update().get(pk=round.pk)
        if locked.status != MatchingRound.Status.DONE:
            raise ApplicationError(
                "round_not_ready", _("Hitung putaran ini dulu sebelum diumumkan.")
            )
        pairs = list(
            locked.pairs.select_related("request", "mentor").order_by(
                "-pinned", "-score", "pk"
            )
        )
        mentor_ids = sorted({p.mentor_id for p in pairs})
        profiles = {
            p.pk: p
            for p in MentorProfile.objects.select_for_update().filter(pk__in=mentor_ids)
        }
        loads = dict(
            Relationship.objects.filter(
                mentor_profile_id__in=mentor_ids, status__in=Relationship.LIVE_STATUSES
            )
            .values("mentor_profile_id")
            .annotate(n=Count("pk"))
            .values_list("mentor_profile_id", "n")
        )
        request_ids = [p.request_id for p in pairs]
        open_ids = set(
            MenteeRequest.objects.select_for_update()
            .filter(pk__in=request_ids, status=MenteeRequest.Status.OPEN)
            .values_list("pk", flat=True)
        )
        for pair in pairs:
            profile = profiles[pair.mentor_id]
            if (
                pair.request_id not in open_ids
                or loads.get(profile.pk, 0) >= profile.capacity
            ):
                continue
            Relationship.objects.create(
                kind=Relationship.Kind.MENTORING,
                mentor_id=profile.employee_id,
                mentee_id=pair.request.employee_id,
                mentor_profile=profile,
                request=pair.request,
                round=locked,
                proposal=pair,
            )
            loads[profile.pk] = loads.get(profile.pk, 0) + 1
            open_ids.discard(pair.request_id)
            published.append(pair.request_id)
        MenteeRequest.objects.filter(pk__in=published).update(
            status=MenteeRequest.Status.PROPOSED
        )
        locked.status = MatchingRound.Status.PUBLISHED
        locked.published_at = timezone.now()
        locked.save(update_fields=["status", "published_at"])
    return len(published)


def today() -> dt.date:
    return timezone.localdate()
