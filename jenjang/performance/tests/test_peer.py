"""360 input: invitations, one answer each, aggregate only from three answers."""

import pytest

from jenjang.core.exceptions import ApplicationError, PermissionDenied
from jenjang.people.tests.factories import EmployeeFactory, UserFactory
from jenjang.performance.models import BehaviourValue, PeerAnswer
from jenjang.performance.services import peer as svc
from jenjang.performance.tests.helpers import employee_skp, period

pytestmark = pytest.mark.django_db


def _colleagues(world, n):
    from jenjang.accounts.models import Role, RoleGrant

    people = []
    for i in range(n):
        user = UserFactory(username=f"rekan{i}")
        RoleGrant.objects.create(user=user, role=Role.EMPLOYEE)
        people.append(EmployeeFactory(position=world.staff_position, user=user))
    return people


def _answers(rating="di_atas", comment=""):
    return {v.code: (rating, comment) for v in BehaviourValue.objects.all()}


def test_aggregate_appears_from_the_third_answer(world):
    skp = employee_skp(world)
    per = period(skp)
    people = _colleagues(world, 3)
    made = svc.peer_invite(
        skp=skp,
        period=per,
        reviewer_ids=[p.pk for p in people],
        by=world.supervisor.user,
    )
    assert [i.relation for i in made] == ["peer"] * 3
    by_reviewer = {i.reviewer_id: i for i in made}
    invites = [by_reviewer[p.pk] for p in people]
    svc.peer_answer(
        invite=invites[0], answers=_answers("di_atas", "Sigap"), by=people[0].user
    )
    svc.peer_answer(invite=invites[1], answers=_answers("sesuai"), by=people[1].user)
    summary = svc.peer_summary(skp=skp, period=per)
    assert (summary.invited, summary.answered, summary.shown) == (3, 2, False)
    assert summary.ratings == {}
    svc.peer_answer(invite=invites[2], answers=_answers("sesuai"), by=people[2].user)
    summary = svc.peer_summary(skp=skp, period=per)
    assert summary.shown is True
    assert summary.ratings["Akuntabel"] == {"di_atas": 1, "sesuai": 2}
    assert summary.comments["Akuntabel"] == ["Sigap"]
    # Rows for the page: counts in the order di atas, sesuai, di bawah.
    assert summary.rows[1] == ("Akuntabel", [1, 2, 0], ["Sigap"])


def test_only_the_evaluator_invites_and_only_the_invitee_answers(world):
    skp = employee_skp(world)
    per = period(skp)
    (colleague,) = _colleagues(world, 1)
    with pytest.raises(PermissionDenied):
        svc.peer_invite(
            skp=skp, period=per, reviewer_ids=[colleague.pk], by=world.employee.user
        )
    (invite,) = svc.peer_invite(
        skp=skp, period=per, reviewer_ids=[colleague.pk], by=world.supervisor.user
    )
    with pytest.raises(PermissionDenied):
        svc.peer_answer(invite=invite, answers=_answers(), by=world.employee.user)
    with pytest.raises(ApplicationError) as err:
        svc.peer_answer(
            invite=invite, answers={"akuntabel": ("sesuai", "")}, by=colleague.user
        )
    assert err.value.code == "incomplete_answer"
    svc.peer_answer(invite=invite, answers=_answers(), by=colleague.user)
    with pytest.raises(ApplicationError) as err:
        svc.peer_answer(invite=invite, answers=_answers(), by=colleague.user)
    assert err.value.code == "already_answered"
    assert PeerAnswer.objects.count() == 7


def test_cannot_invite_the_employee_or_another_agency(world):
    from jenjang.people.tests.factories import AgencyFactory, PositionFactory, make_unit

    skp = employee_skp(world)
    other = AgencyFactory(code="9999")
    unit = make_unit("Lain", agency=other)
    stranger = EmployeeFactory(position=PositionFactory(org_unit=unit))
    with pytest.raises(ApplicationError) as err:
        svc.peer_invite(
            skp=skp,
            period=period(skp),
            reviewer_ids=[world.employee.pk],
            by=world.supervisor.user,
        )
    assert err.value.code == "invalid_reviewers"
    with pytest.raises(ApplicationError):
        svc.peer_invite(
            skp=skp,
            period=period(skp),
            reviewer_ids=[stranger.pk],
            by=world.supervisor.user,
        )


def test_peer_api_and_pages(world, api_for, client_for):
    from django.test import Client

    from conftest import sign_in

    skp = employee_skp(world)
    per = period(skp)
    people = _colleagues(world, 3)
    r = api_for("supervisor").post(
        f"/api/performance/skps/{skp.pk}/peer-invites",
        {"period_id": per.pk, "reviewer_ids": [p.pk for p in people]},
        content_type="application/json",
    )
    assert r.status_code == 201
    # The employee may not invite.
    r = api_for("employee").post(
        f"/api/performance/skps/{skp.pk}/peer-invites",
        {"period_id": per.pk, "reviewer_ids": [people[0].pk]},
        content_type="application/json",
    )
    assert r.status_code == 403
    for n, person in enumerate(people):
        c = sign_in(Client(), person.user)
        page = c.get("/performance/peer/").content.decode()
        assert world.employee.name in page
        invite_id = c.get("/api/performance/peer-invites").json()[0]["id"]
        if n == 0:
            form = {f"rating_{v.code}": "sesuai" for v in BehaviourValue.objects.all()}
            form["comment_akuntabel"] = "Teliti"
            c.post(f"/performance/peer/{invite_id}/answer/", form)
        else:
            body = {
                "answers": [
                    {"value": v.code, "rating": "di_atas"}
                    for v in BehaviourValue.objects.all()
                ]
            }
            r = c.post(
                f"/api/performance/peer-invites/{invite_id}/answer",
                body,
                content_type="application/json",
            )
            assert r.status_code == 200
    summary = (
        api_for("employee")
        .get(f"/api/performance/skps/{skp.pk}/peer-summary?period_id={per.pk}")
        .json()
    )
    assert summary["shown"] is True
    assert summary["ratings"]["Akuntabel"] == {"sesuai": 1, "di_atas": 2}
    assert summary["comments"]["Akuntabel"] == ["Teliti"]
    page = (
        client_for("supervisor")
        .get(f"/performance/skp/{skp.pk}/evaluate/{per.pk}/")
        .content.decode()
    )
    assert 'id="peer-summary"' in page
    assert "“Teliti”" in page
    # Nobody's name appears next to the answers.
    assert "rekan0" not in page
