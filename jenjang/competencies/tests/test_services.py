"""Service rules: the dictionary, standards and assessment entry; seed and demo."""

import datetime as dt
import io
import random

import pytest
from auditlog.models import LogEntry
from django.utils import timezone
from openpyxl import load_workbook

from jenjang.competencies import selectors, services
from jenjang.competencies.exports import training_needs_xlsx
from jenjang.competencies.models import (
    Assessment,
    Competency,
    CompetencyLevel,
    PositionStandard,
    StandardDefault,
)
from jenjang.competencies.seed import DICTIONARY, FUNCTIONAL_LEVELS, KIND_LEVELS
from jenjang.competencies.tests.factories import (
    AssessmentFactory,
    CompetencyFactory,
    managerial,
)
from jenjang.core.exceptions import ApplicationError, NotFound, PermissionDenied
from jenjang.people.tests.factories import JobFieldFactory


@pytest.fixture
def integritas(db):
    return managerial("integritas")


# --- the seed ------------------------------------------------------------------


def test_seed_has_nine_competencies_of_five_levels(db):
    managerial("integritas")  # reseeds after a flush
    seeded = Competency.objects.filter(code__in=[row[0] for row in DICTIONARY])
    assert sorted(seeded.values_list("kind", flat=True)) == ["managerial"] * 8 + [
        "sociocultural"
    ]
    assert list(
        seeded.get(kind="sociocultural").levels.values_list("level", flat=True)
    ) == [
        1,
        2,
        3,
        4,
        5,
    ]
    for level in CompetencyLevel.objects.filter(competency__in=seeded):
        assert level.title
        assert level.description
        assert 2 <= len(level.indicator_list) <= 4
    assert StandardDefault.objects.count() == 9 * (
        len(KIND_LEVELS) + len(FUNCTIONAL_LEVELS)
    )


# --- dictionary and standards --------------------------------------------------


def test_competency_define_creates_technical_with_levels(hr_admin):
    field = JobFieldFactory(code="keuangan", name="Keuangan")
    competency = services.competency_define(
        by=hr_admin,
        fields={
            "code": "akuntansi-akrual",
            "name": "Akuntansi Akrual",
            "kind": "technical",
            "job_field": field,
        },
        levels={1: {"title": "Dasar", "indicators": "A\n B \n"}, 2: {"title": ""}},
    )
    assert competency.job_field == field
    assert [(lv.level, lv.indicator_list) for lv in competency.levels.all()] == [
        (1, ["A", "B"])
    ]
    assert LogEntry.objects.get_for_object(competency).get().actor == hr_admin


def test_only_managers_change_the_dictionary(supervisor, integritas):
    with pytest.raises(PermissionDenied):
        services.competency_update(competency=integritas, by=supervisor, name="X")
    with pytest.raises(ApplicationError) as exc:
        services.competency_create(
            by=None, code="integritas", name="Lagi", kind="managerial"
        )
    assert exc.value.code == "code_taken"


def test_field_only_for_technical(hr_admin, integritas):
    field = JobFieldFactory()
    with pytest.raises(ApplicationError) as exc:
        services.competency_update(competency=integritas, by=hr_admin, job_field=field)
    assert exc.value.code == "job_field_not_technical"


def test_default_rules(hr_admin, integritas):
    with pytest.raises(ApplicationError) as exc:
        services.standard_default_set(
            position_kind="pengawas",
            functional_level="ahli_muda",
            competency=integritas,
            required_level=3,
            by=hr_admin,
        )
    assert exc.value.code == "functional_level_invalid"
    technical = CompetencyFactory()
    with pytest.raises(ApplicationError) as exc:
        services.standard_default_set(
            position_kind="pengawas",
            functional_level="",
            competency=technical,
            required_level=3,
            by=hr_admin,
        )
    assert exc.value.code == "technical_default"
    with pytest.raises(ApplicationError) as exc:
        services.standard_default_set(
            position_kind="pengawas",
            functional_level="",
            competency=integritas,
            required_level=6,
            by=hr_admin,
        )
    assert exc.value.code == "level_invalid"


def test_position_standard_only_within_manage_scope(world, hr_admin_other, integritas):
    with pytest.raises(NotFound):
        services.position_standard_set(
            position=world.staff_position,
            competency=integritas,
            required_level=3,
            by=hr_admin_other,
        )
    assert not PositionStandard.objects.exists()


# --- assessment entry ----------------------------------------------------------


def _create(by, employee, competency, **overrides):
    values = {
        "level": 3,
        "assessed_on": dt.date(2025, 5, 1),
        "source": "supervisor",
    } | overrides
    return services.assessment_create(
        by=by, employee=employee, competency=competency, **values
    )


def test_assessment_create_records_the_assessor(world, supervisor, integritas):
    assessment = _create(supervisor, world.employee, integritas)
    assert (assessment.assessor, assessment.level) == (supervisor, 3)
    assert LogEntry.objects.get_for_object(assessment).get().actor == supervisor


@pytest.mark.parametrize(
    ("overrides", "code", "message"),
    [
        ({"level": 0}, "assessment_invalid", "Level harus bilangan bulat 1 sampai 5."),
        (
            {"level": True},
            "assessment_invalid",
            "Level harus bilangan bulat 1 sampai 5.",
        ),
        (
            {"assessed_on": dt.date(2999, 1, 1)},
            "assessment_invalid",
            "Tanggal asesmen tidak boleh di masa depan.",
        ),
        ({"source": "gosip"}, "source_invalid", "Sumber asesmen tidak dikenal."),
    ],
)
def test_assessment_create_rules(world, hr_admin, integritas, overrides, code, message):
    with pytest.raises(ApplicationError) as exc:
        _create(hr_admin, world.employee, integritas, **overrides)
    assert (exc.value.code, exc.value.message) == (code, message)
    assert not Assessment.objects.exists()


def test_assessment_of_inactive_competency_is_refused(world, hr_admin, integritas):
    integritas.is_active = False
    integritas.save()
    with pytest.raises(ApplicationError) as exc:
        _create(hr_admin, world.employee, integritas)
    assert exc.value.message == "Kompetensi ini sudah tidak aktif."


def test_assessor_scope_and_self(world, supervisor, hr_admin_other, leader, integritas):
    with pytest.raises(NotFound):
        _create(hr_admin_other, world.employee, integritas)
    with pytest.raises(NotFound):
        _create(leader, world.employee, integritas)  # leaders do not assess
    with pytest.raises(NotFound):
        _create(supervisor, world.bpkad_employee, integritas)
    with pytest.raises(ApplicationError) as exc:
        _create(supervisor, world.supervisor, integritas)
    assert exc.value.message == "Anda tidak dapat menilai kompetensi Anda sendiri."
    assert not Assessment.objects.exists()


# --- TNA export ----------------------------------------------------------------


def test_training_needs_xlsx_has_a_header_block_and_one_row_per_need(
    world, hr_admin, integritas
):
    AssessmentFactory(employee=world.supervisor, competency=integritas, level=1)
    AssessmentFactory(
        employee=world.supervisor, competency=managerial("kerjasama"), level=1
    )
    result = selectors.training_needs(user=hr_admin, agency=world.agency)
    content = training_needs_xlsx(result, year=2027, prepared_by="Admin Dinkes")
    rows = list(
        load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True)
    )
    assert rows[0][0] == "ANALISIS KEBUTUHAN PENGEMBANGAN KOMPETENSI"
    assert [r[:3] for r in rows[1:7]] == [
        ("Instansi", None, "Pemerintah Kabupaten Contoh"),
        ("Unit kerja", None, "Semua unit dalam cakupan"),
        ("Tahun perencanaan", None, 2027),
        ("Data per tanggal", None, timezone.localdate().isoformat()),
        ("Pegawai di bawah standar", None, 1),
        ("Disusun oleh", None, "Admin Dinkes"),
    ]
    header = rows.index(
        (
            "No",
            "Kode",
            "Kompetensi",
            "Jenis",
            "Level target",
            "Jumlah pegawai",
            "Rata-rata kesenjangan",
            "Unit kerja",
        )
    )
    assert rows[header + 1 :] == [
        (1, "integritas", "Integritas", "Manajerial", 2, 1, 1.0, "Dinas Kesehatan (1)"),
        (2, "kerjasama", "Kerjasama", "Manajerial", 2, 1, 1.0, "Dinas Kesehatan (1)"),
    ]


# --- demo ----------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_step_is_idempotent_and_makes_gaps():
    from jenjang.competencies import demo
    from jenjang.people.demo import run_demo

    ctx = run_demo(write=lambda text: None)
    lines: list[str] = []
    demo.build(agency=ctx.agency, rng=random.Random(7), stdout=lines.append)
    count = Assessment.objects.count()
    assert count > 1000
    assert Competency.objects.filter(kind="technical").count() == 15
    assert PositionStandard.objects.filter(position__agency=ctx.agency).exists()
    demo.build(agency=ctx.agency, rng=random.Random(7), stdout=lines.append)
    assert Assessment.objects.count() == count
    assert lines[-1] == "Data demo kompetensi sudah ada; tidak dibuat ulang."
    employee = ctx.users["pegawai"].employee
    gaps = selectors.employee_gaps(employee)
    assert sum(1 for g in gaps if g.status == "below") >= 2
    needs = selectors.training_needs(user=ctx.users["admin.bkpsdm"], agency=ctx.agency)
    assert needs.needs
