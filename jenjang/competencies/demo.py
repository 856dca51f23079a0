"""Demo data for competencies: technical competencies, job standards, assessments.

`build()` extends the demo regency that `jenjang demo` has built: technical
competencies for its job fields (each with five levels), the standard of
every position in those fields, and assessments for most employees from
several sources over the last two years, so that gaps, the heat map and the
training-needs analysis look real. Idempotent: a second run adds nothing.
"""

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.competencies.models import (
    Assessment,
    Competency,
    CompetencyLevel,
    PositionStandard,
)
from jenjang.competencies.seed import default_level_for, ensure_dictionary
from jenjang.competencies.selectors import requirements_for_positions
from jenjang.people.models import Agency, Employee, JobField, Position

# job field code: (field name, [(code, name, what it is about)])
TECHNICAL: dict[str, tuple[str, list[tuple[str, str, str]]]] = {
    "kesehatan": (
        "Kesehatan",
        [
            (
                "sistem-informasi-kesehatan",
                "Sistem Informasi Kesehatan",
                "pengelolaan sistem informasi kesehatan daerah dan pelaporannya",
            ),
            (
                "manajemen-data-pasien",
                "Manajemen Data Pasien",
                "pencatatan, pengamanan dan pemanfaatan data rekam medis pasien",
            ),
            (
                "pelayanan-kesehatan-primer",
                "Pelayanan Kesehatan Primer",
                "penyelenggaraan pelayanan kesehatan tingkat pertama di puskesmas",
            ),
        ],
    ),
    "keuangan": (
        "Keuangan",
        [
            (
                "akuntansi-akrual",
                "Akuntansi Akrual",
                "penyusunan laporan keuangan pemerintah daerah berbasis akrual",
            ),
            (
                "penganggaran-daerah",
                "Penganggaran Daerah",
                "penyusunan dan pelaksanaan APBD sesuai ketentuan",
            ),
            (
                "pengelolaan-barang-milik-daerah",
                "Pengelolaan Barang Milik Daerah",
                "penatausahaan dan pemanfaatan barang milik daerah",
            ),
        ],
    ),
    "pendidikan": (
        "Pendidikan",
        [
            (
                "pengelolaan-pembelajaran",
                "Pengelolaan Pembelajaran",
                "perencanaan, pelaksanaan dan evaluasi pembelajaran",
            ),
            (
                "asesmen-hasil-belajar",
                "Asesmen Hasil Belajar",
                "perancangan dan pengolahan asesmen hasil belajar peserta didik",
            ),
        ],
    ),
    "kependudukan": (
        "Kependudukan dan Pencatatan Sipil",
        [
            (
                "administrasi-kependudukan",
                "Administrasi Kependudukan",
                "pelayanan dokumen kependudukan dan pencatatan sipil",
            ),
            (
                "pengelolaan-data-kependudukan",
                "Pengelolaan Data Kependudukan",
                "pemutakhiran dan pemanfaatan data kependudukan (SIAK)",
            ),
        ],
    ),
    "perizinan": (
        "Perizinan dan Penanaman Modal",
        [
            (
                "pelayanan-perizinan-terpadu",
                "Pelayanan Perizinan Terpadu",
                "pelayanan perizinan terpadu satu pintu",
            ),
            (
                "perizinan-berusaha-berbasis-risiko",
                "Perizinan Berusaha Berbasis Risiko",
                "perizinan berusaha berbasis risiko melalui sistem OSS",
            ),
        ],
    ),
    "kepegawaian": (
        "Kepegawaian",
        [
            (
                "manajemen-asn",
                "Manajemen ASN",
                "pengelolaan karier, mutasi dan kinerja ASN",
            ),
            (
                "pengembangan-kompetensi-asn",
                "Pengembangan Kompetensi ASN",
                "analisis kebutuhan dan penyelenggaraan pengembangan kompetensi ASN",
            ),
            (
                "sistem-informasi-kepegawaian",
                "Sistem Informasi Kepegawaian",
                "pengelolaan data kepegawaian dan pelaporan ke SIASN",
            ),
        ],
    ),
}

# Five generic levels for a technical competency: (title, description, indicators).
_LEVEL_TEXT = (
    (
        "Memahami dasar {name}",
        "Memahami konsep dan prosedur dasar {about} dengan bimbingan.",
        (
            "Menjelaskan istilah dan prosedur dasar yang berlaku.",
            "Melaksanakan tugas rutin sesuai petunjuk atasan.",
        ),
    ),
    (
        "Menerapkan {name}",
        "Menerapkan prosedur {about} secara mandiri pada tugas rutin.",
        (
            "Menyelesaikan tugas rutin tanpa bimbingan.",
            "Menggunakan aplikasi dan formulir yang ditetapkan dengan benar.",
            "Mengenali kesalahan umum dan memperbaikinya.",
        ),
    ),
    (
        "Menganalisis {name}",
        "Menganalisis masalah {about} dan memilih penyelesaian yang tepat.",
        (
            "Menganalisis data untuk menemukan masalah dan penyebabnya.",
            "Memberi bimbingan teknis kepada rekan kerja.",
            "Menyusun laporan analisis untuk pimpinan.",
        ),
    ),
    (
        "Mengembangkan {name}",
        "Mengembangkan prosedur dan standar {about} di unit kerja.",
        (
            "Menyusun atau memperbaiki prosedur operasional standar.",
            "Mengevaluasi kualitas pelaksanaan di beberapa unit.",
        ),
    ),
    (
        "Menjadi rujukan {name}",
        "Menjadi rujukan dan merumuskan kebijakan {about} di tingkat instansi.",
        (
            "Merumuskan kebijakan teknis tingkat instansi.",
            "Menjadi narasumber bagi instansi lain.",
            "Membina jejaring keahlian lintas instansi.",
        ),
    ),
)

ASSESSED_SHARE = 0.85  # of employees
COMPETENCY_SHARE = 0.8  # of an assessed employee's required competencies
EARLIER_SHARE = 0.3  # also an earlier assessment, to show progress
# Current level relative to the standard, with its weight.
DELTAS = ((-2, 8), (-1, 30), (0, 42), (1, 20))
MANAGERIAL_SOURCES = (
    (Assessment.Source.ASSESSMENT_CENTRE, 4),
    (Assessment.Source.TEST, 2),
    (Assessment.Source.THREE_SIXTY, 2),
    (Assessment.Source.SUPERVISOR, 2),
)
TECHNICAL_SOURCES = ((Assessment.Source.TEST, 1), (Assessment.Source.SUPERVISOR, 1))
DAYS_BACK = 730
# Some units are stronger than others, so that the heat map shows contrast.
UNIT_BIAS = ((-1, 3), (0, 5), (1, 2))


def _writer(stdout) -> Callable[[str], Any]:
    """Accept a stream (management command, sys.stdout) or a print-like callable."""
    if hasattr(stdout, "write"):
        return lambda text: stdout.write(text + "\n")
    return stdout if callable(stdout) else print


def build(*, agency: Agency, rng: random.Random, stdout) -> None:
    """Add the competency demo data to the regency `agency` (idempotent)."""
    say = _writer(stdout)
    with transaction.atomic():
        ensure_dictionary()
        technical = _technical_competencies()
        standards = _position_standards(agency, technical, rng)
        if Assessment.objects.filter(employee__agency=agency).exists():
            say(_("Data demo kompetensi sudah ada; tidak dibuat ulang."))
            return
        count = _assessments(agency, rng, timezone.localdate())
    say(
        _(
            "Kompetensi: %(comp)d kompetensi teknis, %(std)d standar jabatan, "
            "%(n)d hasil asesmen."
        )
        % {
            "comp": sum(len(c) for c in technical.values()),
            "std": standards,
            "n": count,
        }
    )


def _technical_competencies() -> dict[str, list[Competency]]:
    """Create the technical competencies and their levels; return them by field."""
    result: dict[str, list[Competency]] = {}
    for field_code, (field_name, items) in TECHNICAL.items():
        job_field, _created = JobField.objects.get_or_create(
            code=field_code, defaults={"name": field_name}
        )
        result[field_code] = []
        for code, name, about in items:
            competency, created = Competency.objects.get_or_create(
                code=code,
                defaults={
                    "name": name,
                    "kind": Competency.Kind.TECHNICAL,
                    "job_field": job_field,
                    "description": f"Kemampuan dalam {about}.",
                },
            )
            if created:
                CompetencyLevel.objects.bulk_create(
                    [
                        CompetencyLevel(
                            competency=competency,
                            level=number,
                            title=title.format(name=name),
                            description=description.format(about=about),
                            indicators="\n".join(indicators),
                        )
                        for number, (title, description, indicators) in enumerate(
                            _LEVEL_TEXT, start=1
                        )
                    ]
                )
            result[field_code].append(competency)
    return result


def _position_standards(
    agency: Agency, technical: dict[str, list[Competency]], rng: random.Random
) -> int:
    """Give each position in those fields its technical standard; return how many rows."""
    positions = Position.objects.filter(
        agency=agency, job_field__code__in=list(technical)
    ).select_related("job_field")
    rows = []
    for position in positions.order_by("id"):
        level = default_level_for(position.kind, position.functional_level) or 1
        competencies = technical[position.job_field.code]
        # Every position needs the field's first two; some also the third.
        chosen = competencies[:2] + [c for c in competencies[2:] if rng.random() < 0.5]
        for competency in chosen:
            required = min(5, level + (1 if position.functional_level else 0))
            rows.append(
                PositionStandard(
                    position=position, competency=competency, required_level=required
                )
            )
    PositionStandard.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000)
    return PositionStandard.objects.filter(position__agency=agency).count()


def _weighted(rng: random.Random, pairs) -> Any:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _assessments(agency: Agency, rng: random.Random, today: dt.date) -> int:
    employees = list(
        Employee.objects.filter(agency=agency, is_active=True)
        .order_by("id")
        .values_list("id", "position_id", "org_unit_id", "user__username")
    )
    requirements = requirements_for_positions(sorted({row[1] for row in employees}))
    bias = {
        unit_id: _weighted(rng, UNIT_BIAS)
        for unit_id in sorted({r[2] for r in employees})
    }
    technical = set(
        Competency.objects.filter(kind=Competency.Kind.TECHNICAL).values_list(
            "id", flat=True
        )
    )
    rows: list[Assessment] = []
    seen: set[tuple] = set()

    def add(employee_id, competency_id, level, day, source) -> None:
        key = (employee_id, competency_id, day, source)
        if key not in seen:
            seen.add(key)
            rows.append(
                Assessment(
                    employee_id=employee_id,
                    competency_id=competency_id,
                    level=max(1, min(5, level)),
                    assessed_on=day,
                    source=source,
                )
            )

    for employee_id, position_id, unit_id, username in employees:
        # The demo employee always has gaps to work on.
        showcase = username == "pegawai"
        if not showcase and rng.random() > ASSESSED_SHARE:
            continue
        for number, (competency_id, requirement) in enumerate(
            sorted(requirements[position_id].items())
        ):
            if not showcase and rng.random() > COMPETENCY_SHARE:
                continue
            sources = (
                TECHNICAL_SOURCES if competency_id in technical else MANAGERIAL_SOURCES
            )
            if showcase and number < 4:
                delta = -1 - (number % 2)
            else:
                delta = min(_weighted(rng, DELTAS) + bias[unit_id], 1)
            level = requirement.required_level + delta
            day = today - dt.timedelta(days=rng.randint(0, DAYS_BACK // 2))
            add(employee_id, competency_id, level, day, _weighted(rng, sources))
            if rng.random() < EARLIER_SHARE:
                earlier = day - dt.timedelta(days=rng.randint(90, DAYS_BACK // 2))
                add(
                    employee_id,
                    competency_id,
                    level - 1,
                    earlier,
                    _weighted(rng, sources),
                )
    Assessment.objects.bulk_create(rows, batch_size=5000)
    return len(rows)
