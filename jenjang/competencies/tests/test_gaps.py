"""The rules: required level, current level, gaps, heat map, agency summary, TNA."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jenjang.accounts.models import User
from jenjang.competencies import selectors
from jenjang.competencies.models import Competency, PositionStandard, StandardDefault
from jenjang.competencies.seed import DICTIONARY
from jenjang.competencies.selectors.requirements import (
    SOURCE_FUNCTIONAL_LEVEL,
    SOURCE_KIND,
    SOURCE_POSITION,
)
from jenjang.competencies.tests.factories import (
    AssessmentFactory,
    CompetencyFactory,
    PositionStandardFactory,
    managerial,
)
from jenjang.people.models import Position
from jenjang.people.tests.factories import EmployeeFactory, PositionFactory

SEEDED = [row[0] for row in DICTIONARY]


@pytest.fixture
def integritas(db):
    return managerial("integritas")


@pytest.fixture
def kerjasama(db):
    return managerial("kerjasama")


@pytest.fixture
def data_kesehatan(db):
    return CompetencyFactory(
        code="manajemen-data-kesehatan", name="Manajemen Data Kesehatan"
    )


def levels(position) -> dict[str, tuple[int, str]]:
    required = selectors.position_requirements(position)
    codes = dict(Competency.objects.values_list("id", "code"))
    return {codes[k]: (r.required_level, r.source) for k, r in required.items()}


# --- required level ------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "functional_level", "expected"),
    [
        ("jpt_utama", "", 5),
        ("jpt_madya", "", 5),
        ("jpt_pratama", "", 4),
        ("administrator", "", 3),
        ("pengawas", "", 2),
        ("pelaksana", "", 1),
        ("fungsional", "ahli_utama", 4),
        ("fungsional", "ahli_madya", 3),
        ("fungsional", "ahli_muda", 2),
        ("fungsional", "ahli_pertama", 2),
        ("fungsional", "penyelia", 2),
        ("fungsional", "mahir", 1),
        ("fungsional", "terampil", 1),
        ("fungsional", "pemula", 1),
    ],
)
def test_seeded_defaults_per_position_kind(world, kind, functional_level, expected):
    position = PositionFactory(
        org_unit=world.dinkes, kind=kind, functional_level=functional_level
    )
    source = SOURCE_FUNCTIONAL_LEVEL if functional_level else SOURCE_KIND
    assert levels(position) == dict.fromkeys(SEEDED, (expected, source))


def test_position_standard_overrides_the_default(world, integritas):
    PositionStandardFactory(
        position=world.head_position, competency=integritas, required_level=4
    )
    result = levels(world.head_position)
    assert result["integritas"] == (4, SOURCE_POSITION)
    assert result["kerjasama"] == (2, SOURCE_KIND)
    # Another position of the same kind keeps the default.
    other = PositionFactory(org_unit=world.dinkes, kind=Position.Kind.PENGAWAS)
    assert levels(other)["integritas"] == (2, SOURCE_KIND)


def test_functional_level_default_beats_the_kind_default(world, integritas):
    StandardDefault.objects.filter(
        position_kind="fungsional", functional_level="ahli_muda"
    ).exclude(competency=integritas).delete()
    StandardDefault.objects.create(
        position_kind="fungsional",
        functional_level="",
        competency=managerial("kerjasama"),
        required_level=5,
    )
    StandardDefault.objects.create(
        position_kind="fungsional",
        functional_level="",
        competency=integritas,
        required_level=5,
    )
    position = PositionFactory(
        org_unit=world.dinkes, kind="fungsional", functional_level="ahli_muda"
    )
    result = levels(position)
    # Integritas still has its ahli_muda row; kerjasama falls back to "every jenjang".
    assert result["integritas"] == (2, SOURCE_FUNCTIONAL_LEVEL)
    assert result["kerjasama"] == (5, SOURCE_KIND)
    assert "komunikasi" not in result


def test_technical_competencies_only_through_the_position(world, data_kesehatan):
    # A default for a technical competency is ignored: they belong to a job field.
    StandardDefault.objects.create(
        position_kind="pelaksana", competency=data_kesehatan, required_level=2
    )
    assert "manajemen-data-kesehatan" not in levels(world.staff_position)
    PositionStandardFactory(
        position=world.staff_position, competency=data_kesehatan, required_level=3
    )
    assert levels(world.staff_position)["manajemen-data-kesehatan"] == (
        3,
        SOURCE_POSITION,
    )
    assert "manajemen-data-kesehatan" not in levels(world.puskesmas_position)


def test_inactive_competency_is_required_of_no_one(world, integritas, data_kesehatan):
    PositionStandardFactory(position=world.staff_position, competency=data_kesehatan)
    Competency.objects.filter(pk__in=[integritas.pk, data_kesehatan.pk]).update(
        is_active=False
    )
    result = levels(world.staff_position)
    assert "integritas" not in result
    assert "manajemen-data-kesehatan" not in result
    assert len(result) == len(SEEDED) - 1


def test_requirements_for_many_positions_in_one_query(world):
    positions = [world.head_position, world.staff_position, world.bpkad_position]
    with CaptureQueriesContext(connection) as queries:
        result = selectors.requirements_for_positions([p.pk for p in positions])
    assert len(queries) == 1
    assert {p: len(r) for p, r in result.items()} == {p.pk: 9 for p in positions}
    assert selectors.requirements_for_positions([]) == {}


# --- current level and gaps ----------------------------------------------------


def test_latest_assessment_wins(world, integritas, kerjasama):
    person = world.employee
    AssessmentFactory(
        employee=person, competency=integritas, level=4, assessed_on=dt.date(2024, 1, 5)
    )
    AssessmentFactory(
        employee=person, competency=integritas, level=2, assessed_on=dt.date(2025, 2, 1)
    )
    AssessmentFactory(
        employee=person, competency=integritas, level=5, assessed_on=dt.date(2023, 9, 9)
    )
    # Same day, two sources: the one entered last counts.
    AssessmentFactory(
        employee=person,
        competency=kerjasama,
        level=3,
        assessed_on=dt.date(2025, 3, 3),
        source="360",
    )
    AssessmentFactory(
        employee=person,
        competency=kerjasama,
        level=1,
        assessed_on=dt.date(2025, 3, 3),
        source="supervisor",
    )
    current = selectors.current_levels(person)
    assert {k: (v["level"], v["assessed_on"]) for k, v in current.items()} == {
        integritas.pk: (2, dt.date(2025, 2, 1)),
        kerjasama.pk: (1, dt.date(2025, 3, 3)),
    }


def test_employee_gaps_largest_first_then_unassessed(
    world, integritas, kerjasama, data_kesehatan
):
    PositionStandardFactory(
        position=world.staff_position, competency=data_kesehatan, required_level=3
    )
    person = world.employee  # pelaksana: managerial level 1
    AssessmentFactory(employee=person, competency=data_kesehatan, level=1)
    AssessmentFactory(employee=person, competency=integritas, level=1)
    AssessmentFactory(employee=person, competency=kerjasama, level=3)
    gaps = selectors.employee_gaps(person)
    assert [(g.competency.code, g.gap, g.status) for g in gaps] == [
        ("manajemen-data-kesehatan", 2, "below"),
        ("integritas", 0, "meets"),
        ("kerjasama", -2, "meets"),
        ("komunikasi", None, "unassessed"),
        ("mengelola-perubahan", None, "unassessed"),
        ("orientasi-pada-hasil", None, "unassessed"),
        ("pelayanan-publik", None, "unassessed"),
        ("pengambilan-keputusan", None, "unassessed"),
        ("pengembangan-diri-dan-orang-lain", None, "unassessed"),
        ("perekat-bangsa", None, "unassessed"),
    ]
    assert gaps[0].required_level == 3
    assert gaps[0].current_level == 1
    assert gaps[0].source == SOURCE_POSITION


# --- heat map ------------------------------------------------------------------


@pytest.fixture
def assessed(world, integritas, kerjasama, data_kesehatan):
    """A small case computed by hand in the tests below.

    Integritas (required: supervisor 2, the three others 1):
    supervisor 1 (gap 1), employee 1, mentor not assessed, puskesmas 3.
    Kerjasama: supervisor 2 in 2024, then 1 in 2025 (gap 1).
    Data kesehatan (staff position only, required 3): employee 1, mentor 3.
    """
    PositionStandardFactory(
        position=world.staff_position, competency=data_kesehatan, required_level=3
    )
    a = AssessmentFactory
    a(employee=world.supervisor, competency=integritas, level=1)
    a(employee=world.employee, competency=integritas, level=1)
    a(employee=world.puskesmas_employee, competency=integritas, level=3)
    a(
        employee=world.supervisor,
        competency=kerjasama,
        level=2,
        assessed_on=dt.date(2024, 1, 1),
    )
    a(employee=world.supervisor, competency=kerjasama, level=1)
    a(employee=world.employee, competency=data_kesehatan, level=1)
    a(employee=world.mentor, competency=data_kesehatan, level=3)
    a(employee=world.bpkad_employee, competency=integritas, level=1)
    return world


def cell_numbers(cell) -> tuple | None:
    if cell is None:
        return None
    return (cell.required, cell.assessed, cell.below, cell.gap_sum, cell.avg_gap)


def test_heatmap_of_a_unit_has_its_children_and_its_own_people(
    hr_admin, assessed, integritas, kerjasama, data_kesehatan
):
    world = assessed
    heatmap = selectors.unit_heatmap(user=hr_admin, unit=world.dinkes)
    rows = {row.label: row for row in heatmap.rows}
    assert [(r.label, r.headcount, r.is_parent, r.drillable) for r in heatmap.rows] == [
        ("Dinas Kesehatan", 3, True, False),
        ("Puskesmas Sukamaju", 1, False, False),
    ]
    own, pkm = rows["Dinas Kesehatan"], rows["Puskesmas Sukamaju"]
    assert cell_numbers(own.cells[integritas.pk]) == (3, 2, 1, 1, 0.5)
    assert own.cells[integritas.pk].below_percent == 50
    assert own.cells[integritas.pk].band == "warning"
    assert cell_numbers(own.cells[kerjasama.pk]) == (3, 1, 1, 1, 1.0)
    assert own.cells[kerjasama.pk].band == "danger"
    assert cell_numbers(own.cells[data_kesehatan.pk]) == (2, 2, 1, 2, 1.0)
    # A surplus does not count as a negative gap.
    assert cell_numbers(pkm.cells[integritas.pk]) == (1, 1, 0, 0, 0.0)
    assert pkm.cells[integritas.pk].band == "success"
    assert data_kesehatan.pk not in pkm.cells
    komunikasi = managerial("komunikasi")
    assert cell_numbers(own.cells[komunikasi.pk]) == (3, 0, 0, 0, None)
    assert own.cells[komunikasi.pk].band == "secondary"
    # Columns: managerial, then sociocultural, then technical.
    assert [c.code for c in heatmap.competencies][-2:] == [
        "perekat-bangsa",
        "manajemen-data-kesehatan",
    ]
    assert cell_numbers(heatmap.totals[integritas.pk]) == (4, 3, 1, 1, 1 / 3)


def test_heatmap_top_level_groups_by_the_granted_units(
    hr_admin, superadmin, supervisor, assessed, integritas
):
    world = assessed
    top = selectors.unit_heatmap(user=hr_admin)
    assert [(r.label, r.headcount, r.drillable) for r in top.rows] == [
        ("Dinas Kesehatan", 4, True)
    ]
    assert cell_numbers(top.rows[0].cells[integritas.pk]) == (4, 3, 1, 1, 1 / 3)
    everything = selectors.unit_heatmap(user=superadmin)
    assert [(r.label, r.headcount) for r in everything.rows] == [
        ("Pemerintah Kabupaten Contoh", 5)
    ]
    assert cell_numbers(everything.rows[0].cells[integritas.pk]) == (5, 4, 1, 1, 0.25)
    # A supervisor reaches themself and direct reports, grouped by their own unit.
    personal = selectors.unit_heatmap(user=supervisor)
    assert [(r.label, r.headcount) for r in personal.rows] == [
        ("Dinas Kesehatan", 3),
        ("Puskesmas Sukamaju", 1),
    ]
    assert world.mentor.position_id == world.staff_position.pk


def test_heatmap_filtered_by_kind(hr_admin, assessed, data_kesehatan):
    heatmap = selectors.unit_heatmap(
        user=hr_admin, unit=assessed.dinkes, competency_kind="technical"
    )
    assert [c.code for c in heatmap.competencies] == ["manajemen-data-kesehatan"]
    assert [r.label for r in heatmap.rows] == ["Dinas Kesehatan", "Puskesmas Sukamaju"]
    assert heatmap.rows[1].cells == {}


def test_heatmap_query_count_does_not_grow_with_people(hr_admin, world, integritas):
    """The puskesmas has one person; the heat map of it with 5, then 25."""

    def add_people(n):
        for _ in range(n):
            person = EmployeeFactory(position=world.puskesmas_position)
            AssessmentFactory(employee=person, competency=integritas, level=1)

    def measure() -> tuple[int, int]:
        user = User.objects.get(pk=hr_admin.pk)  # nothing cached on it
        with CaptureQueriesContext(connection) as queries:
            heatmap = selectors.unit_heatmap(user=user, unit=world.puskesmas)
            heatmap.cell_rows()
        return len(queries), sum(r.headcount for r in heatmap.rows)

    add_people(4)
    few, five = measure()
    add_people(20)
    many, twenty_five = measure()
    assert (five, twenty_five) == (5, 25)
    assert few == many


def test_agency_summary(superadmin, hr_admin_other, assessed, integritas):
    summary = selectors.agency_summary(user=superadmin)
    assert [(r.agency.name, r.headcount) for r in summary.rows] == [
        ("Pemerintah Kabupaten Contoh", 5)
    ]
    assert cell_numbers(summary.rows[0].cells[integritas.pk]) == (5, 4, 1, 1, 0.25)
    other = selectors.agency_summary(user=hr_admin_other)
    assert [r.headcount for r in other.rows] == [1]
    assert cell_numbers(other.rows[0].cells[integritas.pk]) == (1, 1, 0, 0, 0.0)


def test_gap_counts_per_employee(hr_admin, assessed):
    world = assessed
    counts = selectors.gap_counts_for(
        selectors_people(hr_admin).filter(org_unit=world.dinkes)
    )
    assert {pk: (c.required, c.assessed, c.below) for pk, c in counts.items()} == {
        world.supervisor.pk: (9, 2, 2),
        world.employee.pk: (10, 2, 1),
        world.mentor.pk: (10, 1, 0),
    }


def selectors_people(user):
    from jenjang.people.selectors import employee_list_visible_to

    return employee_list_visible_to(user=user)


# --- training needs ------------------------------------------------------------


@pytest.fixture
def needs_case(world, integritas, kerjasama, data_kesehatan):
    """Integritas at 2: employee 1, supervisor 1, puskesmas 1 (three below), mentor 2.

    Data kesehatan at 3: employee 1, mentor 2. Kerjasama at 2: supervisor 1.
    """
    for position in (world.staff_position, world.puskesmas_position):
        PositionStandardFactory(
            position=position, competency=integritas, required_level=2
        )
    PositionStandardFactory(
        position=world.staff_position, competency=data_kesehatan, required_level=3
    )
    a = AssessmentFactory
    for person in (world.employee, world.supervisor, world.puskesmas_employee):
        a(employee=person, competency=integritas, level=1)
    a(employee=world.mentor, competency=integritas, level=2)
    a(employee=world.employee, competency=data_kesehatan, level=1)
    a(employee=world.mentor, competency=data_kesehatan, level=2)
    a(employee=world.supervisor, competency=kerjasama, level=1)
    a(employee=world.bpkad_employee, competency=integritas, level=1)
    return world


def test_training_needs_aggregate_gaps(hr_admin, needs_case):
    result = selectors.training_needs(user=hr_admin, agency=needs_case.agency)
    assert [
        (n.competency.name, n.target_level, n.people, n.avg_gap, n.units_text)
        for n in result.needs
    ] == [
        ("Integritas", 2, 3, 1.0, "Dinas Kesehatan (2); Puskesmas Sukamaju (1)"),
        ("Manajemen Data Kesehatan", 3, 2, 1.5, "Dinas Kesehatan (2)"),
        ("Kerjasama", 2, 1, 1.0, "Dinas Kesehatan (1)"),
    ]
    assert result.people_assessed_below == 4
    by_unit = selectors.training_needs(user=hr_admin, unit=needs_case.puskesmas)
    assert [(n.competency.name, n.people) for n in by_unit.needs] == [("Integritas", 1)]
    assert by_unit.title_scope == "Puskesmas Sukamaju"


def test_training_needs_of_another_unit_are_not_visible(hr_admin_other, needs_case):
    result = selectors.training_needs(user=hr_admin_other)
    assert result.needs == []
    assert result.people_assessed_below == 0


def test_position_standard_rows_show_source_and_override(world, data_kesehatan):
    world.staff_position.job_field = data_kesehatan.job_field
    PositionStandard.objects.create(
        position=world.staff_position, competency=data_kesehatan, required_level=3
    )
    rows = selectors.position_standard_rows(world.staff_position)
    assert [(r.competency.code, r.required_level, r.source, r.override) for r in rows][
        -2:
    ] == [
        ("perekat-bangsa", 1, SOURCE_KIND, None),
        ("manajemen-data-kesehatan", 3, SOURCE_POSITION, 3),
    ]
