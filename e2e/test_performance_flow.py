"""In Chromium: the employee drafts an SKP, the supervisor approves it, the
employee records realisation, the supervisor gives feedback and evaluates,
the employee sees the predikat — all through the pages. And: the supervisor
coaches the employee, ties the coaching sessions to the performance feedback,
and both see the link on either side."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import PASSWORD, TIMEOUT_MS
from jenjang.mentoring.models import Relationship, Session
from jenjang.performance.models import (
    CoachingLink,
    Evaluation,
    Feedback,
    Realisation,
    Skp,
)
from jenjang.performance.seed import seed_rules
from jenjang.performance.tests.helpers import employee_skp, supervisor_skp

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


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


def test_skp_from_draft_to_predikat(open_as, world):
    seed_rules()
    year = timezone.localdate().year
    parent = supervisor_skp(world, year).rhks.order_by("id").first()

    # The employee drafts this year's SKP, cascaded from the supervisor's RHK.
    employee = open_as("employee")
    employee.goto("/performance/")
    employee.locator("#skp-create").click()
    expect(employee).to_have_url(re.compile(r"/performance/skp/\d+/$"))
    skp = Skp.objects.get(employee=world.employee)
    employee.locator("#rhk-parent").select_option(label=parent.text)
    employee.locator("#rhk-text").fill("Laporan data kesehatan bulanan tersusun")
    employee.locator("#rhk-add").click()
    expect(employee.locator("#rhk-table")).to_contain_text(
        "Laporan data kesehatan bulanan tersusun"
    )
    form = employee.locator("form.indicator-form").first
    form.locator("input[name='text']").fill("Jumlah laporan bulanan")
    form.locator("select[name='aspect']").select_option("kuantitas")
    form.locator("input[name='target']").fill("12 laporan")
    form.get_by_role("button").click()
    expect(employee.locator("#rhk-table")).to_contain_text("12 laporan")
    employee.locator("#skp-submit").click()
    expect(employee.locator("[data-status]").first).to_have_attribute(
        "data-status", "submitted"
    )

    # The supervisor finds it in the inbox and approves.
    supervisor = open_as("supervisor")
    supervisor.goto("/performance/inbox/")
    expect(supervisor.locator("#pending-table")).to_contain_text("Budi Santoso")
    supervisor.locator("#pending-table").get_by_role("link").first.click()
    supervisor.locator("#skp-approve").click()
    expect(supervisor.locator("[data-status]").first).to_have_attribute(
        "data-status", "approved"
    )
    skp.refresh_from_db()
    assert skp.status == Skp.Status.APPROVED

    # The employee records the realisation of the current period.
    employee.reload()
    employee.locator("#to-realisation").click()
    row = employee.locator("form.realisation-form").first
    row.locator("input[name='value']").fill("11 laporan")
    row.locator("input[name='evidence_url']").fill("https://arsip.contoh.go.id/lap")
    row.get_by_role("button", name="Simpan").click()
    expect(employee.locator(".alert-success")).to_contain_text("Realisasi disimpan")
    assert Realisation.objects.get().value == "11 laporan"

    # The supervisor gives feedback, then evaluates the period.
    supervisor.goto(f"/performance/skp/{skp.pk}/realisation/")
    expect(supervisor.locator("#realisation-table")).to_contain_text("11 laporan")
    supervisor.locator("#fb-strengths").fill("Laporan rapi dan lengkap")
    supervisor.locator("#fb-improvements").fill("Kirim sebelum tanggal 5")
    supervisor.locator("#fb-action").fill("Susun jadwal pengiriman")
    supervisor.locator("#feedback-save").click()
    expect(supervisor.locator("#feedback-list")).to_contain_text(
        "Kirim sebelum tanggal 5"
    )
    assert Feedback.objects.get().actions.get().text == "Susun jadwal pengiriman"
    supervisor.locator("#to-evaluate").click()
    supervisor.wait_for_load_state("load")
    supervisor.locator("#rating-hasil").select_option("di_atas")
    supervisor.locator("#rating-perilaku").select_option("di_atas")
    # The matrix gives the predikat as the ratings are chosen (htmx).
    expect(supervisor.locator("#predikat-preview")).to_contain_text("Sangat Baik")
    supervisor.locator("#just-hasil").fill("Realisasi 11 dari 12 laporan, tepat mutu.")
    supervisor.locator("#just-perilaku").fill("Kolaboratif dan berorientasi layanan.")
    supervisor.locator("#evaluation-issue").click()
    expect(supervisor.locator(".alert-success")).to_contain_text("disampaikan")

    # The employee sees the predikat and accepts it.
    employee.goto(f"/performance/skp/{skp.pk}/")
    employee.locator("#results a").first.click()
    expect(employee.locator("#result-predikat")).to_contain_text("Sangat Baik")
    employee.locator("#acknowledge").click()
    expect(employee.locator(".alert-success")).to_contain_text("diterima")
    evaluation = Evaluation.objects.get()
    assert (evaluation.final_predikat, evaluation.status) == (
        "sangat_baik",
        "acknowledged",
    )

    # The history chart is drawn by the static script (no inline code).
    employee.goto("/performance/history/")
    expect(employee.locator("#history-table")).to_contain_text("Sangat Baik")
    employee.wait_for_function(
        "() => window.Chart && Chart.getChart(document.getElementById('predikat-chart'))"
    )


def _log_session(page, pair_id: int, topics: str) -> None:
    page.goto(f"/mentoring/pairs/{pair_id}/")
    form = page.locator("#session-form")
    form.locator("input[name='topics']").fill(topics)
    form.locator("input[name='duration_minutes']").fill("45")
    form.locator("input[name='held_on']").fill(timezone.localdate().isoformat())
    form.get_by_role("button", name="Catat sesi").click()
    expect(page.locator("[data-session]").first).to_contain_text(topics)


def test_coaching_sessions_tied_to_performance_feedback(open_as, world):
    seed_rules()
    skp = employee_skp(world, year=timezone.localdate().year)

    # The supervisor starts coaching Budi and logs a session.
    supervisor = open_as("supervisor")
    supervisor.goto("/mentoring/")
    supervisor.locator("select[name='member']").select_option(str(world.employee.pk))
    supervisor.get_by_role("button", name="Mulai coaching").click()
    expect(supervisor).to_have_url(re.compile(r"/mentoring/pairs/\d+/$"))
    pair = Relationship.objects.get(kind="coaching", mentee=world.employee)
    _log_session(supervisor, pair.pk, "Menyusun jadwal laporan")

    # On the feedback page the session of this period is listed; the
    # supervisor records feedback as its follow-up.
    supervisor.goto(f"/performance/skp/{skp.pk}/realisation/")
    sessions = supervisor.locator("#coaching-sessions")
    expect(sessions).to_contain_text("Menyusun jadwal laporan")
    expect(sessions).to_contain_text("Belum ditautkan ke umpan balik")
    first = Session.objects.get(topics="Menyusun jadwal laporan")
    supervisor.locator("#fb-improvements").fill("Laporan dikirim sebelum tanggal 5")
    supervisor.locator("#fb-coaching").select_option(str(first.pk))
    supervisor.locator("#feedback-save").click()
    expect(supervisor.locator(".alert-success")).to_contain_text("Umpan balik dicatat")
    feedback = Feedback.objects.get()
    expect(supervisor.locator(f"#feedback-{feedback.pk}")).to_contain_text(
        "Menyusun jadwal laporan"
    )
    expect(sessions).to_contain_text("Tertaut ke umpan balik")

    # A second session is tied to the same entry from the evaluation form.
    _log_session(supervisor, pair.pk, "Membaca capaian triwulan")
    supervisor.goto(f"/performance/skp/{skp.pk}/realisation/")
    supervisor.locator("#to-evaluate").click()
    row = supervisor.locator(
        "#coaching-sessions .coaching-session", has_text="Membaca capaian triwulan"
    )
    row.get_by_role("button", name="Tautkan").click()
    expect(supervisor.locator(".alert-success")).to_contain_text(
        "Sesi coaching ditautkan"
    )
    expect(row).to_contain_text("Tertaut ke umpan balik")
    assert sorted(
        CoachingLink.objects.filter(feedback=feedback).values_list(
            "session__topics", flat=True
        )
    ) == ["Membaca capaian triwulan", "Menyusun jadwal laporan"]

    # The coaching page shows the feedback each session led to …
    supervisor.goto(f"/mentoring/pairs/{pair.pk}/")
    links = supervisor.locator("[data-kind='performance.feedback'] a")
    expect(links).to_have_count(2)
    links.first.click()
    expect(supervisor).to_have_url(
        re.compile(rf"/performance/skp/{skp.pk}/realisation/")
    )
    expect(supervisor.locator(f"#feedback-{feedback.pk}")).to_be_visible()

    # … and the employee sees both sides; the pair page leads to the SKP.
    employee = open_as("employee")
    employee.goto(f"/mentoring/pairs/{pair.pk}/")
    expect(employee.locator("[data-kind='performance.feedback']")).to_have_count(2)
    employee.locator("#pair-links [data-kind='performance.skp']").click()
    expect(employee).to_have_url(
        re.compile(rf"/performance/skp/{skp.pk}/realisation/$")
    )
    employee.goto(f"/performance/skp/{skp.pk}/realisation/")
    expect(employee.locator("#coaching-sessions")).to_contain_text(
        "Membaca capaian triwulan"
    )
    expect(employee.locator(f"#feedback-{feedback.pk}")).to_contain_text(
        "Menyusun jadwal laporan"
    )
    expect(employee.locator(".coaching-link-form")).to_have_count(0)
