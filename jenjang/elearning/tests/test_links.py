"""Authoring a course's competencies and prerequisites: pages, API, validation."""

import pytest

from jenjang.competencies.tests.factories import CompetencyFactory
from jenjang.core.exceptions import ApplicationError
from jenjang.elearning.models import Course
from jenjang.elearning.services import courses
from jenjang.people.tests.factories import AgencyFactory, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(world, organiser):
    """Three courses of the agency: A, B, C (no prerequisites yet)."""
    return [
        courses.course_create(title=t, owner_unit=world.dinkes, by=organiser)
        for t in ("Kursus A", "Kursus B", "Kursus C")
    ]


def _refused(code, **kwargs):
    with pytest.raises(ApplicationError) as err:
        courses.course_links_set(**kwargs)
    assert err.value.code == code
    return err.value


def test_links_set_and_validation(chain, organiser):
    a, b, c = chain
    comp = CompetencyFactory()
    courses.course_links_set(
        course=b, by=organiser, competency_ids=[comp.pk], prerequisite_ids=[a.pk]
    )
    courses.course_links_set(course=c, by=organiser, prerequisite_ids=[b.pk])
    assert list(b.competencies.all()) == [comp]
    assert list(c.prerequisites.all()) == [b]
    err = _refused("self_prerequisite", course=a, by=organiser, prerequisite_ids=[a.pk])
    assert err.message == "Kursus tidak bisa menjadi prasyarat bagi dirinya sendiri."
    # A needs C, C needs B, B needs A: a cycle through three courses.
    err = _refused(
        "prerequisite_cycle", course=a, by=organiser, prerequisite_ids=[c.pk]
    )
    assert err.message == (
        "Prasyarat membentuk lingkaran: Kursus A → Kursus C → Kursus B → Kursus A."
    )
    _refused("prerequisite_cycle", course=a, by=organiser, prerequisite_ids=[b.pk])
    assert list(a.prerequisites.all()) == []
    # Nothing half-written: a bad competency leaves the prerequisites too.
    inactive = CompetencyFactory(is_active=False)
    _refused(
        "unknown_competency",
        course=b,
        by=organiser,
        competency_ids=[inactive.pk],
        prerequisite_ids=[],
    )
    assert list(b.prerequisites.all()) == [a]
    assert list(b.competencies.all()) == [comp]
    # Clearing is allowed; None leaves a list unchanged.
    courses.course_links_set(course=b, by=organiser, prerequisite_ids=[])
    assert list(b.prerequisites.all()) == []
    assert list(b.competencies.all()) == [comp]


def test_prerequisite_of_another_agency_refused(chain, organiser):
    other_agency = AgencyFactory(code="9901", name="Kota Lain")
    unit = make_unit("Dinas lain", agency=other_agency, code="LAIN")
    other = Course.objects.create(
        agency=other_agency, owner_unit=unit, code="lain", title="Lain"
    )
    err = _refused(
        "unknown_prerequisite",
        course=chain[0],
        by=organiser,
        prerequisite_ids=[other.pk],
    )
    assert err.message == "Kursus prasyarat harus kursus instansi yang sama."


def test_links_api(api_for, chain):
    a, b, c = chain
    comp = CompetencyFactory()
    client = api_for("organiser")
    url = f"/api/elearning/authoring/courses/{b.pk}/links"
    r = client.put(
        url,
        {"competency_ids": [comp.pk], "prerequisite_ids": [a.pk]},
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    assert (r.json()["competency_ids"], r.json()["prerequisite_ids"]) == (
        [comp.pk],
        [a.pk],
    )
    r = client.put(
        f"/api/elearning/authoring/courses/{a.pk}/links",
        {"prerequisite_ids": [b.pk]},
        content_type="application/json",
    )
    assert r.status_code == 400
    assert r.json()["code"] == "prerequisite_cycle"
    assert r.json()["details"] == {"chain": ["Kursus A", "Kursus B", "Kursus A"]}
    assert list(a.prerequisites.all()) == []
    listed = {c["id"]: c for c in client.get("/api/elearning/authoring/courses").json()}
    assert listed[b.pk]["prerequisite_ids"] == [a.pk]
    # A learner cannot author.
    assert (
        api_for("employee").put(url, {}, content_type="application/json").status_code
        == 403
    )


def test_links_page(client_for, chain):
    a, b, c = chain
    comp = CompetencyFactory(name="Manajemen proyek")
    client = client_for("organiser")
    url = f"/elearning/authoring/{b.pk}/"
    page = client.get(url).content.decode()
    assert 'id="course-links"' in page
    assert "Manajemen proyek" in page
    r = client.post(
        url,
        {"action": "links", "competencies": [comp.pk], "prerequisites": [a.pk, c.pk]},
        follow=True,
    )
    assert "Kompetensi dan prasyarat disimpan." in r.content.decode()
    assert sorted(x.pk for x in b.prerequisites.all()) == [a.pk, c.pk]
    r = client.post(url, {"action": "links", "prerequisites": [b.pk]}, follow=True)
    assert (
        "Kursus tidak bisa menjadi prasyarat bagi dirinya sendiri."
        in r.content.decode()
    )
    assert sorted(x.pk for x in b.prerequisites.all()) == [a.pk, c.pk]
    page = client.get(url).content.decode()
    assert f'<option value="{a.pk}" selected>' in page
