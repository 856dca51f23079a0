"""Demo step for mentoring: mentors, requests, a published round, pairs at work.

`build(*, agency, rng, stdout)` adds to the demo regency, inside the demo
login's department (Dinas Kesehatan, else the agency's first unit):

- mentor profiles for the demo "mentor" and a dozen senior colleagues;
- mentee requests from about thirty junior colleagues, the demo "pegawai"
  among them (competencies from their largest gaps);
- one matching round, computed and published; most pairs accepted and
  active with goals, sessions (JP posted to the ledger) and feedback, a few
  left quiet, and the demo "pegawai"'s proposal left for them to answer;
- the demo "atasan" coaching the demo "pegawai".

Idempotent: it stops when its round already exists.
"""

import contextlib
import datetime as dt
import random

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.core.exceptions import ApplicationError
from jenjang.mentoring.models import (
    Feedback,
    Goal,
    MatchingRound,
    MenteeRequest,
    MentorProfile,
    PairRule,
    Relationship,
    Session,
)
from jenjang.mentoring.services import profiles, rounds
from jenjang.mentoring.services.sessions import session_post_jp
from jenjang.people.models import Agency, Employee, OrgUnit, Position

ROUND_NAME = "Putaran mentoring demo"
MENTORS = 12
MENTEES = 30
TOPICS = (
    "Membaca data kunjungan puskesmas",
    "Menyusun laporan kinerja",
    "Komunikasi dengan lintas sektor",
    "Perencanaan anggaran kegiatan",
    "Menyusun SKP dan indikator",
    "Pelayanan prima di loket",
    "Menulis telaahan staf",
)
GOALS = (
    ("Menyusun dasbor data gizi", "Dasbor dipakai dalam rapat bulanan"),
    ("Menulis telaahan staf mandiri", "Dua telaahan disetujui tanpa revisi besar"),
    ("Memimpin rapat koordinasi", "Satu rapat lintas seksi dipimpin sendiri"),
)


def build(*, agency: Agency, rng: random.Random, stdout) -> None:
    write = getattr(stdout, "write", stdout)
    if MatchingRound.objects.filter(name=ROUND_NAME, org_unit__agency=agency).exists():
        write(_("Data mentoring demo sudah ada; tidak dibuat ulang."))
        return
    unit = (
        OrgUnit.objects.filter(code=f"{agency.code}.DINKES").first()
        or OrgUnit.objects.filter(agency=agency).order_by("depth", "path").first()
    )
    if unit is None:
        return
    with transaction.atomic():
        counts = _build(agency, unit, rng, timezone.localdate())
    write(
        _(
            "Mentoring: %(mentors)d mentor, %(requests)d permintaan, "
            "%(pairs)d pasangan, %(sessions)d sesi."
        )
        % counts
    )


def _people(unit: OrgUnit):
    return (
        Employee.objects.filter(
            is_active=True,
            kind=Employee.Kind.PNS,
            org_unit__path__startswith=unit.path,
        )
        .select_related("position", "rank", "user")
        .order_by("id")
    )


def _login(agency, username: str) -> Employee | None:
    return (
        Employee.objects.filter(agency=agency, user__username=username)
        .select_related("position", "rank")
        .first()
    )


def _build(agency, unit, rng, today: dt.date) -> dict:
    people = _people(unit)
    mentor_login = _login(agency, "mentor")
    pegawai = _login(agency, "pegawai")
    atasan = _login(agency, "atasan")
    seniors = list(
        people.filter(rank__order__gte=12)
        .filter(
            Q(position__kind=Position.Kind.FUNGSIONAL)
            | Q(
                position__kind__in=[Position.Kind.PENGAWAS, Position.Kind.ADMINISTRATOR]
            )
        )
        .exclude(pk__in=[e.pk for e in (pegawai, atasan) if e])[: MENTORS * 3]
    )
    rng.shuffle(seniors)
    mentors = ([mentor_login] if mentor_login else []) + [
        e for e in seniors if e != mentor_login
    ][:MENTORS]
    for employee in mentors:
        profiles.mentor_profile_save(
            employee=employee,
            by=None,
            source=rng.choice(MentorProfile.Source.values),
            capacity=rng.choice((2, 3, 3, 4)),
            mode=rng.choice(("any", "any", "offline", "online")),
            availability=rng.choice(("Selasa sore", "Kamis pagi", "Jumat siang")),
        )
    mentor_ids = {e.pk for e in mentors}
    juniors = list(
        people.filter(rank__order__lte=11).exclude(pk__in=mentor_ids)[: MENTEES * 3]
    )
    rng.shuffle(juniors)
    mentees = ([pegawai] if pegawai else []) + [e for e in juniors if e != pegawai]
    requests = 0
    for employee in mentees[:MENTEES]:
        try:
            profiles.mentee_request_create(
                employee=employee,
                by=None,
                goals=rng.choice(GOALS)[0],
                unit_preference=rng.choice(("any", "any", "other", "same")),
            )
            requests += 1
        except ApplicationError:
            continue
    rnd = rounds.round_create(name=ROUND_NAME, org_unit=unit, by=None)
    _pin_pegawai(rnd, pegawai, mentor_login)
    rounds.round_run(round_id=rnd.pk)
    rnd.refresh_from_db()
    rounds.round_publish(round=rnd, by=None)
    sessions = _pairs_at_work(rnd, pegawai, rng, today)
    sessions += _coaching(atasan, pegawai, today)
    return {
        "mentors": len(mentors),
        "requests": requests,
        "pairs": Relationship.objects.filter(round=rnd).count(),
        "sessions": sessions,
    }


def _pin_pegawai(rnd, pegawai, mentor_login) -> None:
    """Pair the demo pegawai with the demo mentor when the rules allow it."""
    if not (pegawai and mentor_login):
        return
    request = MenteeRequest.objects.filter(employee=pegawai, status="open").first()
    profile = MentorProfile.objects.filter(employee=mentor_login).first()
    if request and profile:
        with contextlib.suppress(ApplicationError):
            rounds.pair_rule_set(
                round=rnd,
                request=request,
                mentor=profile,
                kind=PairRule.Kind.PIN,
                by=None,
            )


def _pairs_at_work(rnd, pegawai, rng, today: dt.date) -> int:
    made = 0
    for rel in Relationship.objects.filter(round=rnd).select_related(
        "mentor", "mentee", "request"
    ):
        if pegawai and rel.mentee_id == pegawai.pk:
            continue  # left for the demo pegawai to accept
        if rng.random() < 0.15:
            Relationship.objects.filter(pk=rel.pk).update(
                mentor_accepted_at=timezone.now()
            )
            continue
        weeks = rng.randint(6, 20)
        start = today - dt.timedelta(weeks=weeks)
        rel.status = Relationship.Status.ACTIVE
        rel.mentor_accepted_at = rel.mentee_accepted_at = timezone.now()
        rel.started_on = start
        rel.save()
        MenteeRequest.objects.filter(pk=rel.request_id).update(status="matched")
        title, measure = rng.choice(GOALS)
        Goal.objects.create(
            relationship=rel,
            title=title,
            measure=measure,
            due_on=start + dt.timedelta(weeks=24),
            status=rng.choice(("open", "open", "achieved")),
        )
        quiet = rng.random() < 0.2
        n = 0 if quiet else rng.randint(1, min(weeks // 2, 5))
        days = sorted(rng.sample(range(1, weeks * 7 - 1), n)) if n else []
        for offset in days:
            made += _session(rel, start + dt.timedelta(days=offset), rng)
        if n and rng.random() < 0.7:
            for side in ("mentor", "mentee"):
                Feedback.objects.create(
                    relationship=rel, side=side, rating=rng.choice((3, 4, 4, 5, 5))
                )
    return made


def _session(rel: Relationship, day: dt.date, rng) -> int:
    session = Session.objects.create(
        relationship=rel,
        held_on=day,
        duration_minutes=rng.choice((45, 60, 90)),
        topics=rng.choice(TOPICS),
        notes="",
    )
    session_post_jp(session=session, relationship=rel, by=None)
    if rel.last_session_on is None or day > rel.last_session_on:
        rel.last_session_on = day
        rel.save(update_fields=["last_session_on"])
    return 1


def _coaching(atasan, pegawai, today: dt.date) -> int:
    if not (atasan and pegawai):
        return 0
    from jenjang.mentoring.services.pairs import coaching_start

    try:
        rel = coaching_start(coach=atasan, member=pegawai, by=None)
    except ApplicationError:
        return 0
    rel.started_on = today - dt.timedelta(weeks=3)
    rel.save(update_fields=["started_on"])
    return _session(rel, today - dt.timedelta(days=7), random.Random(7))
