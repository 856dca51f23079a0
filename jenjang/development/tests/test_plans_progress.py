"""Plan progress from the JP ledger: done, overdue, planned, and JP this year."""

import datetime as dt
from decimal import Decimal

from jenjang.development.models import PlanActivity
from jenjang.development.selectors.plans import (
    ACTIVITY_SOURCE,
    ledger_jp_for_year,
    plan_progress,
)
from jenjang.development.services.ledger import ledger_post
from jenjang.development.services.plans import activity_link_ledger_entry
from jenjang.development.tests import test_plans_helpers as helpers
from jenjang.development.tests.test_plans_helpers import (
    JAKARTA,
    YEAR,
    make_plan,
    post_entry,
    reverse_entry,
)

# Fixtures shared by the IDP test modules.
forms = helpers.forms
frozen_time = helpers.frozen_time


def activity(plan, form, start, end, jp="8", title="Kegiatan") -> PlanActivity:
    return PlanActivity.objects.create(
        plan=plan,
        form=form,
        title=title,
        planned_start=start,
        planned_end=end,
        planned_jp=Decimal(jp),
    )


def states(progress) -> list[tuple[str, str, int | None]]:
    return [
        (row.activity.title, row.state, row.entry.pk if row.entry else None)
        for row in progress.activities
    ]


def test_entry_of_same_form_in_window_marks_done(world, forms):
    plan = make_plan(world.employee, activities=0)
    activity(plan, forms[3], dt.date(YEAR, 2, 1), dt.date(YEAR, 2, 28), title="A")
    activity(plan, forms[14], dt.date(YEAR, 2, 1), dt.date(YEAR, 2, 28), title="B")
    activity(plan, forms[3], dt.date(YEAR, 6, 1), dt.date(YEAR, 6, 30), title="C")
    entry = post_entry(world.employee, forms[3], dt.date(YEAR, 2, 10), jp="16")
    post_entry(world.employee, forms[3], dt.date(YEAR, 3, 2))  # outside every window
    post_entry(world.mentor, forms[14], dt.date(YEAR, 2, 10))  # someone else's

    progress = plan_progress(plan=plan)

    assert states(progress) == [
        ("A", "done", entry.pk),
        ("B", "overdue", None),
        ("C", "planned", None),
    ]
    assert (progress.done, progress.overdue, progress.planned) == (1, 1, 1)
    assert (progress.planned_jp, progress.done_jp) == (Decimal("24"), Decimal("16"))
    assert progress.ledger_jp == Decimal("24")  # both of the employee's entries
    assert progress.target_percent == 100  # 24 of 20 JP
    # Computed on read: nothing is written.
    assert PlanActivity.objects.filter(ledger_entry__isnull=False).count() == 0


def test_one_entry_completes_one_activity(world, forms):
    plan = make_plan(world.employee, activities=0)
    activity(plan, forms[14], dt.date(YEAR, 2, 1), dt.date(YEAR, 2, 28), title="Sesi 1")
    activity(plan, forms[14], dt.date(YEAR, 2, 1), dt.date(YEAR, 2, 28), title="Sesi 2")
    first = post_entry(world.employee, forms[14], dt.date(YEAR, 2, 5), jp="2")

    assert states(plan_progress(plan=plan)) == [
        ("Sesi 1", "done", first.pk),
        ("Sesi 2", "overdue", None),
    ]
    second = post_entry(world.employee, forms[14], dt.date(YEAR, 2, 19), jp="2")
    assert states(plan_progress(plan=plan)) == [
        ("Sesi 1", "done", first.pk),
        ("Sesi 2", "done", second.pk),
    ]


def test_reversed_entry_completes_nothing(world, forms):
    plan = make_plan(world.employee, activities=0)
    activity(plan, forms[3], dt.date(YEAR, 2, 1), dt.date(YEAR, 2, 28), title="A")
    entry = post_entry(world.employee, forms[3], dt.date(YEAR, 2, 10), jp="16")
    reverse_entry(entry)

    progress = plan_progress(plan=plan)
    assert states(progress) == [("A", "overdue", None)]
    assert progress.ledger_jp == Decimal("0")


def test_explicit_link_and_source_win_over_form_and_window(world, forms):
    plan = make_plan(world.employee, activities=0)
    linked = activity(
        plan, forms[20], dt.date(YEAR, 9, 1), dt.date(YEAR, 9, 30), title="L"
    )
    sourced = activity(
        plan, forms[18], dt.date(YEAR, 10, 1), dt.date(YEAR, 10, 31), title="S"
    )
    activity(plan, forms[3], dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31), title="O")
    # A different form and date than planned: linked by hand, or by source
    # (the ledger suffixes a re-posted source id with its revision).
    manual = post_entry(world.employee, forms[3], dt.date(YEAR, 3, 1))
    linked.ledger_entry = manual
    linked.save()
    by_source = post_entry(
        world.employee,
        forms[3],
        dt.date(YEAR, 3, 2),
        source_type=ACTIVITY_SOURCE,
        source_id=f"{sourced.pk}#2",
    )
    free = post_entry(world.employee, forms[3], dt.date(YEAR, 3, 3))

    assert states(plan_progress(plan=plan)) == [
        ("O", "done", free.pk),
        ("L", "done", manual.pk),
        ("S", "done", by_source.pk),
    ]


def test_overdue_follows_the_clock(world, forms, time_machine):
    plan = make_plan(world.employee, activities=0)
    activity(plan, forms[9], dt.date(YEAR, 3, 1), dt.date(YEAR, 3, 31), title="Seminar")

    assert states(plan_progress(plan=plan)) == [("Seminar", "planned", None)]
    time_machine.move_to(dt.datetime(YEAR, 3, 31, 23, 59, tzinfo=JAKARTA), tick=False)
    assert states(plan_progress(plan=plan)) == [("Seminar", "planned", None)]
    time_machine.move_to(dt.datetime(YEAR, 4, 1, 0, 1, tzinfo=JAKARTA), tick=False)
    assert states(plan_progress(plan=plan)) == [("Seminar", "overdue", None)]
    entry = post_entry(world.employee, forms[9], dt.date(YEAR, 3, 31), jp="4")
    assert states(plan_progress(plan=plan)) == [("Seminar", "done", entry.pk)]


def test_ledger_jp_counts_the_calendar_year_only(world, forms):
    post_entry(world.employee, forms[3], dt.date(YEAR - 1, 12, 31), jp="10")
    post_entry(world.employee, forms[3], dt.date(YEAR, 1, 1), jp="6")
    kept = post_entry(world.employee, forms[3], dt.date(YEAR, 12, 31), jp="5")
    gone = post_entry(world.employee, forms[3], dt.date(YEAR, 7, 1), jp="9")
    reverse_entry(gone)
    post_entry(world.employee, forms[3], dt.date(YEAR + 1, 1, 1), jp="7")

    assert ledger_jp_for_year(employee=world.employee, year=YEAR) == Decimal("11")
    assert ledger_jp_for_year(employee=world.employee, year=YEAR - 1) == Decimal("10")
    assert kept.jp == Decimal("5")


def test_progress_percentages(world, forms):
    plan = make_plan(world.employee, activities=0)
    activity(plan, forms[3], dt.date(YEAR, 2, 1), dt.date(YEAR, 2, 28), title="A")
    activity(plan, forms[3], dt.date(YEAR, 5, 1), dt.date(YEAR, 5, 28), title="B")
    post_entry(world.employee, forms[3], dt.date(YEAR, 2, 2), jp="5")

    progress = plan_progress(plan=plan)
    assert (progress.target_percent, progress.activity_percent) == (25, 50)
    post_entry(world.employee, forms[3], dt.date(YEAR, 5, 2), jp="30")
    progress = plan_progress(plan=plan)
    assert (progress.target_percent, progress.activity_percent) == (100, 100)


def test_link_service_marks_the_matching_activity(world, forms):
    plan = make_plan(world.employee, activities=0)
    first = activity(plan, forms[14], dt.date(YEAR, 2, 1), dt.date(YEAR, 2, 28))
    second = activity(plan, forms[14], dt.date(YEAR, 2, 1), dt.date(YEAR, 2, 28))

    one = post_entry(world.employee, forms[14], dt.date(YEAR, 2, 3))
    two = post_entry(world.employee, forms[14], dt.date(YEAR, 2, 17))
    three = post_entry(world.employee, forms[14], dt.date(YEAR, 2, 20))
    assert activity_link_ledger_entry(entry=one) == first
    assert activity_link_ledger_entry(entry=two) == second
    assert activity_link_ledger_entry(entry=three) is None
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.ledger_entry, second.ledger_entry) == (one, two)


def test_link_service_follows_the_source(world, forms):
    plan = make_plan(world.employee, activities=0)
    target = activity(plan, forms[20], dt.date(YEAR, 8, 1), dt.date(YEAR, 8, 2))
    entry = post_entry(
        world.employee,
        forms[3],
        dt.date(YEAR, 3, 2),
        source_type=ACTIVITY_SOURCE,
        source_id=str(target.pk),
    )
    assert activity_link_ledger_entry(entry=entry) == target


def test_progress_queries_are_few(world, forms, django_assert_max_num_queries):
    plan = make_plan(world.employee, activities=12)
    for day in range(1, 6):
        post_entry(world.employee, forms[3], dt.date(YEAR, 4, day))
    with django_assert_max_num_queries(3):
        progress = plan_progress(plan=plan)
    assert (progress.done, progress.planned) == (3, 9)


def test_ledger_posting_links_the_planned_activity(world, forms, supervisor):

    plan = make_plan(world.employee, activities=0)
    target = activity(plan, forms[14], dt.date(YEAR, 3, 1), dt.date(YEAR, 3, 31))
    entry = ledger_post(
        employee=world.employee,
        occurred_on=dt.date(YEAR, 3, 5),
        form=forms[14],
        title="Sesi coaching",
        source_type="manual",
        source_id="coaching-1",
        jp=Decimal("2"),
        by=supervisor,
    )
    target.refresh_from_db()
    assert target.ledger_entry == entry
    assert states(plan_progress(plan=plan)) == [("Kegiatan", "done", entry.pk)]
