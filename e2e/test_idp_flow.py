"""In Chromium: an employee drafts a development plan (IDP), the supervisor
returns it with a comment, the employee revises and submits again, the
supervisor approves — all through the pages."""

import re

import pytest
from playwright.sync_api import expect

from e2e.conftest import PASSWORD, TIMEOUT_MS
from jenjang.development.models import DevelopmentPlan, PlanEvent
from jenjang.development.tests import test_plans_helpers as helpers

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

forms = helpers.forms
gaps = helpers.gaps
RETURN_COMMENT = "Tambahkan satu sesi coaching agar target 20 JP tercapai."


@pytest.fixture
def open_as(browser, live_server):
    """Return a function: a new browser page signed in as `username`."""
    contexts = []

    def open_as(username: str):
        context = browser.new_context(
            base_url=live_server.url,
            locale="id-ID",
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.goto("/accounts/login/")
        page.locator("input[name='username']").fill(username)
        page.locator("input[name='password']").fill(PASSWORD)
        with page.expect_navigation():
            page.locator("input[name='password']").press("Enter")
        assert "/accounts/login/" not in page.url, page.url
        return page

    yield open_as
    for context in contexts:
        context.close()


def add_activity(page, title: str, form_label: str, jp: str) -> None:
    rows = page.locator("tr.activity-row")
    before = rows.count()
    form = page.locator("#activity-form")
    form.locator("input[name='title']").fill(title)
    form.locator("select[name='form']").select_option(label=form_label)
    form.locator("input[name='planned_jp']").fill(jp)
    form.get_by_role("button", name=re.compile("Tambah kegiatan")).click()
    # htmx swaps the rows in place: the page does not reload.
    expect(rows).to_have_count(before + 1)
    expect(page.locator("#activity-rows")).to_contain_text(title)


def test_employee_drafts_supervisor_returns_employee_revises_supervisor_approves(
    open_as, world, forms, gaps
):
    # The employee drafts this year's plan; goals come from their gaps.
    employee = open_as("employee")
    employee.goto("/development/plans/")
    employee.locator("#create-plan").click()
    expect(employee).to_have_url(re.compile(r"/development/plans/\d+/edit/$"))
    expect(employee.locator("tr.goal-row")).to_have_count(2)
    expect(employee.locator("#goal-rows")).to_contain_text("Analisis Data Kesehatan")
    add_activity(
        employee, "Pelatihan analisis data kesehatan", "3. Diklat Teknis", "16"
    )
    plan = DevelopmentPlan.objects.get(employee=world.employee)

    employee.locator("#done-editing").click()
    employee.locator("#submit-plan").click()
    expect(employee.locator(".plan-status").first).to_have_text("Diajukan")

    # The supervisor finds it in the inbox and returns it with a comment.
    supervisor = open_as("supervisor")
    supervisor.goto("/development/plans/inbox/")
    row = supervisor.locator("#inbox-table tbody tr", has_text="Budi Santoso")
    row.get_by_role("link", name="Tinjau").click()
    expect(supervisor).to_have_url(re.compile(rf"/development/plans/{plan.pk}/$"))
    supervisor.locator("#review-comment").fill(RETURN_COMMENT)
    supervisor.locator("#return-plan").click()
    expect(supervisor.locator(".plan-status").first).to_have_text("Dikembalikan")
    expect(supervisor.locator("#plan-history")).to_contain_text(RETURN_COMMENT)

    # The employee sees the comment, revises and submits again.
    employee.goto("/development/plans/")
    employee.locator("#open-current-plan").click()
    expect(employee.locator("#returned-notice")).to_contain_text(RETURN_COMMENT)
    employee.locator("#edit-plan").click()
    add_activity(employee, "Coaching dengan atasan", "14. Coaching", "4")
    employee.locator("#done-editing").click()
    employee.locator("#submit-comment").fill("Sudah ditambah coaching.")
    employee.locator("#submit-plan").click()
    expect(employee.locator(".plan-status").first).to_have_text("Diajukan")

    # The supervisor approves.
    supervisor.goto("/development/plans/inbox/")
    supervisor.locator("#inbox-table tbody tr", has_text="Budi Santoso").get_by_role(
        "link", name="Tinjau"
    ).click()
    supervisor.locator("#approve-plan").click()
    expect(supervisor.locator(".plan-status").first).to_have_text("Disetujui")
    supervisor.goto("/development/plans/inbox/")
    expect(supervisor.locator("#inbox-empty")).to_be_visible()

    # Both see the whole history; the approved plan is read-only.
    employee.reload()
    expect(employee.locator(".plan-status").first).to_have_text("Disetujui")
    expect(employee.locator("#plan-history > li")).to_have_count(5)
    expect(employee.locator("#edit-plan")).to_have_count(0)
    plan.refresh_from_db()
    assert plan.status == DevelopmentPlan.Status.APPROVED
    assert list(plan.events.values_list("action", "actor__username")) == [
        (PlanEvent.Action.CREATED, "employee"),
        (PlanEvent.Action.SUBMITTED, "employee"),
        (PlanEvent.Action.RETURNED, "supervisor"),
        (PlanEvent.Action.SUBMITTED, "employee"),
        (PlanEvent.Action.APPROVED, "supervisor"),
    ]
    assert list(plan.activities.values_list("title", flat=True)) == [
        "Pelatihan analisis data kesehatan",
        "Coaching dengan atasan",
    ]
