"""Pages: access per persona, the learner's pages, authoring posts, reports export."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from jenjang.elearning.models import Course, Module
from jenjang.elearning.services import learning, quiz
from jenjang.elearning.tests.conftest import lessons, right_answers

pytestmark = pytest.mark.django_db

ALL = [
    "employee",
    "supervisor",
    "mentor",
    "organiser",
    "hr_admin",
    "hr_admin_other",
    "leader",
    "superadmin",
]


@pytest.mark.parametrize("persona", ALL)
def test_page_access(client_for, persona, course):
    client = client_for(persona)
    expected = {
        "/elearning/": 200 if persona in ("employee", "supervisor", "mentor") else 403,
        "/elearning/authoring/": 200
        if persona in ("organiser", "hr_admin", "hr_admin_other", "superadmin")
        else 403,
        "/elearning/reports/": 200
        if persona
        in ("organiser", "hr_admin", "hr_admin_other", "leader", "superadmin")
        else 403,
        f"/elearning/authoring/{course.pk}/": 200
        if persona in ("organiser", "hr_admin", "superadmin")
        else (404 if persona == "hr_admin_other" else 403),
    }
    got = {url: client.get(url).status_code for url in expected}
    assert got == expected


def test_anonymous_redirected(client, course):
    response = client.get("/elearning/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_learner_pages_and_resume(client_for, course, enrolment, world):
    client = client_for("employee")
    home = client.get("/elearning/")
    assert "Kepemimpinan Pelayanan" in home.content.decode()
    ls = lessons(enrolment)
    page = client.get(f"/elearning/learn/{enrolment.pk}/lessons/{ls['text'].pk}/")
    html = page.content.decode()
    assert "<strong>penting</strong>" in html
    assert "<script>alert" not in html
    # Resume goes to the last lesson opened.
    client.get(f"/elearning/learn/{enrolment.pk}/lessons/{ls['quiz'].pk}/")
    resume = client.get(f"/elearning/learn/{enrolment.pk}/?resume=1")
    assert (
        resume["Location"]
        == f"/elearning/learn/{enrolment.pk}/lessons/{ls['quiz'].pk}/"
    )
    # Another learner cannot open this enrolment.
    assert (
        client_for("supervisor").get(f"/elearning/learn/{enrolment.pk}/").status_code
        == 404
    )


def test_quiz_pages_submit_and_review(client_for, enrolment, employee):
    client = client_for("employee")
    ls = lessons(enrolment)
    r = client.post(
        f"/elearning/learn/{enrolment.pk}/lessons/{ls['quiz'].pk}/attempts/"
    )
    attempt_url = r["Location"]
    attempt = enrolment.attempts.get()
    data = {f"q{k}": v for k, v in right_answers(attempt).items()}
    client.post(attempt_url, data)
    attempt.refresh_from_db()
    assert attempt.passed is True
    review = client.get(attempt_url).content.decode()
    assert "100" in review
    assert "Lulus" in review


def test_authoring_posts(client_for, course, organiser):
    client = client_for("organiser")
    url = f"/elearning/authoring/{course.pk}/"
    client.post(url, {"action": "module", "title": "Modul baru"})
    draft_modules = Module.objects.filter(
        version__course=course, version__status="draft"
    )
    assert list(draft_modules.values_list("title", flat=True)) == [
        "Modul 1",
        "Modul baru",
    ]
    new = draft_modules.get(title="Modul baru")
    client.post(url, {"action": "module_up", "id": new.pk})
    assert list(draft_modules.order_by("order").values_list("title", flat=True)) == [
        "Modul baru",
        "Modul 1",
    ]
    client.post(
        url,
        {
            "action": "lesson",
            "module": new.pk,
            "title": "Catatan",
            "kind": "text",
            "body": "Isi",
            "estimated_minutes": "20",
            "required": "on",
        },
    )
    assert new.lessons.get().title == "Catatan"
    r = client.post(
        url,
        {
            "action": "lesson",
            "module": new.pk,
            "title": "",
            "kind": "text",
            "estimated_minutes": "20",
        },
        follow=True,
    )
    assert (
        "Judul pelajaran wajib diisi (paling panjang 200 karakter)."
        in r.content.decode()
    )
    preview = client.get(f"/elearning/authoring/{course.pk}/preview/").content.decode()
    assert "Catatan" in preview
    client.post(url, {"action": "publish"})
    course.refresh_from_db()
    assert course.published_version.number == 2


def test_reports_xlsx(client_for, course, enrolment):
    r = client_for("hr_admin").get("/elearning/reports/?format=xlsx")
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(r.content))
    rows = list(wb.worksheets[0].values)
    assert rows[1] == ("Kepemimpinan Pelayanan", 1, 0, 0, 0)


def test_item_analysis_page(client_for, enrolment, employee):
    q = lessons(enrolment)["quiz"].quiz
    attempt = quiz.attempt_start(enrolment=enrolment, quiz=q)
    quiz.attempt_submit(attempt=attempt, by=employee, responses=right_answers(attempt))
    r = client_for("organiser").get(f"/elearning/reports/quiz/{q.lesson_id}/")
    assert r.status_code == 200
    assert r.context["stats"][0].difficulty == 1.0
    assert (
        client_for("hr_admin_other")
        .get(f"/elearning/reports/quiz/{q.lesson_id}/")
        .status_code
        == 404
    )


def test_home_panel_and_recommendations(rf, course, enrolment, world):
    from jenjang.competencies.models import Competency
    from jenjang.competencies.selectors import Gap
    from jenjang.elearning import selectors

    request = rf.get("/")
    request.user = world.employee.user
    panel = selectors.home_panel(request)
    assert [e.course.title for e in panel["enrolments"]] == ["Kepemimpinan Pelayanan"]
    competency = Competency.objects.create(
        code="kepemimpinan-uji", name="Kepemimpinan", kind="managerial"
    )
    course.competencies.add(competency)
    gap = Gap(competency=competency, required_level=3, source="uji", current_level=1)
    found = selectors.recommendations(world.supervisor, [gap])
    assert [(r.title, r.source, r.gap_size) for r in found] == [
        ("E-learning: Kepemimpinan Pelayanan", "elearning", 2)
    ]


def test_xapi_forwarding(settings, enrolment, monkeypatch):
    from jenjang.elearning.models import XapiStatement
    from jenjang.elearning.services import xapi

    sent = []

    class Response:
        status = 200

        def __enter__(self):
            return self

        def __exit__(self, *a):
            return False

    def fake_urlopen(request, timeout):
        sent.append((request.full_url, request.headers, request.data))
        return Response()

    monkeypatch.setattr(xapi.urllib.request, "urlopen", fake_urlopen)
    settings.JENJANG_XAPI_LRS = {
        "url": "https://lrs.example/xapi",
        "username": "k",
        "password": "s",
    }
    from django.db import connection  # noqa: F401
    from django.test.utils import CaptureQueriesContext  # noqa: F401

    row = xapi.statement_record(enrolment=enrolment, verb="launched")
    assert xapi.statements_forward([str(row.pk)]) == 1
    assert sent[0][0] == "https://lrs.example/xapi/statements"
    assert sent[0][1]["X-experience-api-version"] == "1.0.3"
    assert XapiStatement.objects.get(pk=row.pk).forwarded_at is not None


def test_demo_build_idempotent(world, organiser):
    import random

    from jenjang.development.services.conversion import ensure_seeded
    from jenjang.elearning.demo import build
    from jenjang.elearning.models import LearningPath, Question

    ensure_seeded()
    build(agency=world.agency, rng=random.Random(1), stdout=lambda s: None)
    build(agency=world.agency, rng=random.Random(1), stdout=lambda s: None)
    assert Course.objects.filter(code__startswith="demo-").count() == 3
    assert all(c.published_version_id for c in Course.objects.all())
    assert Question.objects.count() == 14
    path = LearningPath.objects.get()
    assert path.target_position_kind == "pengawas"
    assert [i.course.code for i in path.items.all()] == [
        "demo-kepemimpinan-pelayanan",
        "demo-manajemen-proyek",
        "demo-inovasi-pelayanan-publik",
    ]
    assert learning  # the services module used by the demo


def test_catalog_and_my_courses_without_n_plus_one(world, organiser, employee):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jenjang.elearning import selectors
    from jenjang.elearning.tests.conftest import build_course

    def count():
        with CaptureQueriesContext(connection) as ctx:
            selectors.catalog_for(world.employee)
            selectors.enrolments_with_progress(world.employee)
        return len(ctx.captured_queries)

    first = build_course(organiser=organiser, unit=world.dinkes, title="Satu")
    learning.enrolment_create(course=first, employee=world.employee, by=employee)
    one = count()
    for title in ("Dua", "Tiga"):
        other = build_course(organiser=organiser, unit=world.dinkes, title=title)
        learning.enrolment_create(course=other, employee=world.employee, by=employee)
    assert count() == one
    jps = {c.title: c.jp for c in selectors.catalog_for(world.employee)}
    assert jps == {
        "Satu": Decimal("3.00"),
        "Dua": Decimal("3.00"),
        "Tiga": Decimal("3.00"),
    }


def test_path_page_builds_ordered_path(client_for, world, organiser):
    from jenjang.elearning.models import LearningPath
    from jenjang.elearning.tests.conftest import build_course

    first = build_course(organiser=organiser, unit=world.dinkes, title="Satu")
    second = build_course(organiser=organiser, unit=world.dinkes, title="Dua")
    assert client_for("organiser").get("/elearning/paths/new/").status_code == 403
    client = client_for("hr_admin")
    r = client.post(
        "/elearning/paths/new/",
        {
            "title": "Persiapan pengawas",
            "position_kind": "pelaksana",
            "target_position_kind": "pengawas",
            f"pos_{first.pk}": "2",
            f"pos_{second.pk}": "1",
        },
    )
    assert r.status_code == 302
    path = LearningPath.objects.get()
    assert [i.course.title for i in path.items.all()] == ["Dua", "Satu"]
    r = client.post("/elearning/paths/new/", {"title": "Kosong"}, follow=True)
    assert "Jalur belajar perlu sedikitnya satu kegiatan." in r.content.decode()
    assert LearningPath.objects.count() == 1
