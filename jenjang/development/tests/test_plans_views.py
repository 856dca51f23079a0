"""IDP pages: access per persona for every page and action, the editor, the inbox."""

import datetime as dt
import re

import pytest

from jenjang.development.models import DevelopmentPlan, PlanActivity, PlanEvent
from jenjang.development.tests import test_plans_helpers as helpers
from jenjang.development.tests.test_plans_helpers import YEAR, add_goal, make_plan

forms = helpers.forms
frozen_time = helpers.frozen_time
gaps = helpers.gaps
hr_approves_plans = helpers.hr_approves_plans

Status = DevelopmentPlan.Status
LIST = "/development/plans/"
NEW = "/development/plans/new/"
INBOX = "/development/plans/inbox/"
LOGIN = re.compile(r"^/accounts/login/\?next=")


def url(plan, suffix: str = "") -> str:
    return f"/development/plans/{plan.pk}/{suffix}"


def snapshot(plan) -> tuple:
    plan.refresh_from_db()
    return (
        plan.status,
        plan.target_jp,
        list(plan.goals.values_list("competency_id", "target_level")),
        list(plan.activities.values_list("title", "planned_jp")),
        plan.events.count(),
    )


def assert_status(response, persona: str, status: int) -> None:
    if persona == "anonymous":
        assert response.status_code == 302
        assert LOGIN.match(response["Location"]), response["Location"]
    else:
        assert response.status_code == status, (persona, response.status_code)


def activity_data(forms, **overrides) -> dict:
    return {
        "title": "Bimtek analisis data",
        "form": forms[8].pk,
        "goal": "",
        "planned_start": f"{YEAR}-05-04",
        "planned_end": f"{YEAR}-05-06",
        "planned_jp": "18",
    } | overrides


# --- access matrices -------------------------------------------------------------

SIGNED_IN_200 = dict.fromkeys(
    [
        "employee",
        "supervisor",
        "mentor",
        "organiser",
        "hr_admin",
        "hr_admin_other",
        "leader",
        "superadmin",
    ],
    200,
) | {"anonymous": 302}

# Budi's plan: his own, his supervisor's report, in the Dinkes subtree.
VIEW = {
    "employee": 200,
    "supervisor": 200,
    "mentor": 404,
    "organiser": 404,
    "hr_admin": 200,
    "hr_admin_other": 404,
    "leader": 200,
    "superadmin": 200,
    "anonymous": 302,
}
# Editing is the owner's alone: others who may see the plan get 403.
EDIT = {
    "employee": 200,
    "supervisor": 403,
    "mentor": 404,
    "organiser": 404,
    "hr_admin": 403,
    "hr_admin_other": 404,
    "leader": 403,
    "superadmin": 403,
    "anonymous": 302,
}
EDIT_POST = EDIT | {"employee": 302}
# Deciding: the supervisor and HR admins in scope; no permission is a 403,
# out of reach a 404 (perm first, then the plan).
DECIDE = {
    "employee": 403,
    "supervisor": 302,
    "mentor": 403,
    "organiser": 403,
    "hr_admin": 302,
    "hr_admin_other": 404,
    "leader": 403,
    "superadmin": 302,
    "anonymous": 302,
}
INBOX_STATUS = {
    "employee": 403,
    "supervisor": 200,
    "mentor": 403,
    "organiser": 403,
    "hr_admin": 200,
    "hr_admin_other": 200,
    "leader": 403,
    "superadmin": 200,
    "anonymous": 302,
}


@pytest.mark.parametrize(("persona", "status"), SIGNED_IN_200.items())
def test_list_access(client_for, persona, status):
    assert_status(client_for(persona).get(LIST), persona, status)


@pytest.mark.parametrize(
    ("persona", "creates"),
    [
        ("employee", True),
        ("supervisor", True),
        ("mentor", True),
        ("organiser", False),
        ("hr_admin", False),
        ("hr_admin_other", False),
        ("leader", False),
        ("superadmin", False),
        ("anonymous", False),
    ],
)
def test_create_access(client_for, request, persona, creates):
    response = client_for(persona).post(NEW, {"year": YEAR})
    assert response.status_code == 302
    user = request.getfixturevalue(persona)
    made = DevelopmentPlan.objects.filter(employee__user=user) if user else None
    if creates:
        plan = made.get()
        assert response["Location"] == url(plan, "edit/")
    else:
        assert not DevelopmentPlan.objects.exists()
        if persona != "anonymous":
            assert response["Location"] == LIST


@pytest.mark.parametrize(("persona", "status"), VIEW.items())
def test_detail_access(client_for, world, forms, persona, status):
    plan = make_plan(world.employee, status=Status.SUBMITTED)
    response = client_for(persona).get(url(plan))
    assert_status(response, persona, status)
    if status == 200:
        assert "Budi Santoso" in response.content.decode()


@pytest.mark.parametrize(("persona", "status"), EDIT.items())
def test_edit_page_access(client_for, world, forms, persona, status):
    plan = make_plan(world.employee)
    assert_status(client_for(persona).get(url(plan, "edit/")), persona, status)


@pytest.mark.parametrize(("persona", "status"), EDIT_POST.items())
def test_edit_post_access(client_for, world, forms, persona, status):
    plan = make_plan(world.employee)
    before = snapshot(plan)
    response = client_for(persona).post(
        url(plan, "edit/"), {"target_jp": "32", "notes": "Fokus data"}
    )
    assert_status(response, persona, status)
    if persona == "employee":
        assert snapshot(plan)[1] == 32
    else:
        assert snapshot(plan) == before


@pytest.mark.parametrize(("persona", "status"), EDIT_POST.items())
def test_goal_add_access(client_for, world, forms, gaps, persona, status):
    plan = make_plan(world.employee)
    before = snapshot(plan)
    data = {"competency": gaps["data"].pk, "target_level": 4, "description": ""}
    response = client_for(persona).post(url(plan, "goals/"), data)
    assert_status(response, persona, status)
    after = snapshot(plan)
    if persona == "employee":
        assert after[2] == [(gaps["data"].pk, 4)]
    else:
        assert after == before


@pytest.mark.parametrize(("persona", "status"), EDIT_POST.items())
def test_goal_remove_access(client_for, world, forms, gaps, persona, status):
    plan = make_plan(world.employee)
    goal = add_goal(plan, gaps["data"], 4)
    before = snapshot(plan)
    response = client_for(persona).post(url(plan, f"goals/{goal.pk}/remove/"))
    assert_status(response, persona, status)
    assert snapshot(plan)[2] == ([] if persona == "employee" else before[2])


@pytest.mark.parametrize(("persona", "status"), EDIT_POST.items())
def test_activity_add_access(client_for, world, forms, persona, status):
    plan = make_plan(world.employee)
    before = snapshot(plan)
    response = client_for(persona).post(url(plan, "activities/"), activity_data(forms))
    assert_status(response, persona, status)
    titles = [t for t, _jp in snapshot(plan)[3]]
    if persona == "employee":
        assert titles == ["Pelatihan teknis 1", "Bimtek analisis data"]
    else:
        assert snapshot(plan) == before


@pytest.mark.parametrize(("persona", "status"), EDIT_POST.items())
def test_activity_remove_access(client_for, world, forms, persona, status):
    plan = make_plan(world.employee)
    activity = plan.activities.get()
    before = snapshot(plan)
    response = client_for(persona).post(url(plan, f"activities/{activity.pk}/remove/"))
    assert_status(response, persona, status)
    assert snapshot(plan)[3] == ([] if persona == "employee" else before[3])


@pytest.mark.parametrize(("persona", "status"), EDIT_POST.items())
def test_recommendation_add_access(client_for, world, forms, gaps, persona, status):
    plan = make_plan(world.employee)
    before = snapshot(plan)
    data = {
        "competency": gaps["service"].pk,
        "form": forms[14].pk,
        "target_level": 3,
        "title": "Coaching: Pelayanan Publik Uji level 3",
        "jp": "2",
    }
    response = client_for(persona).post(url(plan, "recommendations/"), data)
    assert_status(response, persona, status)
    if persona == "employee":
        assert snapshot(plan)[3] == [
            ("Coaching: Pelayanan Publik Uji level 3", 2),  # from today
            ("Pelatihan teknis 1", 24),
        ]
        assert snapshot(plan)[2] == [(gaps["service"].pk, 3)]
    else:
        assert snapshot(plan) == before


SUBMIT = EDIT_POST


@pytest.mark.parametrize(("persona", "status"), SUBMIT.items())
def test_submit_access(client_for, world, forms, persona, status):
    plan = make_plan(world.employee)
    before = snapshot(plan)
    response = client_for(persona).post(url(plan, "submit/"), {"comment": ""})
    assert_status(response, persona, status)
    if persona == "employee":
        assert response["Location"] == url(plan)
        assert snapshot(plan)[0] == Status.SUBMITTED
    else:
        assert snapshot(plan) == before


@pytest.mark.parametrize(("persona", "status"), SUBMIT.items())
def test_revise_access(client_for, world, forms, persona, status):
    plan = make_plan(world.employee, status=Status.APPROVED)
    before = snapshot(plan)
    response = client_for(persona).post(url(plan, "revise/"), {"comment": "Mutasi"})
    assert_status(response, persona, status)
    expected = Status.DRAFT if persona == "employee" else Status.APPROVED
    assert snapshot(plan)[0] == expected
    if persona != "employee":
        assert snapshot(plan) == before


@pytest.mark.parametrize(("persona", "status"), DECIDE.items())
@pytest.mark.parametrize(
    ("step", "decided"), [("approve/", Status.APPROVED), ("return/", Status.RETURNED)]
)
def test_decision_access(client_for, world, forms, persona, status, step, decided):
    plan = make_plan(world.employee, status=Status.SUBMITTED)
    before = snapshot(plan)
    response = client_for(persona).post(url(plan, step), {"comment": "Catatan atasan"})
    assert_status(response, persona, status)
    if status == 302 and persona != "anonymous":
        assert snapshot(plan)[0] == decided
        assert plan.events.last().comment == "Catatan atasan"
    else:
        assert snapshot(plan) == before


@pytest.mark.parametrize(("persona", "status"), INBOX_STATUS.items())
def test_inbox_access(client_for, world, forms, persona, status):
    make_plan(world.employee, status=Status.SUBMITTED)
    assert_status(client_for(persona).get(INBOX), persona, status)


@pytest.mark.parametrize(("persona", "status"), VIEW.items())
def test_pages_refuse_get_on_actions(client_for, world, forms, persona, status):
    plan = make_plan(world.employee, status=Status.SUBMITTED)
    response = client_for(persona).get(url(plan, "approve/"))
    if persona == "anonymous":
        assert response.status_code == 302
    elif persona in {"supervisor", "hr_admin", "hr_admin_other", "superadmin"}:
        assert response.status_code == 405
    else:
        assert response.status_code == 403
    assert snapshot(plan)[0] == Status.SUBMITTED


# --- what the pages show ---------------------------------------------------------


def inbox_names(response) -> list[str]:
    html = response.content.decode()
    body = html.split('id="inbox-table"', 1)[1] if 'id="inbox-table"' in html else ""
    return re.findall(r"<td>([^<]+)<br>", body)


def test_inbox_is_scoped(client_for, world, forms, supervisor):
    make_plan(world.employee, status=Status.SUBMITTED)
    make_plan(world.puskesmas_employee, status=Status.SUBMITTED)
    make_plan(world.bpkad_employee, status=Status.SUBMITTED)
    make_plan(world.mentor, status=Status.DRAFT)
    make_plan(world.supervisor, status=Status.SUBMITTED)  # never in her own inbox

    assert inbox_names(client_for("supervisor").get(INBOX)) == [
        "Budi Santoso",
        "Dewi Lestari",
    ]
    assert inbox_names(client_for("hr_admin").get(INBOX)) == [
        "Budi Santoso",
        "Dewi Lestari",
        "Siti Rahmawati",
    ]
    assert inbox_names(client_for("hr_admin_other").get(INBOX)) == ["Rudi Hartono"]


def test_list_shows_current_plan_or_button(client_for, world, forms):
    html = client_for("employee").get(LIST).content.decode()
    assert 'id="create-plan"' in html
    plan = make_plan(world.employee, status=Status.RETURNED)
    html = client_for("employee").get(LIST).content.decode()
    assert 'id="create-plan"' not in html
    assert f'href="{url(plan)}" id="open-current-plan"' in html


def test_list_without_employee_record_says_so(client_for):
    html = client_for("hr_admin").get(LIST).content.decode()
    assert 'id="no-employee"' in html


def test_detail_shows_return_comment_history_and_progress(client_for, world, forms):
    plan = make_plan(world.employee, status=Status.RETURNED)
    html = client_for("employee").get(url(plan)).content.decode()
    assert 'id="returned-notice"' in html
    assert "Perbaiki." in html
    assert html.count('data-action="') == 3
    assert 'id="plan-progress"' in html
    assert 'id="submit-plan"' in html
    assert 'id="approve-plan"' not in html


def test_detail_offers_decision_to_supervisor_only_when_submitted(
    client_for, world, forms
):
    plan = make_plan(world.employee, status=Status.SUBMITTED)
    html = client_for("supervisor").get(url(plan)).content.decode()
    assert 'id="approve-plan"' in html
    assert 'id="return-plan"' in html
    html = client_for("leader").get(url(plan)).content.decode()
    assert 'id="approve-plan"' not in html
    plan.status = Status.APPROVED
    plan.save()
    html = client_for("supervisor").get(url(plan)).content.decode()
    assert 'id="approve-plan"' not in html


def test_return_without_comment_is_refused_with_message(client_for, world, forms):
    plan = make_plan(world.employee, status=Status.SUBMITTED)
    before = snapshot(plan)
    client = client_for("supervisor")
    response = client.post(url(plan, "return/"), {"comment": "  "})
    assert response["Location"] == url(plan)
    assert snapshot(plan) == before
    html = client.get(url(plan)).content.decode()
    assert "Tuliskan komentar: apa yang perlu diperbaiki." in html


def test_edit_of_submitted_plan_redirects_to_detail(client_for, world, forms):
    plan = make_plan(world.employee, status=Status.SUBMITTED)
    response = client_for("employee").get(url(plan, "edit/"))
    assert response["Location"] == url(plan)


def test_htmx_row_add_returns_the_rows(client_for, world, forms):
    plan = make_plan(world.employee)
    client = client_for("employee")
    response = client.post(
        url(plan, "activities/"), activity_data(forms), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="plan-items"')
    assert html.count('class="activity-row"') == 2


def test_htmx_bad_row_comes_back_with_errors_and_nothing_saved(
    client_for, world, forms
):
    plan = make_plan(world.employee)
    before = snapshot(plan)
    data = activity_data(forms, planned_start=f"{YEAR + 1}-01-05")
    response = client_for("employee").post(
        url(plan, "activities/"), data, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "Tanggal kegiatan harus di dalam tahun 2026." in response.content.decode()
    assert snapshot(plan) == before


@pytest.mark.parametrize(
    "data",
    [
        {"planned_jp": "abc"},
        {"planned_jp": "0"},
        {"planned_start": "bukan tanggal"},
        {"form": "999999"},
        {"title": ""},
        {"goal": "999999"},
    ],
)
def test_bad_activity_input_changes_nothing(client_for, world, forms, data):
    plan = make_plan(world.employee)
    before = snapshot(plan)
    response = client_for("employee").post(
        url(plan, "activities/"), activity_data(forms, **data)
    )
    assert response.status_code == 302
    assert snapshot(plan) == before


def test_editor_shows_recommendations(client_for, world, forms, gaps):
    plan = make_plan(world.employee)
    html = client_for("employee").get(url(plan, "edit/")).content.decode()
    assert html.count('class="list-group-item') == 4
    assert "menutup gap Analisis Data Kesehatan: level 1 → 2" in html
    assert html.count("Tambah ke rencana") == 4
    client = client_for("employee")
    client.post(
        url(plan, "recommendations/"),
        {
            "competency": gaps["service"].pk,
            "form": forms[14].pk,
            "target_level": 3,
            "title": "Coaching: Pelayanan Publik Uji level 3 "
            "(Pelayanan Publik Uji tingkat 3)",
            "jp": "2",
        },
        headers={"HX-Request": "true"},
    )
    html = client.get(url(plan, "edit/")).content.decode()
    assert html.count("Tambah ke rencana") == 3
    assert html.count('class="badge text-bg-light border recommendation-added"') == 1


def test_done_activity_shows_in_detail(client_for, world, forms):
    plan = make_plan(world.employee, status=Status.APPROVED)
    helpers.post_entry(world.employee, forms[3], dt.date(YEAR, 4, 2), jp="24")
    html = client_for("employee").get(url(plan)).content.decode()
    assert 'data-state="done"' in html
    assert PlanActivity.objects.get(plan=plan).ledger_entry is None


def test_history_rows_record_page_steps(client_for, world, forms):
    plan = make_plan(world.employee)
    client_for("employee").post(url(plan, "submit/"), {"comment": "Siap"})
    client_for("supervisor").post(url(plan, "return/"), {"comment": "Kurang JP"})
    rows = list(
        plan.events.order_by("id").values_list("action", "actor__username", "comment")
    )
    assert rows == [
        (PlanEvent.Action.CREATED, "employee", ""),
        (PlanEvent.Action.SUBMITTED, "employee", "Siap"),
        (PlanEvent.Action.RETURNED, "supervisor", "Kurang JP"),
    ]
