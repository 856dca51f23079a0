"""Demo step: service units of the demo regency and six quarters of responses.

`build(*, agency, rng, stdout)` adds five units (two puskesmas, the RSUD's
outpatient clinic, the Disdukcapil counter and the DPMPTSP one-stop
service), each with its services, and about 800 responses over the last six
quarters. Each unit has its own profile (Disdukcapil slow, a puskesmas with
tired buildings) and most improve a little each quarter, so the report shows
a weakest unsur and a trend. Idempotent: a unit whose code exists is skipped.
"""

import datetime as dt
import random
import uuid

from django.utils import timezone

from jenjang.people.models import OrgUnit
from jenjang.surveys.models import ANSWER_FIELDS, Response, Service, ServiceUnit
from jenjang.surveys.services.periods import QUARTER, current_period, periods_until

QUARTERS = 6
# (code, name, org unit name, services, base mean per unsur U1..U9, per-quarter gain)
UNITS = [
    (
        "pkm-sukamaju",
        "Puskesmas Sukamaju",
        "UPTD Puskesmas Sukamaju",
        ["Rawat jalan", "Imunisasi", "KIA dan KB", "Laboratorium"],
        (3.3, 3.2, 3.0, 3.7, 3.2, 3.3, 3.5, 3.0, 2.7),
        0.04,
    ),
    (
        "pkm-karanganyar",
        "Puskesmas Karanganyar",
        "UPTD Puskesmas Karanganyar",
        ["Rawat jalan", "Imunisasi", "Gigi dan mulut"],
        (3.5, 3.4, 3.3, 3.8, 3.4, 3.5, 3.6, 3.2, 3.3),
        0.02,
    ),
    (
        "rsud-rawat-jalan",
        "RSUD Kabupaten Contoh — Instalasi Rawat Jalan",
        "RSUD Kabupaten Contoh",
        ["Poli umum", "Poli anak", "Poli penyakit dalam", "Farmasi"],
        (3.1, 3.0, 2.6, 3.2, 3.1, 3.4, 3.2, 2.9, 3.1),
        0.05,
    ),
    (
        "disdukcapil",
        "Loket Pelayanan Disdukcapil",
        "Dinas Kependudukan dan Pencatatan Sipil",
        ["KTP-el", "Kartu Keluarga", "Akta kelahiran", "Pindah datang"],
        (3.0, 2.8, 2.4, 3.9, 3.0, 3.1, 3.0, 2.7, 2.9),
        0.06,
    ),
    (
        "dpmptsp",
        "Mal Pelayanan Publik DPMPTSP",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        ["Nomor Induk Berusaha (NIB)", "Persetujuan Bangunan Gedung", "Izin praktik"],
        (3.4, 3.3, 3.1, 3.6, 3.4, 3.5, 3.6, 3.3, 3.5),
        0.01,
    ),
]
SUGGESTIONS = [
    "Antrean terlalu lama, mohon tambah loket.",
    "Petugas ramah dan cepat. Terima kasih.",
    "Ruang tunggu panas, kipas angin rusak.",
    "Mohon informasi persyaratan dipasang di depan.",
    "Parkir sempit.",
    "Pelayanan sudah baik, pertahankan.",
    "Nomor antrean daring sering tidak jalan.",
    "Toilet perlu dibersihkan lebih sering.",
]


def _answer(rng: random.Random, mean: float) -> int:
    return max(1, min(4, round(rng.gauss(mean, 0.55))))


def _moment(rng: random.Random, start: dt.date, end: dt.date) -> dt.datetime:
    day = start + dt.timedelta(days=rng.randrange(max(1, (end - start).days)))
    tz = timezone.get_current_timezone()
    when = dt.time(rng.randint(7, 14), rng.randrange(60))
    return dt.datetime.combine(day, when, tzinfo=tz)


def _responses(rng, unit, services, means, gain, periods, today) -> list[Response]:
    rows = []
    for step, period in enumerate(periods):
        end = min(period.end, today + dt.timedelta(days=1))
        if end <= period.start:
            continue
        share = (end - period.start).days / (period.end - period.start).days
        count = round(rng.randint(25, 40) * share)
        for _ in range(count):
            values = {
                f: _answer(rng, min(3.95, mean + gain * step))
                for f, mean in zip(ANSWER_FIELDS, means, strict=True)
            }
            rows.append(
                Response(
                    service_unit=unit,
                    service=rng.choice(services),
                    channel=rng.choice(["online"] * 4 + ["paper"]),
                    client_uuid=uuid.UUID(int=rng.getrandbits(128), version=4),
                    submitted_at=_moment(rng, period.start, end),
                    age_band=rng.choice(
                        [c for c, _l in Response.AgeBand.choices] + [""]
                    ),
                    sex=rng.choice(["L", "P", ""]),
                    education=rng.choice([c for c, _l in Response.Education.choices]),
                    occupation=rng.choice([c for c, _l in Response.Occupation.choices]),
                    suggestion=rng.choice(SUGGESTIONS) if rng.random() < 0.2 else "",
                    **values,
                )
            )
    return rows


def build(*, agency, rng: random.Random, stdout) -> None:
    today = timezone.localdate()
    periods = periods_until(current_period(QUARTER), QUARTERS)
    made, total = 0, 0
    for code, name, org_name, service_names, means, gain in UNITS:
        if ServiceUnit.objects.filter(code=code).exists():
            continue
        org_unit = OrgUnit.objects.filter(agency=agency, name=org_name).first()
        if org_unit is None:
            continue
        unit = ServiceUnit.objects.create(org_unit=org_unit, code=code, name=name)
        services = Service.objects.bulk_create(
            [Service(service_unit=unit, name=s) for s in service_names]
        )
        rows = _responses(rng, unit, services, means, gain, periods, today)
        Response.objects.bulk_create(rows, batch_size=1000)
        made += 1
        total += len(rows)
    if made:
        stdout(f"surveys: {made} unit pelayanan, {total} tanggapan")
