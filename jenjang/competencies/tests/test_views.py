"""The competency pages: who may open what, and what each page does."""

import io

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from conftest import PERSONAS, sign_in
from jenjang.competencies.models import (
    Assessment,
    Competency,
    CompetencyLevel,
    PositionStandard,
    StandardDefault,
)
from jenjang.competencies.tests.factories import AssessmentFactory, managerial

LOGIN = "/accounts/login/"
ALL_SIGNED_IN = {p: 200 for p in PERSONAS if p != "anonymous"} | {"anonymous": 302}
VIEWERS = {
    "employee": 403,
    "supervisor": 200,
    "mentor": 403,
    "organiser": 200,
    "hr_admin": 200,
    "hr_admin_other": 200,
    "leader": 200,
    "superadmin": 200,
    "anonymous": 302,
}
MANAGERS = {
    "employee": 403,
    "supervisor": 403,
    "mentor": 403,
    "organiser": 403,
    "hr_admin": 200,
    "hr_admin_other": 200,
    "leader": 403,
    "superadmin": 200,
    "anonymous": 302,
}
ASSESSORS = MANAGERS | {"supervisor": 200}


def _statuses(expected: dict) -> list:
    return list(expected.items())


@pytest.fixture
def integritas(db):
    return managerial("integritas")


# --- dictionary ----------------------------------------------------------------


@pytest.mark.parametrize(("persona", "status"), _statuses(ALL_SIGNED_IN))
def test_dictionary_pages_access(client_for, integritas, persona, status):
    client = client_for(persona)
    for url in ("/competencies/", f"/competencies/{integritas.pk}/"):
        response = client.get(url)
        assert response.status_code == status
        if persona == "anonymous":
            assert response["Location"] == f"{LOGIN}?next={url}"


def test_dictionary_shows_levels_and_indicators(client_for, integritas):
    response = client_for("employee").get(f"/competencies/{integritas.pk}/")
    body = response.content.decode()
    assert "Bertindak sesuai nilai dan etika secara pribadi" in body
    assert "Menepati janji dan komitmen yang telah dibuat." in body
    assert "verifikasi dengan teks resmi" in body
    assert body.count('data-level="') == 5


def test_missing_competency_is_404(client_for):
    assert client_for("employee").get("/competencies/987654/").status_code == 404


@pytest.mark.parametrize(("persona", "status"), _statuses(MANAGERS))
def test_create_competency_access(client_for, persona, status, world):
    client = client_for(persona)
    assert client.get("/competencies/new/").status_code == status
    payload = {
        "code": "teknis-uji",
        "name": "Teknis Uji",
        "kind": "technical",
        "is_active": "on",
        "level1-title": "Dasar",
        "level1-indicators": "Satu\n\nDua",
    }
    response = client.post("/competencies/new/", payload)
    created = Competency.objects.filter(code="teknis-uji").first()
    if status == 200:
        assert response.status_code == 302
        assert response["Location"] == f"/competencies/{created.pk}/"
        level = CompetencyLevel.objects.get(competency=created)
        assert (level.level, level.title, level.indicator_list) == (
            1,
            "Dasar",
            ["Satu", "Dua"],
        )
    else:
        assert response.status_code == status
        assert created is None


def test_create_competency_with_field_must_be_technical(client_for, world):
    from jenjang.people.tests.factories import JobFieldFactory

    field = JobFieldFactory(code="kesehatan", name="Kesehatan")
    response = client_for("hr_admin").post(
        "/competencies/new/",
        {"code": "x-1", "name": "X", "kind": "managerial", "job_field": field.pk},
    )
    assert response.status_code == 400
    assert "Hanya untuk kompetensi teknis." in response.content.decode()
    assert not Competency.objects.filter(code="x-1").exists()


def test_edit_competency_keeps_code_and_changes_levels(client_for, integritas):
    url = f"/competencies/{integritas.pk}/edit/"
    client = client_for("hr_admin")
    form = client.get(url)
    assert form.status_code == 200
    assert 'name="code"' not in form.content.decode()
    payload = {"name": "Integritas", "description": "Baru", "is_active": "on"}
    for n in range(1, 6):
        payload[f"level{n}-title"] = f"Judul {n}"
    payload["level3-indicators"] = "Indikator A\nIndikator B"
    assert client.post(url, payload).status_code == 302
    integritas.refresh_from_db()
    assert integritas.description == "Baru"
    level3 = integritas.levels.get(level=3)
    assert (level3.title, level3.indicator_list) == (
        "Judul 3",
        ["Indikator A", "Indikator B"],
    )
    # A level that exists cannot lose its title.
    payload["level2-title"] = ""
    response = client.post(url, payload)
    assert response.status_code == 400
    assert integritas.levels.get(level=2).title == "Judul 2"


# --- job standards -------------------------------------------------------------


@pytest.mark.parametrize(("persona", "status"), _statuses(VIEWERS))
def test_standards_pages_access(client_for, world, persona, status):
    client = client_for(persona)
    for url in ("/competencies/standards/", "/competencies/standards/positions/"):
        assert client.get(url).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    _statuses(
        MANAGERS
        | {
            "supervisor": 403,
            "organiser": 403,
            "leader": 403,
        }
    ),
)
def test_defaults_change_access(client_for, integritas, persona, status):
    name = f"d-pengawas--{integritas.pk}"
    response = client_for(persona).post("/competencies/standards/", {name: "4"})
    level = StandardDefault.objects.get(
        position_kind="pengawas", functional_level="", competency=integritas
    ).required_level
    if status == 200:
        assert response.status_code == 302
        assert level == 4
    else:
        assert response.status_code == status
        assert level == 2


def test_defaults_bad_level_changes_nothing(client_for, integritas):
    name = f"d-pengawas--{integritas.pk}"
    response = client_for("hr_admin").post("/competencies/standards/", {name: "9"})
    assert response.status_code == 400
    assert (
        StandardDefault.objects.get(
            position_kind="pengawas", functional_level="", competency=integritas
        ).required_level
        == 2
    )


def test_defaults_can_be_cleared(client_for, integritas):
    name = f"d-pelaksana--{integritas.pk}"
    assert (
        client_for("superadmin")
        .post("/competencies/standards/", {name: ""})
        .status_code
        == 302
    )
    assert not StandardDefault.objects.filter(
        position_kind="pelaksana", competency=integritas
    ).exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    _statuses(VIEWERS | {"hr_admin_other": 404}),
)
def test_position_standard_view_access(client_for, world, persona, status):
    url = f"/competencies/standards/positions/{world.staff_position.pk}/"
    assert client_for(persona).get(url).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    _statuses(
        {
            "employee": 403,
            "supervisor": 403,
            "mentor": 403,
            "organiser": 403,
            "hr_admin": 302,
            "hr_admin_other": 404,
            "leader": 403,
            "superadmin": 302,
            "anonymous": 302,
        }
    ),
)
def test_position_standard_override_access(
    client_for, world, integritas, persona, status
):
    url = f"/competencies/standards/positions/{world.staff_position.pk}/"
    response = client_for(persona).post(url, {f"c-{integritas.pk}": "3"})
    assert response.status_code == status
    saved = PositionStandard.objects.filter(
        position=world.staff_position, competency=integritas
    )
    if persona in ("hr_admin", "superadmin"):
        assert response["Location"] == url
        assert saved.get().required_level == 3
    else:
        assert not saved.exists()


def test_position_standard_override_then_back_to_default(client_for, world, integritas):
    url = f"/competencies/standards/positions/{world.staff_position.pk}/"
    client = client_for("hr_admin")
    client.post(url, {f"c-{integritas.pk}": "4"})
    page = client.get(url).content.decode()
    assert "khusus jabatan" in page
    client.post(url, {f"c-{integritas.pk}": ""})
    assert not PositionStandard.objects.filter(position=world.staff_position).exists()


def test_position_standard_adds_another_competency(client_for, world):
    from jenjang.competencies.tests.factories import CompetencyFactory

    extra = CompetencyFactory(code="akuntansi-akrual", name="Akuntansi Akrual")
    url = f"/competencies/standards/positions/{world.staff_position.pk}/"
    client = client_for("hr_admin")
    assert "Akuntansi Akrual" in client.get(url).content.decode()
    response = client.post(url, {"add_competency": extra.pk, "add_level": "2"})
    assert response.status_code == 302
    assert (
        PositionStandard.objects.get(position=world.staff_position).competency == extra
    )
    response = client.post(url, {"add_competency": extra.pk, "add_level": ""})
    assert response.status_code == 400


# --- profiles ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    _statuses(
        {
            "employee": 200,  # their own
            "supervisor": 200,  # a direct report
            "mentor": 404,
            "organiser": 200,
            "hr_admin": 200,
            "hr_admin_other": 404,
            "leader": 200,
            "superadmin": 200,
            "anonymous": 302,
        }
    ),
)
def test_employee_profile_access(client_for, world, persona, status):
    url = f"/competencies/employees/{world.employee.pk}/"
    assert client_for(persona).get(url).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    _statuses(
        {p: 404 for p in PERSONAS}
        | {"hr_admin_other": 200, "superadmin": 200, "anonymous": 302}
    ),
)
def test_profile_in_another_department(client_for, world, persona, status):
    url = f"/competencies/employees/{world.bpkad_employee.pk}/"
    assert client_for(persona).get(url).status_code == status


@pytest.mark.parametrize(("persona", "status"), _statuses(ALL_SIGNED_IN))
def test_my_profile_access(client_for, world, persona, status):
    response = client_for(persona).get("/competencies/me/")
    assert response.status_code == status
    if persona in ("hr_admin", "leader", "organiser", "superadmin"):
        assert 'id="no-record"' in response.content.decode()


def test_profile_shows_gaps_largest_first(client_for, world, integritas):
    AssessmentFactory(employee=world.supervisor, competency=integritas, level=1)
    response = client_for("supervisor").get("/competencies/me/")
    body = response.content.decode()
    assert body.index('data-code="integritas" data-status="below"') < body.index(
        'data-code="kerjasama" data-status="unassessed"'
    )
    assert 'id="count-below">1<' in body
    assert "chart.umd.min.js" in body
    # The supervisor may not assess themself: no button on their own profile.
    assert 'id="assess"' not in body
    report = client_for("supervisor").get(
        f"/competencies/employees/{world.employee.pk}/"
    )
    assert 'id="assess"' in report.content.decode()


# --- assessment entry ----------------------------------------------------------


def _assessment_payload(competency, **overrides) -> dict:
    return {
        "competency": competency.pk,
        "level": "2",
        "assessed_on": "2025-05-05",
        "source": "supervisor",
        "note": "Observasi",
    } | overrides


@pytest.mark.parametrize(
    ("persona", "status"),
    _statuses(ASSESSORS | {"hr_admin_other": 404}),
)
def test_assessment_entry_access(client_for, world, integritas, persona, status):
    url = f"/competencies/employees/{world.employee.pk}/assess/"
    client = client_for(persona)
    assert client.get(url).status_code == status
    response = client.post(url, _assessment_payload(integritas))
    saved = Assessment.objects.filter(employee=world.employee)
    if status == 200:
        assert response.status_code == 302
        assessment = saved.get()
        assert (assessment.level, assessment.source, assessment.assessor.username) == (
            2,
            "supervisor",
            persona,
        )
        assert LogEntry.objects.get_for_object(assessment).count() == 1
    else:
        assert response.status_code == status
        assert not saved.exists()


def test_supervisor_cannot_assess_themself(client_for, world, integritas):
    url = f"/competencies/employees/{world.supervisor.pk}/assess/"
    client = client_for("supervisor")
    page = client.get(url)
    assert page.status_code == 403
    assert "Anda tidak dapat menilai kompetensi Anda sendiri." in page.content.decode()
    assert client.post(url, _assessment_payload(integritas)).status_code == 403
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"level": "6"}, "Masukkan pilihan yang valid."),
        ({"assessed_on": "2999-01-01"}, "Tanggal asesmen tidak boleh di masa depan."),
        ({"source": "gossip"}, "Masukkan pilihan yang valid."),
    ],
)
def test_assessment_entry_bad_input(client_for, world, integritas, overrides, message):
    url = f"/competencies/employees/{world.employee.pk}/assess/"
    response = client_for("hr_admin").post(
        url, _assessment_payload(integritas, **overrides)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Assessment.objects.exists()


def test_assessment_entry_duplicate_is_refused(client_for, world, integritas):
    url = f"/competencies/employees/{world.employee.pk}/assess/"
    client = client_for("hr_admin")
    assert client.post(url, _assessment_payload(integritas)).status_code == 302
    response = client.post(url, _assessment_payload(integritas, level="3"))
    assert response.status_code == 400
    assert "sudah ada" in response.content.decode()
    assert Assessment.objects.get().level == 2


# --- import page ---------------------------------------------------------------


@pytest.mark.parametrize(("persona", "status"), _statuses(ASSESSORS))
def test_import_pages_access(client_for, world, persona, status):
    client = client_for(persona)
    for url in (
        "/competencies/assessments/import/",
        "/competencies/assessments/import/template.csv",
        "/competencies/assessments/import/template.xlsx",
    ):
        assert client.get(url).status_code == status


def test_import_page_reports_errors_and_writes_nothing(client_for, world, integritas):
    csv = (
        "nip,kode_kompetensi,level,tanggal_asesmen,sumber\n"
        f"{world.employee.nip},integritas,2,2025-01-01,360\n"
        f"{world.employee.nip},integritas,7,2025-01-01,test\n"
    )
    upload = io.BytesIO(csv.encode())
    upload.name = "asesmen.csv"
    response = client_for("hr_admin").post(
        "/competencies/assessments/import/", {"file": upload, "mode": "all"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="import-invalid"' in body
    assert "Level harus bilangan bulat 1 sampai 5." in body
    assert not Assessment.objects.exists()


def test_import_page_without_file_is_400(client_for, world):
    response = client_for("hr_admin").post(
        "/competencies/assessments/import/", {"mode": "all"}
    )
    assert response.status_code == 400


def test_import_template_xlsx_lists_codes(client_for, world, integritas):
    response = client_for("hr_admin").get(
        "/competencies/assessments/import/template.xlsx"
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in workbook.worksheets[0][1]] == [
        "nip",
        "kode_kompetensi",
        "level",
        "tanggal_asesmen",
        "sumber",
        "catatan",
    ]
    codes = [row[0] for row in workbook.worksheets[2].iter_rows(values_only=True)]
    assert "integritas" in codes
    assert (
        client_for("hr_admin")
        .get("/competencies/assessments/import/template.pdf")
        .status_code
        == 404
    )


# --- gap pages -----------------------------------------------------------------


@pytest.mark.parametrize(("persona", "status"), _statuses(VIEWERS))
def test_gap_pages_access(client_for, world, persona, status):
    client = client_for(persona)
    for url in (
        "/competencies/gaps/units/",
        "/competencies/gaps/agencies/",
        "/competencies/training-needs/",
        "/competencies/training-needs/export.xlsx",
    ):
        assert client.get(url).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    _statuses(VIEWERS | {"hr_admin_other": 404}),
)
def test_unit_pages_out_of_scope_are_404(client_for, world, persona, status):
    client = client_for(persona)
    unit = world.dinkes.pk
    for url in (
        f"/competencies/gaps/units/?unit={unit}",
        f"/competencies/gaps/units/{unit}/people/",
        f"/competencies/training-needs/?unit={unit}",
    ):
        assert client.get(url).status_code == status


def test_heatmap_page_opens_the_single_top_unit(client_for, world, integritas):
    AssessmentFactory(employee=world.employee, competency=integritas, level=1)
    response = client_for("hr_admin").get("/competencies/gaps/units/")
    body = response.content.decode()
    # The HR admin's one unit is opened: its own people, then the puskesmas.
    assert response.context["unit"] == world.dinkes
    assert 'data-unit="DINKES"' in body
    assert 'data-unit="PKM-SM"' in body
    assert 'data-band="' in body


def test_unit_people_page_counts_gaps(client_for, world, integritas):
    AssessmentFactory(employee=world.supervisor, competency=integritas, level=1)
    response = client_for("hr_admin").get(
        f"/competencies/gaps/units/{world.dinkes.pk}/people/"
    )
    rows = response.context["rows"]
    assert [(e.name, c.below) for e, c in rows] == [
        ("Agus Salim", 0),
        ("Budi Santoso", 0),
        ("Dewi Lestari", 0),
        ("Siti Rahmawati", 1),
    ]


def test_training_needs_export_is_an_xlsx(client_for, world, integritas):
    AssessmentFactory(employee=world.supervisor, competency=integritas, level=1)
    response = client_for("hr_admin").get(
        "/competencies/training-needs/export.xlsx?year=2027"
    )
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert (
        'filename="analisis-kebutuhan-kompetensi-2027-'
        in response["Content-Disposition"]
    )
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:3] == ("Instansi", None, "Pemerintah Kabupaten Contoh")
    assert rows[3][:3] == ("Tahun perencanaan", None, 2027)
    assert rows[-1] == (
        1,
        "integritas",
        "Integritas",
        "Manajerial",
        2,
        1,
        1.0,
        "Dinas Kesehatan (1)",
    )


def test_tna_bad_year_is_shown_not_500(client_for, world):
    response = client_for("hr_admin").get("/competencies/training-needs/?year=abc")
    assert response.status_code == 200
    assert response.context["year"] == timezone.localdate().year + 1


def test_nav_shows_the_competency_menu(client_for, world):
    body = client_for("employee").get("/competencies/").content.decode()
    assert 'id="nav-competencies"' in body
    assert "/competencies/gaps/units/" not in body
    hr = client_for("hr_admin").get("/competencies/").content.decode()
    assert "/competencies/gaps/units/" in hr
    assert "/competencies/assessments/import/" in hr


def test_anonymous_is_sent_to_sign_in(world):
    response = Client().get("/competencies/gaps/units/")
    assert response["Location"] == f"{LOGIN}?next=/competencies/gaps/units/"
    assert sign_in(Client(), None).get("/competencies/").status_code == 302
