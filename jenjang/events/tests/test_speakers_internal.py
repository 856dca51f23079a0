"""An employee in the organiser's scope becomes a speaker (page and API)."""

import pytest

from jenjang.events.models import Speaker

pytestmark = pytest.mark.django_db

PAGE = "/events/manage/speakers/internal/"


def test_organiser_finds_only_employees_in_scope(client_for, world):
    client = client_for("organiser")  # organiser of Dinas Kesehatan
    found = client.get(PAGE, {"q": "Budi"}).content.decode()
    assert "Budi Santoso" in found
    # Rudi works at BPKAD, outside the organiser's unit subtree.
    outside = client.get(PAGE, {"q": "Rudi"}).content.decode()
    assert "Rudi Hartono" not in outside
    assert "Tidak ada pegawai yang cocok di lingkup Anda." in outside


def test_organiser_makes_an_employee_a_speaker_once(client_for, world):
    client = client_for("organiser")
    response = client.post(
        PAGE, {"employee": world.employee.pk, "expertise": "Data kesehatan"}
    )
    assert response.status_code == 302
    speaker = Speaker.objects.get()
    assert (speaker.employee_id, speaker.name, speaker.expertise) == (
        world.employee.pk,
        world.employee.full_name,
        "Data kesehatan",
    )
    client.post(PAGE, {"employee": world.employee.pk})
    assert Speaker.objects.count() == 1


@pytest.mark.parametrize("value", [None, "abc", "999999"])
def test_out_of_scope_or_bad_employee_is_not_found(client_for, world, value):
    client = client_for("organiser")
    data = {"employee": value} if value is not None else {}
    if value == "999999":
        data = {"employee": world.bpkad_employee.pk}  # exists, out of scope
    assert client.post(PAGE, data).status_code == 404
    assert Speaker.objects.count() == 0


@pytest.mark.parametrize("persona", ["employee", "leader", "hr_admin_other"])
def test_others_cannot_add_speakers(client_for, world, persona):
    response = client_for(persona).post(PAGE, {"employee": world.employee.pk})
    assert response.status_code in (403, 404)
    assert Speaker.objects.count() == 0


def test_api_candidates_then_create(api_for, world):
    api = api_for("organiser")
    found = api.get("/api/events/speakers/candidates", {"q": "Budi"})
    assert found.status_code == 200
    assert [c["id"] for c in found.json()] == [world.employee.pk]
    assert found.json()[0]["speaker_id"] is None
    assert api.get("/api/events/speakers/candidates", {"q": "Rudi"}).json() == []
    created = api.post(
        "/api/events/speakers",
        {"employee": world.employee.pk},
        content_type="application/json",
    )
    assert created.status_code == 201
    again = api.get("/api/events/speakers/candidates", {"q": "Budi"}).json()
    assert again[0]["speaker_id"] == created.json()["id"]
    assert (
        api_for("employee")
        .get("/api/events/speakers/candidates", {"q": "Budi"})
        .status_code
        == 403
    )
