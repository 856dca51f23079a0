"""Demo step for the JP ledger: three years of learning in the demo regency.

`build(*, agency, rng, stdout)` adds, to an already-built regency:

- ledger entries for about nine in ten employees over the last three
  calendar years (training, seminars, workshops, e-learning, mentoring,
  coaching, self-study …), converted with the seeded rules and within their
  caps; most employees met 20 JP in past years, about half have so far this
  year, and the demo "pegawai" is still short;
- a few self-learning claims by the demo "atasan"'s direct reports, pending
  for the atasan to verify (and one rejected, to show the reason).

Idempotent: it looks for its own entries and claims first.
"""

import datetime as dt
import random
import uuid
from collections import defaultdict
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from jenjang.accounts.models import User
from jenjang.development.models import LedgerEntry, SelfLearningClaim
from jenjang.development.services.conversion import (
    MINUTES_PER_JP,
    convert,
    ensure_seeded,
    rule_for,
)
from jenjang.development.services.jp_totals import jp_totals_rebuild
from jenjang.development.services.ledger import DEMO
from jenjang.people.models import Employee
from jenjang.people.selectors import employee_direct_reports

BATCH = 2000
PARTICIPATION = 0.9
TOPICS = (
    "Pengelolaan Keuangan Daerah",
    "Pelayanan Publik Prima",
    "Analisis Data dengan Spreadsheet",
    "Penyusunan SKP",
    "Manajemen ASN",
    "Kesehatan Masyarakat",
    "Keterbukaan Informasi Publik",
    "Tata Naskah Dinas",
    "Perencanaan Pembangunan Daerah",
    "Integritas dan Antikorupsi",
    "Pengadaan Barang/Jasa",
    "Literasi Digital",
)
# (SIASN code, title pattern, quantities in the rule's unit; minutes as JP)
ACTIVITIES = (
    (3, "Pelatihan Teknis {t}", "jp", (8, 16, 24, 30)),
    (8, "Bimbingan Teknis {t}", "jp", (6, 8, 12)),
    (2, "Diklat Fungsional {t}", "jp", (20, 30)),
    (5, "Pelatihan Manajerial {t}", "jp", (16, 24)),
    (11, "Kursus {t}", "jp", (10, 20)),
    (9, "Seminar {t}", "n", (1, 2)),
    (4, "Workshop {t}", "n", (1, 2)),
    (7, "Sosialisasi {t}", "n", (1,)),
    (16, "E-learning {t}", "jp", (1, 2, 3)),
    (15, "Mentoring {t}", "n", (1,)),
    (14, "Coaching kinerja", "n", (1,)),
    (22, "Belajar mandiri: {t}", "jp", (1, 2)),
)
PENDING_CLAIMS = (
    ("Webinar Nasional Gizi Masyarakat", 9, "day", 1, "Kementerian Kesehatan"),
    ("Kursus daring Analisis Data Kesehatan", 22, "minutes", 90, "Platform MOOC"),
    ("Seminar Inovasi Pelayanan Publik", 9, "day", 2, "LAN RI"),
)


def _writer(stdout):
    return stdout if callable(stdout) else stdout.write


def build(*, agency, rng: random.Random, stdout) -> None:
    """Add the ledger and claims of the demo regency (idempotent)."""
    write = _writer(stdout)
    ensure_seeded()
    today = timezone.localdate()
    if LedgerEntry.objects.filter(source_type=DEMO, employee__agency=agency).exists():
        write("Data demo JP sudah ada; tidak dibuat ulang.")
    else:
        count = _ledger(agency=agency, rng=rng, today=today)
        write(f"Buku besar JP demo: {count} entri.")
    claims = _claims(agency=agency, rng=rng, today=today)
    if claims:
        write(f"Klaim belajar mandiri demo: {claims} klaim menunggu verifikasi.")


def _rules(agency, today: dt.date, years: list[int]) -> dict:
    """Rule per (form code, year), looked up once."""
    from jenjang.development.models import DevelopmentForm

    forms = {f.siasn_code: f for f in DevelopmentForm.objects.all()}
    rules = {}
    for code, *_rest in ACTIVITIES:
        for year in years:
            on = min(dt.date(year, 12, 31), today)
            rules[(code, year)] = rule_for(agency=agency, form=forms[code], on=on)
    return rules


def _ledger(*, agency, rng: random.Random, today: dt.date) -> int:
    years = [today.year - 2, today.year - 1, today.year]
    rules = _rules(agency, today, years)
    short = set(
        Employee.objects.filter(
            agency=agency, user__username__in=["pegawai"]
        ).values_list("pk", flat=True)
    )
    employees = list(
        Employee.objects.filter(agency=agency, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    batch: list[LedgerEntry] = []
    written = 0
    for employee_id in employees:
        if employee_id not in short and rng.random() > PARTICIPATION:
            continue
        for year in years:
            current = year == today.year
            compliant = rng.random() < (0.5 if current else 0.8)
            if employee_id in short and current:
                compliant = False
            aim = rng.randint(20, 42) if compliant else rng.randint(0, 17)
            batch += _year_entries(
                employee_id, year, aim, rules, rng, today, agency.code
            )
            if len(batch) >= BATCH:
                LedgerEntry.objects.bulk_create(batch)
                written += len(batch)
                batch = []
    if batch:
        LedgerEntry.objects.bulk_create(batch)
        written += len(batch)
    # bulk_create bypasses ledger_post: bring the yearly totals up to date.
    jp_totals_rebuild(agency_id=agency.pk)
    return written


def _year_entries(employee_id, year, aim, rules, rng, today, code) -> list:
    last_day = min(dt.date(year, 12, 31), today)
    span = (last_day - dt.date(year, 1, 1)).days
    entries: list[LedgerEntry] = []
    used: dict[tuple, int] = defaultdict(int)  # (form, day or month) -> uses
    total = Decimal("0")
    for attempt in range(40):
        if total >= aim:
            break
        form_code, pattern, kind, choices = rng.choice(ACTIVITIES)
        rule = rules[(form_code, year)]
        day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, max(span, 0)))
        key = (form_code, day if rule.cap_period == "day" else (day.year, day.month))
        if rule.cap_period and used[key] >= (1 if rule.cap_period == "day" else 2):
            continue
        amount = rng.choice(choices)
        quantity = Decimal(amount * MINUTES_PER_JP if kind == "jp" else amount)
        result = convert(rule, quantity)
        if total + result.jp > aim and aim < 20:
            continue  # keep the below-target people below target
        used[key] += 1
        total += result.jp
        entries.append(
            LedgerEntry(
                employee_id=employee_id,
                occurred_on=day,
                jp=result.jp,
                form_id=rule.form_id,
                title=pattern.format(t=rng.choice(TOPICS)),
                kind=LedgerEntry.Kind.POSTING,
                source_type=DEMO,
                source_id=f"{code}-{employee_id}-{year}-{attempt}",
                quantity=quantity,
                unit=rule.unit,
                rule=rule,
                rule_note=result.note,
            )
        )
    return entries


def demo_pdf(text: str) -> bytes:
    """Return a small valid one-page PDF showing `text` (ASCII)."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _claims(*, agency, rng: random.Random, today: dt.date) -> int:
    """Pending claims for the demo atasan to verify; one rejected for the pegawai."""
    atasan = User.objects.filter(username="atasan").first()
    supervisor = (
        Employee.objects.filter(user=atasan, agency=agency).first() if atasan else None
    )
    if supervisor is None:
        return 0
    reports = list(employee_direct_reports(employee=supervisor).order_by("pk")[:3])
    if not reports or SelfLearningClaim.objects.filter(employee__in=reports).exists():
        return 0
    from jenjang.development.models import DevelopmentForm

    forms = {f.siasn_code: f for f in DevelopmentForm.objects.all()}
    made = 0
    for index, employee in enumerate(reports):
        title, code, unit, quantity, organiser = PENDING_CLAIMS[index]
        ended = today - dt.timedelta(days=rng.randint(3, 20))
        started = ended - dt.timedelta(days=quantity - 1 if unit == "day" else 0)
        claim = SelfLearningClaim(
            employee=employee,
            title=title,
            organiser=organiser,
            form=forms[code],
            started_on=started,
            ended_on=ended,
            quantity=Decimal(quantity),
            unit=unit,
        )
        claim.evidence.save(
            f"{uuid.uuid4().hex}.pdf",
            ContentFile(demo_pdf(f"Sertifikat demo: {title}")),
            save=False,
        )
        claim.save()
        made += 1
    pegawai = next(
        (e for e in reports if e.user and e.user.username == "pegawai"), None
    )
    if pegawai is not None:
        rejected = SelfLearningClaim(
            employee=pegawai,
            title="Membaca buku Manajemen Waktu",
            form=forms[22],
            started_on=today - dt.timedelta(days=40),
            ended_on=today - dt.timedelta(days=40),
            quantity=Decimal(60),
            unit="minutes",
            status=SelfLearningClaim.Status.REJECTED,
            reviewed_by=atasan,
            reviewed_at=timezone.now(),
            review_reason="Bukti belum menunjukkan tanggal kegiatan; unggah ulang "
            "dengan catatan bacaan bertanggal.",
        )
        rejected.evidence.save(
            f"{uuid.uuid4().hex}.pdf",
            ContentFile(demo_pdf("Catatan bacaan")),
            save=False,
        )
        rejected.save()
    return made
