"""Demo step for events: a monthly public-service workshop series with outside
speakers, a public seminar and a two-day conference, with registrations,
check-ins (JP and certificates through the real services), questions and
feedback.

Idempotent: it looks for its own series first.
"""

import datetime as dt

from auditlog.context import disable_auditlog
from django.utils import timezone

from jenjang.development.services.ledger import form_by_code
from jenjang.events.models import (
    CheckIn,
    Event,
    EventFeedback,
    EventSeries,
    EventSession,
    Question,
    QuestionVote,
    Registration,
    SessionSpeaker,
    Speaker,
)
from jenjang.events.services.checkins import attendance_record
from jenjang.people.models import Employee, JobField, OrgUnit

SERIES_NAME = "Lokakarya Bulanan Pelayanan Publik"
EXPERTS = (
    (
        "Dr. Ratna Wulandari, M.Si.",
        "Universitas Gadjah Mada",
        "Standar pelayanan publik",
    ),
    ("Ir. Bambang Setiawan, MPA", "Ombudsman RI Perwakilan", "Pengelolaan pengaduan"),
    (
        "Dewi Anggraini, S.Sos., M.A.",
        "Lembaga Administrasi Negara",
        "Inovasi pelayanan",
    ),
    ("Dr. Hendra Gunawan", "Kementerian PANRB", "Survei kepuasan masyarakat"),
)
TOPICS = (
    "Menyusun standar pelayanan",
    "Menangani pengaduan masyarakat",
    "Inovasi pelayanan di puskesmas",
    "Membaca hasil survei kepuasan (IKM)",
    "Pelayanan inklusif bagi penyandang disabilitas",
    "Digitalisasi layanan perizinan",
)
QUESTIONS = (
    "Bagaimana menetapkan waktu layanan yang realistis?",
    "Apakah standar pelayanan perlu dikonsultasikan ke masyarakat?",
    "Bagaimana menindaklanjuti pengaduan anonim?",
    "Apa contoh inovasi yang murah tetapi berdampak?",
)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    tz = timezone.get_current_timezone()
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=tz)


def build(ctx) -> None:
    agency = ctx.agency
    if EventSeries.objects.filter(agency=agency, name=SERIES_NAME).exists():
        ctx.write("Data demo kegiatan sudah ada; tidak dibuat ulang.")
        return
    # Demo rows are not anyone's change: skip the audit trail (and its cost).
    with disable_auditlog():
        _build(ctx, agency)


def _build(ctx, agency) -> None:
    rng = ctx.rng("events")
    today = timezone.localdate()
    unit = (
        OrgUnit.objects.filter(agency=agency, name__icontains="Kepegawaian").first()
        or OrgUnit.objects.filter(agency=agency).order_by("path").first()
    )
    health = (
        OrgUnit.objects.filter(agency=agency, name="Dinas Kesehatan").first() or unit
    )
    people = list(
        Employee.objects.filter(agency=agency, is_active=True)
        .select_related("user")
        .order_by("pk")[:400]
    )
    pegawai = Employee.objects.filter(agency=agency, user__username="pegawai").first()
    speakers = [
        Speaker.objects.create(
            agency=agency,
            name=name,
            institution=inst,
            expertise=exp,
            bio=f"{name} adalah praktisi dan peneliti bidang {exp.lower()}.",
        )
        for name, inst, exp in EXPERTS
    ]
    series = EventSeries.objects.create(
        agency=agency,
        organiser_unit=unit,
        name=SERIES_NAME,
        recurrence=EventSeries.Recurrence.MONTHLY,
        description="Lokakarya setiap bulan dengan narasumber ahli pelayanan publik.",
    )
    field = JobField.objects.filter(code__icontains="pelayanan").first()
    counts = {"events": 0, "registrations": 0, "attended": 0}
    # Four past months, this month (next week) and next month.
    for i, offset in enumerate((-4, -3, -2, -1, 0, 1)):
        month = (today.replace(day=1) + dt.timedelta(days=32 * offset)).replace(day=1)
        day = month + dt.timedelta(days=14) if offset else today + dt.timedelta(days=7)
        event = _event(
            agency,
            unit,
            kind=Event.Kind.WORKSHOP,
            title=f"Lokakarya Pelayanan Publik: {TOPICS[i]}",
            starts_at=_at(day, 9),
            ends_at=_at(day, 15),
            venue="Aula BKPSDM",
            capacity=40,
            series=series,
            public=True,
        )
        if field:
            event.job_fields.set([field])
        session = event.sessions.get()
        SessionSpeaker.objects.create(session=session, speaker=speakers[i % 4])
        _fill(ctx, event, people, rng, counts, pegawai=pegawai)
    seminar_day = today + dt.timedelta(days=3)
    seminar = _event(
        agency,
        unit,
        kind=Event.Kind.SEMINAR,
        title="Seminar Transformasi Digital Pelayanan Publik",
        starts_at=_at(seminar_day, 13),
        ends_at=_at(seminar_day, 16),
        venue="Gedung Serbaguna Kabupaten",
        capacity=3,
        public=True,
        audience=Event.Audience.EVERYONE,
    )
    SessionSpeaker.objects.create(session=seminar.sessions.get(), speaker=speakers[2])
    _fill(ctx, seminar, people[:5], rng, counts, pegawai=None)
    conf_day = today - dt.timedelta(days=20)
    conference = _event(
        agency,
        health,
        kind=Event.Kind.CONFERENCE,
        title="Konferensi Kesehatan Daerah",
        starts_at=_at(conf_day, 8),
        ends_at=_at(conf_day + dt.timedelta(days=1), 16),
        venue="Hotel Contoh",
        capacity=120,
        requires_approval=False,
    )
    first = conference.sessions.get()
    first.title = "Pleno: arah pembangunan kesehatan daerah"
    first.ends_at = _at(conf_day, 12)
    first.room = "Ballroom"
    first.save()
    tracks = (("Jalur A", "Ruang Melati"), ("Jalur B", "Ruang Mawar"))
    for j, (track, room) in enumerate(tracks):
        s = EventSession.objects.create(
            event=conference,
            title=f"Sesi paralel {j + 1}: {TOPICS[j + 2]}",
            track=track,
            room=room,
            starts_at=_at(conf_day + dt.timedelta(days=1), 9),
            ends_at=_at(conf_day + dt.timedelta(days=1), 12),
        )
        SessionSpeaker.objects.create(session=s, speaker=speakers[j + 1])
    SessionSpeaker.objects.create(session=first, speaker=speakers[3])
    _fill(ctx, conference, people[100:140], rng, counts, pegawai=pegawai)
    ctx.write(
        "Kegiatan demo: {events} kegiatan, {registrations} pendaftaran, "
        "{attended} hadir.".format(**counts)
    )


def _event(agency, unit, *, kind, title, starts_at, ends_at, venue, capacity, **kw):
    event = Event.objects.create(
        agency=agency,
        organiser_unit=unit,
        kind=kind,
        title=title,
        summary=title,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue,
        capacity=capacity,
        audience=kw.get("audience", Event.Audience.AGENCY),
        development_form=form_by_code(4 if kind == Event.Kind.WORKSHOP else 9),
        requires_approval=kw.get("requires_approval", False),
        is_public=kw.get("public", False),
        series=kw.get("series"),
        status=Event.Status.PUBLISHED,
    )
    EventSession.objects.create(
        event=event,
        title="Sesi utama",
        starts_at=starts_at,
        ends_at=ends_at,
        room=venue,
    )
    return event


def _fill(ctx, event, people, rng, counts, *, pegawai) -> None:
    """Register a sample; for past events check most in and collect feedback."""
    counts["events"] += 1
    now = timezone.now()
    past = event.ends_at < now
    chosen = rng.sample(people, min(len(people), rng.randint(12, 20)))
    if pegawai is not None and pegawai not in chosen:
        chosen.append(pegawai)
    capacity = event.capacity or len(chosen)
    sessions = list(event.sessions.all())
    by = ctx.users.get("penyelenggara")
    regs = []
    for n, person in enumerate(chosen):
        status = (
            Registration.Status.REGISTERED
            if n < capacity
            else Registration.Status.WAITLISTED
        )
        regs.append(
            Registration.objects.create(
                event=event,
                employee=person,
                status=status,
                queued_at=event.starts_at - dt.timedelta(days=10, minutes=n),
            )
        )
    counts["registrations"] += len(regs)
    if not past:
        _questions(event, regs, rng)
        return
    for reg in regs:
        if reg.status != Registration.Status.REGISTERED or rng.random() > 0.85:
            continue
        when = event.starts_at + dt.timedelta(minutes=rng.randint(0, 20))
        reg.attended_at = when
        reg.save(update_fields=["attended_at"])
        for s in sessions:
            CheckIn.objects.create(
                registration=reg, session=s, checked_in_at=max(when, s.starts_at)
            )
        attendance_record(registration=reg, by=by)
        counts["attended"] += 1
        if rng.random() < 0.7:
            EventFeedback.objects.create(
                registration=reg,
                rating=rng.choice((3, 4, 4, 5, 5)),
                usefulness=rng.choice((3, 4, 5)),
                comment=rng.choice(
                    ("", "", "Materi sangat aplikatif.", "Waktu terlalu singkat.")
                ),
            )
    _questions(event, regs, rng, answered=True)


def _questions(event, regs, rng, *, answered=False) -> None:
    session = event.sessions.order_by("starts_at").first()
    askers = [r for r in regs if r.status == Registration.Status.REGISTERED][:4]
    for i, reg in enumerate(askers):
        q = Question.objects.create(
            session=session,
            author=reg.employee,
            text=QUESTIONS[i % len(QUESTIONS)],
            status=Question.Status.ANSWERED
            if answered and i < 2
            else Question.Status.OPEN,
        )
        voters = [r.employee for r in rng.sample(askers, rng.randint(0, len(askers)))]
        QuestionVote.objects.bulk_create(
            [QuestionVote(question=q, voter=v) for v in voters]
        )
        q.vote_count = len(voters)
        q.save(update_fields=["vote_count"])
