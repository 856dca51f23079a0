"""Personal data under UU 27/2022: who viewed it is logged; a person downloads their own."""

import json

import pytest

from jenjang.people.models import PersonalDataAccess
from jenjang.people.personal_data import personal_data_export, subject_models
from jenjang.people.services import personal_data_access_record


def accesses(employee):
    return list(
        PersonalDataAccess.objects.filter(employee=employee).values_list(
            "viewer__username", "channel"
        )
    )


def test_hr_viewing_a_profile_is_logged_once_per_window(client_for, world):
    client = client_for("hr_admin")
    url = f"/people/employees/{world.employee.pk}/"
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    assert accesses(world.employee) == [("hr_admin", "page")]


def test_viewing_without_personal_data_is_not_logged(client_for, world):
    assert (
        client_for("leader").get(f"/people/employees/{world.employee.pk}/").status_code
        == 200
    )
    assert accesses(world.employee) == []


def test_own_profile_is_not_logged_and_shows_who_looked(client_for, world, hr_admin):
    personal_data_access_record(viewer=hr_admin, employee=world.employee, channel="api")
    html = client_for("employee").get("/people/me/").content.decode()
    assert accesses(world.employee) == [("hr_admin", "api")]
    assert "Siapa yang melihat data pribadi saya" in html
    assert 'id="personal-data-accesses"' in html
    assert "hr_admin" in html or hr_admin.get_full_name() in html


def test_api_view_with_personal_data_is_logged(api_for, world):
    response = api_for("hr_admin", auth="token").get(
        f"/api/employees/{world.employee.pk}"
    )
    assert response.status_code == 200
    assert response.json()["personal"] is not None
    assert accesses(world.employee) == [("hr_admin", "api")]


def test_out_of_scope_view_logs_nothing(api_for, world):
    response = api_for("hr_admin_other", auth="token").get(
        f"/api/employees/{world.employee.pk}"
    )
    assert response.status_code == 404
    assert accesses(world.employee) == []


def test_subject_models_are_discovered():
    labels = {m._meta.label_lower for m in subject_models()}
    assert "development.ledgerentry" in labels
    assert "competencies.assessment" in labels
    assert "people.personaldataaccess" in labels


def test_export_holds_my_rows_and_nobody_elses(world):
    from jenjang.competencies.tests.factories import AssessmentFactory, managerial

    competency = managerial("integritas")
    mine = AssessmentFactory(employee=world.employee, competency=competency)
    AssessmentFactory(employee=world.mentor, competency=competency)
    data = personal_data_export(world.employee)
    assert data["employee"]["nip"] == world.employee.nip
    assert [row["id"] for row in data["competencies.assessment"]] == [mine.pk]


def test_download_my_data_as_json(client_for, world):
    response = client_for("employee").get("/people/me/data.json")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    body = json.loads(response.content)
    assert body["employee"]["nik"] == world.employee.nik
    assert body["employee"]["id"] == world.employee.pk


def test_api_my_data(api_for, world):
    body = api_for("employee", auth="token").get("/api/me/data").json()
    assert body["employee"]["nip"] == world.employee.nip


@pytest.mark.parametrize("persona", ["hr_admin"])
def test_someone_without_a_record_gets_404(api_for, persona):
    assert api_for(persona, auth="token").get("/api/me/data").status_code in {403, 404}


def test_anonymous_cannot_download(client):
    response = client.get("/people/me/data.json")
    assert response.status_code == 302
