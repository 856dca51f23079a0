"""Coaching sessions (mentoring area) tied to the employee's performance feedback."""

import datetime as dt

import pytest
import time_machine
from auditlog.models import LogEntry

from jenjang.core.exceptions import ApplicationError, PermissionDenied
from jenjang.mentoring.links import session_links
from jenjang.mentoring.models import Relationship, Session
from jenjang.mentoring.services import pairs as pair_services
from jenjang.mentoring.services import sessions as session_services
from jenjang.performance.models import CoachingLink, Feedback
from jenjang.performance.selectors import coaching_sessions_for
from jenjang.performance.services import coaching as svc
from jenjang.performance.services.evaluation import feedback_create
from jenjang.performance.tests.helpers import employee_skp, period

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2025, 5, 10, 9, 0, tzinfo=dt.UTC)  # quarter II of 2025


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _coaching(world, member=None, coach=None) -> Relationship:
    coach = coach or world.supervisor
    rel = pair_services.coaching_start(
        coach=coach, member=member or world.employee, by=coach.user
    )
    Relationship.objects.filter(pk=rel.pk).update(started_on=dt.date(2025, 1, 2))
    rel.refresh_from_db()
    return rel


def _session(rel, held_on, topics, by=None) -> Session:
    return session_services.session_log(
        relationship=rel,
        by=by or rel.mentor.user,
        held_on=held_on,
        duration_minutes=60,
        topics=topics,
        notes="Catatan pribadi pasangan",
    )


@pytest.fixture
def setup(world):
    skp = employee_skp(world)
    rel = _coaching(world)
    feb = _session(rel, dt.date(2025, 2, 10), "Ketepatan laporan")
    mar = _session(rel, dt.date(2025, 3, 3), "Jadwal kerja")
    apr = _session(rel, dt.date(2025, 4, 15), "Analisis data")
    session_services.session_cancel(
        session=mar, by=world.supervisor.user, reason="Sakit"
    )
    q1 = period(skp, 1)
    fb = feedback_create(
        skp=skp, period=q1, improvements="Kirim tepat waktu", by=world.supervisor.user
    )
    return skp, rel, q1, fb, feb, mar, apr


def test_the_period_shows_the_evaluators_held_coaching_sessions(world, setup):
    skp, rel, q1, fb, feb, mar, apr = setup
    # A mentoring pair of the same two people is not coaching; another
    # member's coaching is not this employee's.
    other = _coaching(world, member=world.mentor)
    _session(other, dt.date(2025, 2, 11), "Coaching orang lain")

    rows = coaching_sessions_for(skp, q1)
    assert [(r["session"].pk, r["link"]) for r in rows] == [(feb.pk, None)]
    year = coaching_sessions_for(skp)
    assert [r["session"].pk for r in year] == [feb.pk, apr.pk]
    assert coaching_sessions_for(skp, period(skp, 2))[0]["session"].pk == apr.pk


def test_evaluator_links_a_session_and_both_sides_see_it(world, setup, hr_admin):
    skp, rel, q1, fb, feb, mar, apr = setup
    link = svc.coaching_link_create(
        feedback=fb, session_id=feb.pk, by=world.supervisor.user
    )
    assert (link.feedback, link.session_id, link.linked_by) == (
        fb,
        feb.pk,
        world.supervisor.user,
    )
    assert coaching_sessions_for(skp, q1)[0]["link"] == link

    # Mentoring's pair page reads the link through its registry.
    expected_url = (
        f"/performance/skp/{skp.pk}/realisation/?period={q1.pk}#feedback-{fb.pk}"
    )
    for user in (world.employee.user, world.supervisor.user, hr_admin):
        found = session_links(user=user, session_ids=[feb.pk, apr.pk])
        assert list(found) == [feb.pk]
        (only,) = found[feb.pk]
        assert (only.kind, only.url) == ("performance.feedback", expected_url)
        assert only.label == "Umpan balik 10 Mei 2025 · SKP 2025"
    # Someone who cannot read the SKP sees no link.
    assert session_links(user=world.mentor.user, session_ids=[feb.pk]) == {}

    entry = LogEntry.objects.get_for_object(link).get()
    assert (entry.action, entry.actor) == (
        LogEntry.Action.CREATE,
        world.supervisor.user,
    )


def test_link_refusals_write_nothing(world, setup):
    skp, rel, q1, fb, feb, mar, apr = setup
    sup = world.supervisor.user
    with pytest.raises(PermissionDenied):
        svc.coaching_link_create(feedback=fb, session_id=feb.pk, by=world.employee.user)
    cases = [
        (apr.pk, "coaching_session_outside"),  # quarter II, the feedback is of I
        (mar.pk, "coaching_session_unknown"),  # cancelled
        (987654, "coaching_session_unknown"),
        ("x", "coaching_session_unknown"),
        (None, "coaching_session_unknown"),
    ]
    for session_id, code in cases:
        with pytest.raises(ApplicationError) as exc:
            svc.coaching_link_create(feedback=fb, session_id=session_id, by=sup)
        assert exc.value.code == code
    assert str(exc.value) == (
        "Sesi coaching tidak ditemukan: hanya sesi coaching Anda yang "
        "terlaksana dengan pegawai ini yang dapat ditautkan."
    )
    # A coaching session of another coach with this employee is not the
    # evaluator's own.
    stranger = Relationship.objects.create(
        kind=Relationship.Kind.COACHING,
        mentor=world.mentor,
        mentee=world.employee,
        status=Relationship.Status.ACTIVE,
        started_on=dt.date(2025, 1, 2),
    )
    theirs = Session.objects.create(
        relationship=stranger,
        held_on=dt.date(2025, 2, 12),
        duration_minutes=30,
        topics="Bukan coaching atasan",
    )
    with pytest.raises(ApplicationError) as exc:
        svc.coaching_link_create(feedback=fb, session_id=theirs.pk, by=sup)
    assert exc.value.code == "coaching_session_unknown"
    assert CoachingLink.objects.count() == 0

    svc.coaching_link_create(feedback=fb, session_id=feb.pk, by=sup)
    other = feedback_create(skp=skp, period=q1, improvements="Lain", by=sup)
    with pytest.raises(ApplicationError) as exc:
        svc.coaching_link_create(feedback=other, session_id=feb.pk, by=sup)
    assert (exc.value.code, exc.value.status) == ("coaching_session_linked", 409)
    assert str(exc.value) == "Sesi coaching ini sudah ditautkan ke umpan balik."
    assert CoachingLink.objects.count() == 1


def test_feedback_without_period_takes_any_session_of_the_year(world, setup):
    skp, rel, q1, fb, feb, mar, apr = setup
    sup = world.supervisor.user
    loose = feedback_create(skp=skp, improvements="Umum", by=sup)
    link = svc.coaching_link_create(feedback=loose, session_id=apr.pk, by=sup)
    assert link.feedback == loose


def test_feedback_recorded_as_a_coaching_follow_up(world, setup):
    skp, rel, q1, fb, feb, mar, apr = setup
    sup = world.supervisor.user
    follow_up = feedback_create(
        skp=skp,
        period=period(skp, 2),
        improvements="Dalami analisis data",
        coaching_session_id=apr.pk,
        by=sup,
    )
    assert list(follow_up.coaching_links.values_list("session_id", flat=True)) == [
        apr.pk
    ]
    # A bad session refuses the whole entry: nothing half-written.
    before = Feedback.objects.count()
    with pytest.raises(ApplicationError) as exc:
        feedback_create(
            skp=skp,
            period=period(skp, 2),
            improvements="Tidak tersimpan",
            coaching_session_id=apr.pk,
            by=sup,
        )
    assert exc.value.code == "coaching_session_linked"
    assert Feedback.objects.count() == before
    # The employee records feedback but cannot tie sessions.
    with pytest.raises(PermissionDenied):
        feedback_create(
            skp=skp,
            period=q1,
            improvements="Dari pegawai",
            coaching_session_id=feb.pk,
            by=world.employee.user,
        )
    assert Feedback.objects.count() == before


def test_unlink_by_the_evaluator_only(world, setup):
    skp, rel, q1, fb, feb, mar, apr = setup
    link = svc.coaching_link_create(
        feedback=fb, session_id=feb.pk, by=world.supervisor.user
    )
    with pytest.raises(PermissionDenied):
        svc.coaching_link_delete(link=link, by=world.employee.user)
    assert CoachingLink.objects.filter(pk=link.pk).exists()
    svc.coaching_link_delete(link=link, by=world.supervisor.user)
    assert not CoachingLink.objects.exists()
    assert coaching_sessions_for(skp, q1)[0]["link"] is None


# --- pages --------------------------------------------------------------------------


def test_pages_show_and_link_the_sessions(world, setup, client_for):
    skp, rel, q1, fb, feb, mar, apr = setup
    sup = client_for("supervisor")
    url = f"/performance/skp/{skp.pk}/realisation/?period={q1.pk}"
    page = sup.get(url).content.decode()
    assert f'data-session="{feb.pk}"' in page
    assert "Ketepatan laporan" in page
    assert 'name="coaching_session"' in page  # record feedback as a follow-up
    assert "Catatan pribadi pasangan" not in page
    evaluate = sup.get(f"/performance/skp/{skp.pk}/evaluate/{q1.pk}/")
    assert "coaching-link-form" in evaluate.content.decode()

    response = sup.post(
        f"/performance/skp/{skp.pk}/coaching/link/",
        {"feedback": fb.pk, "session": feb.pk, "period": q1.pk, "back": "evaluate"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/performance/skp/{skp.pk}/evaluate/{q1.pk}/"
    assert CoachingLink.objects.get().session_id == feb.pk

    # The employee sees the session and the feedback it belongs to …
    emp = client_for("employee")
    page = emp.get(url).content.decode()
    assert "Tertaut ke umpan balik" in page
    assert "coaching-link-form" not in page
    assert 'name="coaching_session"' not in page
    # … and the pair page shows the feedback entry.
    pair = emp.get(f"/mentoring/pairs/{rel.pk}/").content.decode()
    assert f"#feedback-{fb.pk}" in pair
    assert 'data-kind="performance.feedback"' in pair
    # The pair page leads to the coached employee's SKP feedback page.
    assert (
        f'<a href="/performance/skp/{skp.pk}/realisation/" data-kind="performance.skp">'
        "Realisasi &amp; umpan balik SKP 2025</a>"
    ) in pair

    # A refused link comes back as a message.
    response = sup.post(
        f"/performance/skp/{skp.pk}/coaching/link/",
        {"feedback": fb.pk, "session": apr.pk, "period": q1.pk},
        follow=True,
    )
    assert "berada di luar" in response.content.decode()
    assert CoachingLink.objects.count() == 1

    response = sup.post(
        f"/performance/skp/{skp.pk}/coaching/unlink/",
        {"feedback": fb.pk, "session": feb.pk, "period": q1.pk},
    )
    assert response["Location"] == url
    assert not CoachingLink.objects.exists()


def test_feedback_form_records_a_coaching_follow_up(world, setup, client_for):
    skp, rel, q1, fb, feb, mar, apr = setup
    response = client_for("supervisor").post(
        f"/performance/skp/{skp.pk}/feedback/",
        {
            "period": q1.pk,
            "improvements": "Tindak lanjut coaching",
            "coaching_session": feb.pk,
        },
    )
    assert response.status_code == 302
    created = Feedback.objects.get(improvements="Tindak lanjut coaching")
    assert CoachingLink.objects.get().feedback == created


@pytest.mark.parametrize(
    ("persona", "status"),
    [("employee", 403), ("mentor", 403), ("hr_admin_other", 403), ("anonymous", 302)],
)
def test_only_the_evaluator_links_on_the_pages(
    world, setup, client_for, persona, status
):
    skp, rel, q1, fb, feb, mar, apr = setup
    response = client_for(persona).post(
        f"/performance/skp/{skp.pk}/coaching/link/",
        {"feedback": fb.pk, "session": feb.pk, "period": q1.pk},
    )
    assert response.status_code in {status, 404}
    assert not CoachingLink.objects.exists()


# --- API ----------------------------------------------------------------------------


def test_api_lists_links_and_unlinks(world, setup, api_for):
    skp, rel, q1, fb, feb, mar, apr = setup
    sup = api_for("supervisor", "token")
    listed = sup.get(f"/api/performance/skps/{skp.pk}/coaching?period_id={q1.pk}")
    assert listed.status_code == 200
    assert listed.json() == [
        {
            "session_id": feb.pk,
            "pair_id": rel.pk,
            "pair_url": f"/mentoring/pairs/{rel.pk}/",
            "held_on": "2025-02-10",
            "duration_minutes": 60,
            "topics": "Ketepatan laporan",
            "feedback_id": None,
        }
    ]
    created = sup.post(
        f"/api/performance/feedback/{fb.pk}/coaching",
        {"session_id": feb.pk},
        content_type="application/json",
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["feedback_id"], body["session_id"], body["topics"]) == (
        fb.pk,
        feb.pk,
        "Ketepatan laporan",
    )
    again = sup.post(
        f"/api/performance/feedback/{fb.pk}/coaching",
        {"session_id": feb.pk},
        content_type="application/json",
    )
    assert again.status_code == 409
    assert again.json()["code"] == "coaching_session_linked"
    feedback = sup.get(f"/api/performance/skps/{skp.pk}/feedback").json()
    assert [f["coaching_session_ids"] for f in feedback] == [[feb.pk]]

    # The employee reads both: the session list and the pair with its link.
    emp = api_for("employee", "token")
    listed = emp.get(f"/api/performance/skps/{skp.pk}/coaching").json()
    assert [(r["session_id"], r["feedback_id"]) for r in listed] == [
        (feb.pk, fb.pk),
        (apr.pk, None),
    ]
    pair = emp.get(f"/api/mentoring/pairs/{rel.pk}").json()
    assert pair["links"] == [
        {
            "kind": "performance.skp",
            "label": "Realisasi & umpan balik SKP 2025",
            "url": f"/performance/skp/{skp.pk}/realisation/",
        }
    ]
    links = {s["id"]: s["links"] for s in pair["sessions"]}
    assert links[apr.pk] == []
    assert [link["kind"] for link in links[feb.pk]] == ["performance.feedback"]

    refused = emp.delete(f"/api/performance/feedback/{fb.pk}/coaching/{feb.pk}")
    assert refused.status_code == 403
    assert CoachingLink.objects.count() == 1
    gone = sup.delete(f"/api/performance/feedback/{fb.pk}/coaching/{feb.pk}")
    assert gone.status_code == 204
    assert not CoachingLink.objects.exists()
    missing = sup.delete(f"/api/performance/feedback/{fb.pk}/coaching/{feb.pk}")
    assert missing.status_code == 404


def test_api_feedback_as_coaching_follow_up(world, setup, api_for):
    skp, rel, q1, fb, feb, mar, apr = setup
    response = api_for("supervisor", "token").post(
        f"/api/performance/skps/{skp.pk}/feedback",
        {
            "period_id": period(skp, 2).pk,
            "improvements": "Dalami analisis",
            "coaching_session_id": apr.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["coaching_session_ids"] == [apr.pk]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("employee", 403), ("mentor", 404), ("hr_admin_other", 404), ("anonymous", 401)],
)
def test_api_link_is_for_the_evaluator(world, setup, api_for, persona, status):
    skp, rel, q1, fb, feb, mar, apr = setup
    response = api_for(persona).post(
        f"/api/performance/feedback/{fb.pk}/coaching",
        {"session_id": feb.pk},
        content_type="application/json",
    )
    assert response.status_code == status
    assert not CoachingLink.objects.exists()
    if persona in {"mentor", "hr_admin_other"}:
        listed = api_for(persona).get(f"/api/performance/skps/{skp.pk}/coaching")
        assert listed.status_code == 404


def test_pair_links_only_for_coaching_and_readers_of_the_skp(world, setup, hr_admin):
    from jenjang.mentoring.links import pair_links
    from jenjang.mentoring.tests.factories import make_mentor

    skp, rel, q1, fb, feb, mar, apr = setup
    url = f"/performance/skp/{skp.pk}/realisation/"
    for user in (world.supervisor.user, world.employee.user, hr_admin):
        assert [link.url for link in pair_links(user=user, relationship=rel)] == [url]
    assert pair_links(user=world.mentor.user, relationship=rel) == []
    mentoring = Relationship.objects.create(
        kind=Relationship.Kind.MENTORING,
        mentor_profile=make_mentor(world.supervisor, {}, by=hr_admin),
        mentor=world.supervisor,
        mentee=world.employee,
        status=Relationship.Status.CLOSED,
    )
    assert pair_links(user=world.supervisor.user, relationship=mentoring) == []


def test_a_link_made_at_the_same_moment_is_refused_by_the_database(world, setup):
    skp, rel, q1, fb, feb, mar, apr = setup
    sup = world.supervisor.user
    # Both requests passed the check; the second insert meets the constraint.
    session = svc.coaching_session_check(skp=skp, session_id=feb.pk, period=q1, by=sup)
    svc.coaching_link_save(feedback=fb, session=session, by=sup)
    with pytest.raises(ApplicationError) as exc:
        svc.coaching_link_save(feedback=fb, session=session, by=sup)
    assert exc.value.code == "coaching_session_linked"
    assert CoachingLink.objects.count() == 1


@pytest.mark.parametrize(
    "path",
    [
        "/api/performance/feedback/0/coaching/0",
        "/api/performance/feedback/9223372036854775808/coaching/1",
        "/api/performance/feedback/1/coaching/99999999999999999999999",
        "/api/performance/feedback/-5/coaching/-7",
    ],
)
def test_unlink_of_an_unknown_or_impossible_id_is_a_404(world, api_for, path):
    response = api_for("supervisor").delete(path)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
