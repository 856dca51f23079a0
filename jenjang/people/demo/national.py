"""National-shape data for benchmarks: N employees over generated agencies.

Shape (DESIGN.md, "Scale"): about 4.7 million ASN in 600 agencies, so one
agency per 7,800 employees, and about 100,000 units, so one unit per 47
employees; trees 3 to 5 levels deep. Education and health dominate regional
agencies, as they do in the real registry. One agency is generated at a
time, so memory holds one agency's units and one batch of rows, whatever N.
"""

import datetime as dt
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.core.exceptions import ApplicationError
from jenjang.people.demo.careers import NipAllocator
from jenjang.people.demo.catalogue import (
    BATCH_SIZE,
    DEFAULT_SEED,
    EMPLOYEES_PER_AGENCY,
    EMPLOYEES_PER_UNIT,
    JOBS,
    NATIONAL_CODE_PREFIX,
    NATIONAL_SEQUENCES,
    K,
    head_job,
)
from jenjang.people.demo.logins import LoginRow, ensure_logins, national_login_targets
from jenjang.people.demo.rows import (
    Generator,
    IdAllocator,
    Refs,
    Row,
    RowWriter,
    next_root_step,
)
from jenjang.people.models import Agency, OrgUnit, Position

# (name, rumpun, weight of its staff)
REGIONAL_OFFICES = (
    ("Dinas Pendidikan", "pendidikan", 3.0),
    ("Dinas Kesehatan", "kesehatan", 2.5),
    ("Sekretariat Daerah", "administrasi-pemerintahan", 1.0),
    ("Badan Pengelolaan Keuangan dan Aset Daerah", "keuangan", 1.0),
    ("Badan Kepegawaian dan Pengembangan SDM", "kepegawaian", 0.8),
    ("Dinas Kependudukan dan Pencatatan Sipil", "kependudukan", 0.8),
    ("Dinas Penanaman Modal dan PTSP", "perizinan", 0.6),
    ("Inspektorat Daerah", "administrasi-pemerintahan", 0.6),
    ("Dinas Pekerjaan Umum dan Penataan Ruang", "administrasi-pemerintahan", 1.0),
    ("Dinas Sosial", "administrasi-pemerintahan", 0.7),
    ("Dinas Perhubungan", "administrasi-pemerintahan", 0.7),
    ("Dinas Pertanian", "administrasi-pemerintahan", 0.9),
)
CENTRAL_OFFICES = (
    ("Sekretariat Jenderal", "administrasi-pemerintahan", 1.0),
    ("Inspektorat Jenderal", "administrasi-pemerintahan", 0.6),
    ("Direktorat Jenderal Pelayanan", "administrasi-pemerintahan", 1.5),
    ("Direktorat Jenderal Pembinaan", "administrasi-pemerintahan", 1.5),
    ("Biro Keuangan", "keuangan", 0.8),
    ("Biro Sumber Daya Manusia", "kepegawaian", 0.8),
    ("Pusat Data dan Informasi", "teknologi-informasi", 0.6),
)
SUB_UNIT_PREFIX = {3: "Bidang", 4: "Seksi"}
SUB_UNIT_TOPICS = (
    "Perencanaan",
    "Pelayanan",
    "Pembinaan",
    "Pengawasan",
    "Data dan Informasi",
    "Sarana dan Prasarana",
    "Pengembangan",
    "Evaluasi dan Pelaporan",
)
STAFF_BY_FIELD = {
    "pendidikan": "guru.ap guru.am guru.amd gurusmp.ap gurusmp.am gurusmp.amd tas "
    "pengawas.amd",
    "kesehatan": "perawat.t perawat.mh perawat.py perawat.ap perawat.am bidan.t "
    "bidan.mh bidan.am dokter.ap dokter.am dokter.amd apoteker.am gizi.t "
    "sanitarian.t progkes pengadm",
    "administrasi-pemerintahan": "pengadm pengadm.pem ak.ap ak.am ak.amd "
    "arsiparis.t prakom.t perencana.ap keu kepeg",
    "keuangan": "akpd.ap akpd.am akpd.amd keu bendahara bmd anggaran lapkeu",
    "kepegawaian": "sdm.ap sdm.am sdm.amd kepeg diklat pengadm",
    "kependudukan": "pengadm.duk adb.ap adb.am prakom.t pengadm",
    "perizinan": "pengadm.izin penata.izin pkpm.ap pkpm.am pengadm",
    "teknologi-informasi": "prakom.ap prakom.t pengadm",
}
NATIONAL_STAFF = {
    code: tuple(JOBS[key] for key in keys.split())
    for code, keys in STAFF_BY_FIELD.items()
}
# Unit heads: depth 1 the agency's top post, 2 JPT Pratama, 3 Administrator,
# deeper Pengawas.
HEAD_KIND_BY_DEPTH = {2: K.JPT_PRATAMA, 3: K.ADMINISTRATOR}


def split_evenly(total: int, weights: list[float]) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder); sums exactly."""
    whole = sum(weights)
    shares = [total * w / whole for w in weights]
    counts = [int(s) for s in shares]
    order = sorted(range(len(shares)), key=lambda i: counts[i] - shares[i])
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def unit_tree(rng: random.Random, size: int) -> list[tuple[int | None, int]]:
    """Return (parent index, depth) of about `size` units, breadth first, depth ≤ 5."""
    nodes: list[tuple[int | None, int]] = [(None, 1)]
    branching = {
        1: lambda: max(1, round((size - 1) / 35)),  # a depth-2 unit has ~35 below
        2: lambda: rng.randint(2, 6),
        3: lambda: rng.randint(1, 5),
        4: lambda: rng.randint(0, 3),
        5: lambda: 0,
    }
    queue, head = [0], 0
    while head < len(queue) and len(nodes) < size:
        parent = queue[head]
        head += 1
        depth = nodes[parent][1]
        for _n in range(min(branching[depth](), size - len(nodes))):
            nodes.append((parent, depth + 1))
            queue.append(len(nodes) - 1)
    return nodes


def national_rows(
    gen: Generator,
    *,
    employees: int,
    root_step: int,
    progress: Callable[[int], None],
) -> Iterator[Row]:
    """Yield agencies with their trees, positions and employees, one at a time."""
    rng = gen.rng
    agencies = max(1, round(employees / EMPLOYEES_PER_AGENCY))
    weights = [rng.lognormvariate(0, 0.8) for _n in range(agencies)]
    for number, size in enumerate(split_evenly(employees, weights), start=1):
        if size == 0:
            continue
        central = number % 7 == 0
        model, agency = (
            Agency,
            {
                "id": gen.ids(Agency),
                "created_at": gen.now,
                "code": f"{NATIONAL_CODE_PREFIX}{number:04d}",
                "name": f"Kementerian Sampel {number}"
                if central
                else f"Pemerintah Kabupaten Sampel {number}",
                "kind": Agency.Kind.CENTRAL if central else Agency.Kind.REGIONAL,
            },
        )
        yield model, agency
        yield from _agency_rows(gen, agency, size, root_step + number - 1, progress)


@dataclass
class _Unit:
    row: dict
    parent: int | None
    depth: int
    field: str
    weight: float


def _agency_units(gen: Generator, agency: dict, size: int, root_step: int):
    rng = gen.rng
    central = agency["kind"] == Agency.Kind.CENTRAL
    offices = CENTRAL_OFFICES if central else REGIONAL_OFFICES
    tree = unit_tree(rng, max(1, min(size, round(size / EMPLOYEES_PER_UNIT))))
    numchild = [0] * len(tree)
    for parent, _depth in tree[1:]:
        numchild[parent] += 1
    seen = [0] * len(tree)
    units: list[_Unit] = []
    for index, (parent, depth) in enumerate(tree):
        if parent is None:
            path = OrgUnit._get_path(None, 1, root_step)
            name, field_code, weight = agency["name"], "administrasi-pemerintahan", 0.5
        else:
            seen[parent] += 1
            n = seen[parent]
            path = OrgUnit._get_path(units[parent].row["path"], depth, n)
            if depth == 2:
                name, field_code, weight = offices[(n - 1) % len(offices)]
                if n > len(offices):
                    name = f"{name} {(n - 1) // len(offices) + 1}"
            else:
                topic = SUB_UNIT_TOPICS[(n - 1) % len(SUB_UNIT_TOPICS)]
                name = f"{SUB_UNIT_PREFIX.get(depth, 'Subseksi')} {topic}"
                if n > len(SUB_UNIT_TOPICS):
                    name = f"{name} {(n - 1) // len(SUB_UNIT_TOPICS) + 1}"
                field_code, weight = units[parent].field, units[parent].weight
        _model, row = gen.unit(
            agency_id=agency["id"],
            code=f"{agency['code']}.{index + 1:05d}",
            name=name,
            path=path,
            depth=depth,
            numchild=numchild[index],
        )
        # Leaves (puskesmas, schools, field offices) hold more staff.
        weight *= rng.uniform(0.5, 1.5) * (1.0 if numchild[index] else 1.4)
        units.append(_Unit(row, parent, depth, field_code, weight))
    return units


def _agency_rows(gen: Generator, agency: dict, size: int, root_step: int, progress):
    rng = gen.rng
    units = _agency_units(gen, agency, size, root_step)
    yield from ((OrgUnit, unit.row) for unit in units)
    staff_counts = split_evenly(size - len(units), [u.weight for u in units])
    central = agency["kind"] == Agency.Kind.CENTRAL
    region = f"{rng.randint(11, 94):02d}{rng.randint(1, 79):02d}"
    domain = f"{agency['code'].lower()}.example"
    heads: list[int] = []
    for index, (unit, count) in enumerate(zip(units, staff_counts, strict=True)):
        if unit.depth == 1:
            kind = K.JPT_MADYA if central else K.JPT_PRATAMA
            title = "Sekretaris Jenderal" if central else "Sekretaris Daerah"
        else:
            kind = HEAD_KIND_BY_DEPTH.get(unit.depth, K.PENGAWAS)
            title = f"Kepala {unit.row['name']}"
        job = head_job(title, kind, unit.field)
        _model, head = gen.position(
            job=job,
            unit=unit.row,
            code=f"{index + 1:05d}.00",
            title=title,
            reports_to=None if unit.parent is None else heads[unit.parent],
        )
        heads.append(head["id"])
        staffed = [(head, job, 1)]
        if count:
            pool = NATIONAL_STAFF[unit.field]
            jobs = rng.sample(pool, min(count, rng.randint(2, 5), len(pool)))
            cuts = sorted(rng.sample(range(1, count), len(jobs) - 1))
            shares = [b - a for a, b in zip([0, *cuts], [*cuts, count], strict=True)]
            for n, (job, share) in enumerate(zip(jobs, shares, strict=True), start=1):
                _model, position = gen.position(
                    job=job,
                    unit=unit.row,
                    code=f"{index + 1:05d}.{n:02d}",
                    title=job.title,
                    reports_to=head["id"],
                )
                staffed.append((position, job, share))
        for position, job, share in staffed:
            yield Position, position
            for _n in range(share):
                yield from gen.person(
                    job=job, position=position, email_domain=domain, region=region
                )
        progress(1 + count)


@dataclass
class NationalResult:
    counts: dict[type[Model], int]
    logins: list[LoginRow]


def build_national(
    *,
    employees: int,
    seed: int = DEFAULT_SEED,
    batch_size: int = BATCH_SIZE,
    use_copy: bool | None = None,
    with_logins: bool = False,
    progress: Callable[[int], None] = lambda n: None,
    today: dt.date | None = None,
) -> NationalResult:
    """Generate `employees` employees of national shape over new agencies.

    All or nothing: one transaction. A database that already holds national
    data is refused, so that NIPs stay unique by construction.
    """
    if employees < 1:
        raise ApplicationError(
            "demo_employees", _("Jumlah pegawai harus bilangan bulat positif.")
        )
    if Agency.objects.filter(code__startswith=NATIONAL_CODE_PREFIX).exists():
        raise ApplicationError(
            "demo_national_exists",
            _(
                "Data berskala nasional sudah ada di basis data ini. "
                "Gunakan basis data baru untuk membuatnya lagi."
            ),
        )
    with transaction.atomic():
        gen = Generator(
            rng=random.Random(f"{seed}:national"),
            today=today or timezone.localdate(),
            ids=IdAllocator.from_db(),
            refs=Refs.load(),
            nips=NipAllocator(NATIONAL_SEQUENCES),
            full_history=False,
            emails=None,
        )
        writer = RowWriter(batch_size=batch_size, use_copy=use_copy)
        rows = national_rows(
            gen, employees=employees, root_step=next_root_step(), progress=progress
        )
        writer.add_all(rows)
        writer.finish()
        logins = []
        if with_logins:
            agencies = Agency.objects.filter(code__startswith=NATIONAL_CODE_PREFIX)
            first = agencies.order_by("code").first()
            logins = ensure_logins(national_login_targets(first))
    return NationalResult(writer.counts, logins)
