"""Rounds, answers, sessions and JP, coaching and reminders against the database."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.db.models import Sum
from django.test import override_settings

from jenjang.core.exceptions import ApplicationError, PermissionDenied
from jenjang.development.models import LedgerEntry
from jenjang.mentoring.models import (
    MatchingRound,
    MenteeRequest,
    PairRule,
    Relationship,
    Session,
)
from jenjang.mentoring.services import pairs as pair_services
from jenjang.mentoring.services import rounds as round_services
from jenjang.mentoring.services import sessions as session_services
from jenjang.mentoring.services.reminders import (
    quiet_pairs,
    quiet_pairs_remind,
    quiet_weeks,
)
from jenjang.mentoring.services.sessions import SESSION_SOURCE
from jenjang.mentoring.tests.factories import (
    competency,
    make_mentor,
    make_request,
    make_senior,
)
from jenjang.people.tests.factories import EmployeeFactory, UserFactory

TODAY = dt.date(2026, 3, 16)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(
        dt.datetime(2026, 3, 16, 10, 0, tzinfo=dt.UTC), tick=False
    ):
        yield


@pytest.fixture
def setup(world, hr_admin):
    data = competency("analisis-data")
    make_senior(world.mentor)
    profile = make_mentor(world.mentor, {data: 4}, capacity=1, by=hr_admin)
    request = make_request(world.employee, {data: 3})
    return data, profile, request


def _run(hr_admin, world, **kw):
    rnd = round_services.round_create(
        name="Putaran Maret", org_unit=world.dinkes, by=hr_admin, **kw
    )
    round_services.round_enqueue(round=rnd, by=hr_admin)
    rnd = round_services.round_run(round_id=rnd.pk)
    return rnd


def _active_pair(world, hr_admin, setup):
    rnd = _run(hr_admin, world)
    round_services.round_publish(round=rnd, by=hr_admin)
    rel = Relationship.objects.get(round=rnd)
    pair_services.relationship_accept(relationship=rel, by=world.employee.user)
    pair_services.relationship_accept(relationship=rel, by=world.mentor.user)
    rel.refresh_from_db()
    return rel


def test_profile_strengths_come_from_assessments(world, hr_admin, setup):
    data, profile, _request = setup
    assert list(profile.strengths.values_list("competency_id", "level")) == [
        (data.pk, 4)
    ]


def test_second_open_request_is_refused(world, setup):
    data, _p, _r = setup
    with pytest.raises(ApplicationError) as err:
        make_request(world.employee, {data: 3})
    assert err.value.code == "request_exists"


def test_round_proposes_the_pair_with_a_breakdown(world, hr_admin, setup):
    _data, profile, request = setup
    rnd = _run(hr_admin, world)
    assert rnd.status == MatchingRound.Status.DONE
    assert rnd.progress == 100
    pair = rnd.pairs.get()
    assert (pair.request_id, pair.mentor_id) == (request.pk, profile.pk)
    assert set(pair.breakdown) == {"coverage", "field", "seniority", "unit", "load"}
    assert pair.score == pytest.approx(sum(pair.breakdown.values()), abs=0.05)
    # Full coverage of level 3 by a level-4 mentor: all 40 of 100 points.
    assert pair.breakdown["coverage"] == 40.0


def test_publish_accept_makes_an_active_pair(world, hr_admin, setup):
    rel = _active_pair(world, hr_admin, setup)
    assert rel.status == Relationship.Status.ACTIVE
    assert rel.started_on == TODAY
    assert MenteeRequest.objects.get().status == MenteeRequest.Status.MATCHED


def test_capacity_is_never_exceeded_across_publish(world, hr_admin, setup):
    data, profile, _request = setup
    second = EmployeeFactory(position=world.staff_position, user=UserFactory())
    make_request(second, {data: 2})
    rnd = _run(hr_admin, world)
    assert rnd.pairs.count() == 1  # capacity 1
    assert round_services.round_publish(round=rnd, by=hr_admin) == 1
    assert Relationship.objects.filter(mentor_profile=profile).count() == 1
    # A later round finds no free slot for the other request.
    again = _run(hr_admin, world)
    assert again.pairs.count() == 0
    assert again.mentee_count == 1


def test_decline_returns_the_request_and_the_next_round_rematches(
    world, hr_admin, setup
):
    data, profile, request = setup
    other = EmployeeFactory(position=world.puskesmas_position, user=UserFactory())
    make_senior(other, "IV/a")
    second = make_mentor(other, {data: 5}, capacity=1, by=hr_admin)
    first_round = _run(hr_admin, world)
    first_mentor = first_round.pairs.get().mentor
    round_services.round_publish(round=first_round, by=hr_admin)
    rel = Relationship.objects.get(round=first_round)
    pair_services.relationship_decline(relationship=rel, by=world.employee.user)
    rel.refresh_from_db()
    assert rel.status == Relationship.Status.DECLINED
    assert rel.declined_by == "mentee"
    request.refresh_from_db()
    assert request.status == MenteeRequest.Status.OPEN
    next_round = _run(hr_admin, world)
    pair = next_round.pairs.get()
    assert pair.request_id == request.pk
    assert pair.mentor_id != first_mentor.pk
    assert {pair.mentor_id, first_mentor.pk} == {profile.pk, second.pk}


def test_forbid_and_pin(world, hr_admin, setup):
    data, profile, request = setup
    rnd = round_services.round_create(name="R", org_unit=world.dinkes, by=hr_admin)
    round_services.pair_rule_set(
        round=rnd,
        request=request,
        mentor=profile,
        kind=PairRule.Kind.FORBID,
        by=hr_admin,
    )
    rnd = round_services.round_run(round_id=rnd.pk)
    assert rnd.pairs.count() == 0
    round_services.pair_rule_set(
        round=rnd, request=request, mentor=profile, kind=PairRule.Kind.PIN, by=hr_admin
    )
    assert rnd.rules.get().kind == PairRule.Kind.PIN
    rnd = round_services.round_run(round_id=rnd.pk)
    assert rnd.pairs.get().pinned is True


def test_pin_of_an_inadmissible_pair_says_why(world, hr_admin, setup):
    data, _profile, request = setup
    boss = make_mentor(world.supervisor, {data: 4}, by=hr_admin)
    rnd = round_services.round_create(name="R", org_unit=world.dinkes, by=hr_admin)
    with pytest.raises(ApplicationError) as err:
        round_services.pair_rule_set(
            round=rnd, request=request, mentor=boss, kind="pin", by=hr_admin
        )
    assert err.value.code == "pair_not_admissible"
    assert "rule_not_own_supervisor" in err.value.details["rules"]
    assert "atasan langsung" in err.value.message
    assert not PairRule.objects.exists()


def test_weights_are_validated(world, hr_admin):
    with pytest.raises(ApplicationError) as err:
        round_services.round_create(
            name="R", org_unit=world.dinkes, by=hr_admin, weights={"w_field": 101}
        )
    assert err.value.code == "bad_weight"
    with pytest.raises(ApplicationError) as err:
        round_services.round_create(
            name="R", org_unit=world.dinkes, by=hr_admin, min_rank_gap=5, max_rank_gap=2
        )
    assert err.value.code == "bad_rank_gap"
    assert not MatchingRound.objects.exists()


def test_published_round_cannot_be_rerun(world, hr_admin, setup):
    rnd = _run(hr_admin, world)
    round_services.round_publish(round=rnd, by=hr_admin)
    rnd.refresh_from_db()
    with pytest.raises(ApplicationError) as err:
        round_services.round_enqueue(round=rnd, by=hr_admin)
    assert err.value.code == "round_published"


def test_outsider_cannot_answer_a_proposal(world, hr_admin, setup, supervisor):
    rnd = _run(hr_admin, world)
    round_services.round_publish(round=rnd, by=hr_admin)
    rel = Relationship.objects.get()
    with pytest.raises(PermissionDenied):
        pair_services.relationship_accept(relationship=rel, by=supervisor)
    rel.refresh_from_db()
    assert rel.mentor_accepted_at is None
    assert rel.mentee_accepted_at is None


# --- sessions and JP ----------------------------------------------------------


def _jp(employee) -> Decimal:
    return (
        LedgerEntry.objects.filter(employee=employee).aggregate(s=Sum("jp"))["s"] or 0
    )


def test_session_posts_jp_once_and_cancel_reverses(world, hr_admin, setup):
    rel = _active_pair(world, hr_admin, setup)
    session = session_services.session_log(
        relationship=rel,
        by=world.mentor.user,
        held_on=TODAY,
        duration_minutes=60,
        topics="Membaca data kunjungan",
        notes="Rahasia pasangan",
        action_items=[("Susun dasbor", TODAY + dt.timedelta(days=7))],
    )
    entry = LedgerEntry.objects.get(source_type=SESSION_SOURCE)
    assert entry.employee_id == world.employee.pk
    assert entry.form.siasn_code == 15
    # BPS example (domain file §4.4): 1 session = 2 JP.
    assert entry.jp == Decimal("2.00")
    assert session.action_items.get().text == "Susun dasbor"
    # Posting again for the same session returns the same entry.
    session_services.session_post_jp(
        session=session, relationship=rel, by=world.mentor.user
    )
    assert LedgerEntry.objects.filter(source_type=SESSION_SOURCE).count() == 1
    rel.refresh_from_db()
    assert rel.last_session_on == TODAY
    session_services.session_cancel(
        session=session, by=world.employee.user, reason="Salah catat"
    )
    assert _jp(world.employee) == 0
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.REVERSAL).count() == 1
    rel.refresh_from_db()
    assert rel.last_session_on is None
    assert Session.objects.get().status == Session.Status.CANCELLED


def test_mentoring_jp_is_capped_per_month(world, hr_admin, setup):
    rel = _active_pair(world, hr_admin, setup)
    with pytest.raises(ApplicationError) as err:
        session_services.session_log(
            relationship=rel,
            by=world.mentor.user,
            held_on=TODAY - dt.timedelta(days=3),
            duration_minutes=45,
            topics="Sebelum mulai",
        )
    assert err.value.code == "before_start"
    for _ in range(3):
        session_services.session_log(
            relationship=rel,
            by=world.mentor.user,
            held_on=TODAY,
            duration_minutes=45,
            topics="Sesi",
        )
    # At most 2 sessions (4 JP) a month count (BPS example, domain file §4.4).
    assert _jp(world.employee) == Decimal("4.00")
    assert LedgerEntry.objects.filter(source_type=SESSION_SOURCE).count() == 3


def test_session_refusals(world, hr_admin, setup, supervisor):
    rel = _active_pair(world, hr_admin, setup)
    with pytest.raises(ApplicationError) as err:
        session_services.session_log(
            relationship=rel,
            by=world.mentor.user,
            held_on=TODAY + dt.timedelta(days=1),
            duration_minutes=30,
            topics="x",
        )
    assert err.value.code == "future_date"
    with pytest.raises(ApplicationError) as err:
        session_services.session_log(
            relationship=rel,
            by=world.mentor.user,
            held_on=TODAY,
            duration_minutes=0,
            topics="x",
        )
    assert err.value.code == "bad_duration"
    with pytest.raises(PermissionDenied):
        session_services.session_log(
            relationship=rel,
            by=supervisor,
            held_on=TODAY,
            duration_minutes=30,
            topics="x",
        )
    assert not Session.objects.exists()
    assert not LedgerEntry.objects.filter(source_type=SESSION_SOURCE).exists()


def test_close_records_goal_results_and_feedback(world, hr_admin, setup):
    rel = _active_pair(world, hr_admin, setup)
    goal = pair_services.goal_add(
        relationship=rel,
        by=world.employee.user,
        title="Dasbor kunjungan",
        measure="Dasbor dipakai rapat bulanan",
        due_on=TODAY + dt.timedelta(days=60),
    )
    pair_services.feedback_give(relationship=rel, by=world.employee.user, rating=5)
    pair_services.feedback_give(relationship=rel, by=world.mentor.user, rating=4)
    with pytest.raises(ApplicationError):
        pair_services.feedback_give(relationship=rel, by=world.mentor.user, rating=6)
    pair_services.relationship_close(
        relationship=rel,
        by=world.mentor.user,
        outcome="Tujuan tercapai",
        goal_results={goal.pk: "achieved"},
    )
    rel.refresh_from_db()
    goal.refresh_from_db()
    assert rel.status == Relationship.Status.CLOSED
    assert goal.status == "achieved"
    assert sorted(rel.feedback.values_list("side", "rating")) == [
        ("mentee", 5),
        ("mentor", 4),
    ]
    assert MenteeRequest.objects.get().status == MenteeRequest.Status.CLOSED


# --- coaching -------------------------------------------------------------------


def test_coaching_by_the_supervisor_posts_coaching_jp(world):
    rel = pair_services.coaching_start(
        coach=world.supervisor, member=world.employee, by=world.supervisor.user
    )
    assert rel.status == Relationship.Status.ACTIVE
    session_services.session_log(
        relationship=rel,
        by=world.supervisor.user,
        held_on=TODAY,
        duration_minutes=30,
        topics="Umpan balik SKP triwulan",
    )
    entry = LedgerEntry.objects.get(source_type=SESSION_SOURCE)
    assert entry.form.siasn_code == 14
    assert entry.employee_id == world.employee.pk


def test_coaching_only_for_ones_own_team(world):
    with pytest.raises(ApplicationError) as err:
        pair_services.coaching_start(
            coach=world.supervisor,
            member=world.bpkad_employee,
            by=world.supervisor.user,
        )
    assert err.value.code == "not_team_member"
    assert not Relationship.objects.exists()


# --- reminders --------------------------------------------------------------------


def test_quiet_pairs_are_reminded_once_per_month(world, hr_admin, setup):
    rel = _active_pair(world, hr_admin, setup)
    Relationship.objects.filter(pk=rel.pk).update(started_on=dt.date(2026, 1, 5))
    world.employee.email = "budi@example.test"
    world.employee.save()
    assert quiet_pairs_remind(on=TODAY, weeks=4) == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["budi@example.test"]
    assert quiet_pairs_remind(on=TODAY + dt.timedelta(days=3), weeks=4) == 0
    assert quiet_pairs_remind(on=dt.date(2026, 4, 2), weeks=4) == 1
    Relationship.objects.filter(pk=rel.pk).update(last_session_on=dt.date(2026, 4, 1))
    assert quiet_pairs_remind(on=dt.date(2026, 5, 1), weeks=8) == 0


def test_reminder_command_is_idempotent(world, hr_admin, setup):
    from io import StringIO

    from django.core.management import call_command

    rel = _active_pair(world, hr_admin, setup)
    Relationship.objects.filter(pk=rel.pk).update(started_on=dt.date(2026, 1, 5))
    out = StringIO()
    call_command("mentoring_remind_quiet", "--weeks", "4", stdout=out)
    call_command("mentoring_remind_quiet", "--weeks", "4", stdout=out)
    assert out.getvalue().splitlines() == [
        "1 pasangan diingatkan.",
        "0 pasangan diingatkan.",
    ]


def test_quiet_weeks_setting_is_read_on_every_call(world, hr_admin, setup, settings):
    rel = _active_pair(world, hr_admin, setup)
    # Last met five weeks ago: quiet under the default 4, not under 6.
    Relationship.objects.filter(pk=rel.pk).update(
        last_session_on=TODAY - dt.timedelta(weeks=5)
    )
    del settings.JENJANG_MENTORING_QUIET_WEEKS
    assert quiet_weeks() == 4
    assert list(quiet_pairs(on=TODAY)) == [rel]
    with override_settings(JENJANG_MENTORING_QUIET_WEEKS=6):
        assert quiet_weeks() == 6
        assert list(quiet_pairs(on=TODAY)) == []
        assert quiet_pairs_remind(on=TODAY) == 0
        # An explicit N (the page, --weeks) wins over the setting.
        assert list(quiet_pairs(on=TODAY, weeks=4)) == [rel]
    with override_settings(JENJANG_MENTORING_QUIET_WEEKS="x"):
        assert quiet_weeks() == 4
    with override_settings(JENJANG_MENTORING_QUIET_WEEKS=0):
        assert quiet_weeks() == 1
