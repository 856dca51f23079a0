"""The IDP API: access per persona for every operation, shapes, errors, the contract."""

import json

import pytest
from django.test import Client

from conftest import NOT_FOUND
from jenjang.development.models import DevelopmentPlan, PlanEvent
from jenjang.development.tests import test_plans_helpers as helpers
from jenjang.development.tests.test_plans_helpers import YEAR, make_plan

forms = helpers.forms
frozen_time = helpers.frozen_time
gaps = helpers.gaps
hr_approves_plans = helpers.hr_approves_plans

Status = DevelopmentPlan.Status
UNAUTHENTICATED = {
    "code": "unauthenticated",
    "message": "Perlu masuk (token atau sesi).",
    "details": None,
}


def send(client: Client, method: str, path: str, body=None):
    kwargs = {}
    if body is not None:
        kwargs = {"data": json.dumps(body), "content_type": "application/json"}
    return getattr(client, method)(path, **kwargs)


def snapshot(plan) -> tuple:
    plan.refresh_from_db()
    return (
        plan.status,
        plan.target_jp,
        plan.notes,
        list(plan.goals.values_list("competency_id", "target_level")),
        list(plan.activities.values_list("title", flat=True)),
        plan.events.count(),
    )


def check(response, persona: str, status: int):
    if persona == "anonymous":
        assert response.status_code == 401
        assert response.json() == UNAUTHENTICATED
    else:
        assert response.status_code == status, (persona, response.content)
        if status == 404:
            assert response.json() == NOT_FOUND
    return response


VIEW = {
    "employee": 200,
    "supervisor": 200,
    "mentor": 404,
    "organiser": 404,
    "hr_admin": 200,
    "hr_admin_other": 404,
    "leader": 200,
    "superadmin": 200,
    "anonymous": 401,
}
OWNER_ONLY = VIEW | {
    "supervisor": 403,
    "hr_admin": 403,
    "leader": 403,
    "superadmin": 403,
}
DECIDE = VIEW | {"employee": 403, "leader": 403}


# --- reads -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "names"),
    [
        ("employee", ["Budi Santoso"]),
        # Her own and her direct reports'.
        (
            "supervisor",
            ["Agus Salim", "Budi Santoso", "Dewi Lestari", "Siti Rahmawati"],
        ),
        ("mentor", ["Agus Salim"]),
        ("organiser", []),
        ("hr_admin", ["Agus Salim", "Budi Santoso", "Dewi Lestari", "Siti Rahmawati"]),
        ("hr_admin_other", ["Rudi Hartono"]),
        ("leader", ["Agus Salim", "Budi Santoso", "Dewi Lestari", "Siti Rahmawati"]),
        (
            "superadmin",
            [
                "Agus Salim",
                "Budi Santoso",
                "Dewi Lestari",
                "Rudi Hartono",
                "Siti Rahmawati",
            ],
        ),
    ],
)
def test_list_is_scoped(api_for, world, forms, persona, names):
    for person in (
        world.employee,
        world.mentor,
        world.supervisor,
        world.puskesmas_employee,
        world.bpkad_employee,
    ):
        make_plan(person)
    response = api_for(persona).get("/api/plans")
    assert response.status_code == 200
    found = sorted(item["employee"]["full_name"] for item in response.json()["items"])
    assert found == names


def test_list_anonymous(client, world):
    check(client.get("/api/plans"), "anonymous", 401)


def test_list_filters_and_pages(api_for, world, forms):
    plans = [
        make_plan(world.employee, year=YEAR),
        make_plan(world.employee, year=YEAR + 1, status=Status.SUBMITTED),
        make_plan(world.puskesmas_employee, status=Status.SUBMITTED),
    ]
    client = api_for("supervisor")
    body = client.get("/api/plans?status=submitted").json()
    assert [i["id"] for i in body["items"]] == [plans[1].pk, plans[2].pk]
    body = client.get(f"/api/plans?year={YEAR + 1}").json()
    assert [i["id"] for i in body["items"]] == [plans[1].pk]
    body = client.get(f"/api/plans?employee={world.employee.pk}&size=1").json()
    assert [i["id"] for i in body["items"]] == [plans[0].pk]
    body = client.get(
        f"/api/plans?employee={world.employee.pk}&size=1&cursor={body['next_cursor']}"
    ).json()
    assert ([i["id"] for i in body["items"]], body["next_cursor"]) == (
        [plans[1].pk],
        None,
    )
    body = api_for("employee").get("/api/plans?mine=true").json()
    assert [i["id"] for i in body["items"]] == [plans[0].pk, plans[1].pk]


@pytest.mark.parametrize(
    "query", ["status=nope", "year=abc", "size=0", "cursor=%00", "cursor=" + "x" * 2000]
)
def test_list_bad_query_is_a_clear_error(api_for, world, query):
    response = api_for("employee").get(f"/api/plans?{query}")
    assert response.status_code in {400, 422}
    assert response.json()["code"] in {"invalid_input", "bad_cursor"}


@pytest.mark.parametrize(("persona", "status"), VIEW.items())
def test_detail_access(api_for, world, forms, gaps, persona, status):
    plan = make_plan(world.employee, status=Status.SUBMITTED)
    response = check(api_for(persona).get(f"/api/plans/{plan.pk}"), persona, status)
    if status == 200:
        body = response.json()
        assert (body["id"], body["status"], body["employee"]["full_name"]) == (
            plan.pk,
            "submitted",
            "Budi Santoso",
        )
        assert body["activities"][0]["state"] == "planned"
        assert body["allowed"]["review"] is (
            persona in {"supervisor", "hr_admin", "superadmin"}
        )


@pytest.mark.parametrize(("persona", "status"), VIEW.items())
def test_history_access(api_for, world, forms, persona, status):
    plan = make_plan(world.employee, status=Status.RETURNED)
    response = check(
        api_for(persona).get(f"/api/plans/{plan.pk}/history"), persona, status
    )
    if status == 200:
        assert [(e["action"], e["actor"], e["comment"]) for e in response.json()] == [
            ("created", "Budi Santoso", ""),
            ("submitted", "Budi Santoso", ""),
            ("returned", None, "Perbaiki."),
        ]


def test_unknown_plan_is_404(api_for, world):
    for path in ("/api/plans/987654", "/api/plans/987654/history"):
        check(api_for("superadmin").get(path), "superadmin", 404)


# --- writes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("employee", 201),
        ("supervisor", 201),
        ("mentor", 201),
        ("organiser", 403),
        ("hr_admin", 403),
        ("hr_admin_other", 403),
        ("leader", 403),
        ("superadmin", 403),
        ("anonymous", 401),
    ],
)
def test_create_access(api_for, request, world, gaps, persona, status):
    response = check(
        send(api_for(persona), "post", "/api/plans", {"notes": "Tahun data"}),
        persona,
        status,
    )
    if status == 201:
        body = response.json()
        user = request.getfixturevalue(persona)
        plan = DevelopmentPlan.objects.get(employee__user=user)
        assert (body["id"], body["year"], body["target_jp"], body["notes"]) == (
            plan.pk,
            YEAR,
            "20.00",
            "Tahun data",
        )
    else:
        assert not DevelopmentPlan.objects.exists()
        if status == 403:
            assert response.json() == {
                "code": "no_employee_record",
                "message": "Akun Anda belum terhubung dengan data pegawai.",
                "details": None,
            }


def test_create_prefills_goals_and_refuses_a_second(api_for, world, gaps):
    client = api_for("employee")
    body = send(client, "post", "/api/plans", {}).json()
    assert [
        (g["competency"]["name"], g["current_level"], g["target_level"])
        for g in body["goals"]
    ] == [
        ("Analisis Data Kesehatan", 1, 4),
        ("Pelayanan Publik Uji", 2, 3),
    ]
    again = send(client, "post", "/api/plans", {"year": YEAR})
    assert again.status_code == 409
    assert again.json() == {
        "code": "plan_exists",
        "message": "Rencana tahun 2026 sudah ada.",
        "details": None,
    }


@pytest.mark.parametrize(
    "body",
    [
        {"target_jp": 0},
        {"target_jp": "abc"},
        {"target_jp": 1000},
        {"year": 1900},
        {"notes": "x\u0000"},
        {"notes": "x" * 2001},
    ],
)
def test_create_bad_input_is_422(api_for, world, body):
    response = send(api_for("employee"), "post", "/api/plans", body)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert not DevelopmentPlan.objects.exists()


def test_create_for_a_past_year_is_refused(api_for, world):
    response = send(api_for("employee"), "post", "/api/plans", {"year": YEAR - 1})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_year"


@pytest.mark.parametrize(("persona", "status"), OWNER_ONLY.items())
def test_patch_access(api_for, world, forms, persona, status):
    plan = make_plan(world.employee)
    before = snapshot(plan)
    response = check(
        send(api_for(persona), "patch", f"/api/plans/{plan.pk}", {"target_jp": "30"}),
        persona,
        status,
    )
    if status == 200:
        assert response.json()["target_jp"] == "30.00"
    else:
        assert snapshot(plan) == before


def test_patch_replaces_goals_and_activities(api_for, world, forms, gaps):
    plan = make_plan(world.employee)
    body = {
        "notes": "Fokus analisis data",
        "goals": [{"competency_id": gaps["data"].pk, "target_level": 3}],
        "activities": [
            {
                "form_id": forms[16].pk,
                "title": "E-learning statistik",
                "planned_start": f"{YEAR}-06-01",
                "planned_end": f"{YEAR}-06-30",
                "planned_jp": "12",
                "goal_competency_id": gaps["data"].pk,
            }
        ],
    }
    response = send(api_for("employee"), "patch", f"/api/plans/{plan.pk}", body)
    assert response.status_code == 200, response.content
    out = response.json()
    assert out["notes"] == "Fokus analisis data"
    assert [(g["competency"]["id"], g["target_level"]) for g in out["goals"]] == [
        (gaps["data"].pk, 3)
    ]
    (activity,) = out["activities"]
    assert (
        activity["title"],
        activity["form"]["siasn_code"],
        activity["planned_jp"],
    ) == (
        "E-learning statistik",
        16,
        "12.00",
    )
    assert activity["goal_id"] == out["goals"][0]["id"]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (
            {"goals": [{"competency_id": 999999, "target_level": 3}]},
            422,
            "invalid_input",
        ),
        ({"goals": [{"competency_id": 1, "target_level": 9}]}, 422, "invalid_input"),
        (
            {
                "activities": [
                    {
                        "form_id": 999999,
                        "title": "x",
                        "planned_start": f"{YEAR}-01-01",
                        "planned_end": f"{YEAR}-01-01",
                        "planned_jp": 1,
                    }
                ]
            },
            422,
            "invalid_input",
        ),
        (
            {
                "activities": [
                    {
                        "form_id": "FORM",
                        "title": "x",
                        "planned_start": f"{YEAR + 1}-01-01",
                        "planned_end": f"{YEAR + 1}-01-01",
                        "planned_jp": 1,
                    }
                ]
            },
            400,
            "dates_outside_year",
        ),
        ({"target_jp": -1}, 422, "invalid_input"),
        ({"activities": "nope"}, 422, "invalid_input"),
    ],
)
def test_patch_bad_input_changes_nothing(api_for, world, forms, body, status, code):
    plan = make_plan(world.employee)
    before = snapshot(plan)
    text = json.dumps(body).replace('"FORM"', str(forms[3].pk))
    response = api_for("employee").patch(
        f"/api/plans/{plan.pk}", data=text, content_type="application/json"
    )
    assert response.status_code == status, response.content
    assert response.json()["code"] == code
    assert snapshot(plan) == before


def test_patch_of_submitted_plan_is_409(api_for, world, forms):
    plan = make_plan(world.employee, status=Status.SUBMITTED)
    response = send(api_for("employee"), "patch", f"/api/plans/{plan.pk}", {})
    assert response.status_code == 409
    assert response.json() == {
        "code": "plan_not_editable",
        "message": "Rencana berstatus Diajukan tidak dapat diubah.",
        "details": None,
    }


@pytest.mark.parametrize(("persona", "status"), OWNER_ONLY.items())
def test_submit_access(api_for, world, forms, persona, status):
    plan = make_plan(world.employee)
    before = snapshot(plan)
    response = check(
        send(
            api_for(persona),
            "post",
            f"/api/plans/{plan.pk}/submit",
            {"comment": "Siap"},
        ),
        persona,
        status,
    )
    if status == 200:
        assert response.json()["status"] == "submitted"
        assert plan.events.last().comment == "Siap"
    else:
        assert snapshot(plan) == before


def test_submit_with_empty_json_body(api_for, world, forms):
    plan = make_plan(world.employee)
    response = api_for("employee").post(
        f"/api/plans/{plan.pk}/submit", data="", content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "submitted"


def test_unreadable_body_is_400(api_for, world, forms):
    plan = make_plan(world.employee)
    before = snapshot(plan)
    response = api_for("employee").post(
        f"/api/plans/{plan.pk}/submit", data="{oops", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["message"] == "Permintaan tidak dapat dibaca."
    assert snapshot(plan) == before


@pytest.mark.parametrize(("persona", "status"), OWNER_ONLY.items())
def test_revise_access(api_for, world, forms, persona, status):
    plan = make_plan(world.employee, status=Status.APPROVED)
    before = snapshot(plan)
    response = check(
        send(api_for(persona), "post", f"/api/plans/{plan.pk}/revise", {}),
        persona,
        status,
    )
    if status == 200:
        assert response.json()["status"] == "draft"
    else:
        assert snapshot(plan) == before


@pytest.mark.parametrize(("persona", "status"), DECIDE.items())
@pytest.mark.parametrize(
    ("step", "decided"), [("approve", "approved"), ("return", "returned")]
)
def test_decision_access(api_for, world, forms, persona, status, step, decided):
    plan = make_plan(world.employee, status=Status.SUBMITTED)
    before = snapshot(plan)
    response = check(
        send(
            api_for(persona), "post", f"/api/plans/{plan.pk}/{step}", {"comment": "Oke"}
        ),
        persona,
        status,
    )
    if status == 200:
        assert response.json()["status"] == decided
        event = plan.events.last()
        assert (event.action, event.comment) == (decided, "Oke")
    else:
        assert snapshot(plan) == before
    if persona == "employee":
        assert response.json()["message"] == (
            "Anda tidak dapat menyetujui atau mengembalikan rencana Anda sendiri."
        )


@pytest.mark.parametrize("body", [{}, {"comment": ""}, {"comment": "   "}])
def test_return_requires_a_comment(api_for, world, forms, body):
    plan = make_plan(world.employee, status=Status.SUBMITTED)
    before = snapshot(plan)
    response = send(api_for("supervisor"), "post", f"/api/plans/{plan.pk}/return", body)
    if body == {}:
        assert response.status_code == 422
        assert response.json()["code"] == "invalid_input"
    else:
        assert response.status_code == 400
        assert response.json() == {
            "code": "comment_required",
            "message": "Tuliskan komentar: apa yang perlu diperbaiki.",
            "details": [{"field": "comment", "message": "Komentar wajib diisi."}],
        }
    assert snapshot(plan) == before


def test_approve_twice_is_409(api_for, world, forms):
    plan = make_plan(world.employee, status=Status.SUBMITTED)
    client = api_for("supervisor")
    path = f"/api/plans/{plan.pk}/approve"
    assert send(client, "post", path, {}).status_code == 200
    again = send(client, "post", path, {})
    assert again.status_code == 409
    assert again.json()["code"] == "plan_wrong_status"
    assert plan.events.filter(action=PlanEvent.Action.APPROVED).count() == 1


# --- recommendations -------------------------------------------------------------

RECOMMEND = {
    "employee": 200,
    "supervisor": 200,
    "mentor": 404,
    "organiser": 200,
    "hr_admin": 200,
    "hr_admin_other": 404,
    "leader": 200,
    "superadmin": 200,
    "anonymous": 401,
}


@pytest.mark.parametrize(("persona", "status"), RECOMMEND.items())
def test_recommendations_access(api_for, world, forms, gaps, persona, status):
    response = check(
        api_for(persona).get(f"/api/employees/{world.employee.pk}/recommendations"),
        persona,
        status,
    )
    if status == 200:
        body = response.json()
        assert [
            (r["form"]["siasn_code"], r["gap_size"], r["reason"]) for r in body
        ] == [
            (3, 3, "menutup gap Analisis Data Kesehatan: level 1 → 2"),
            (16, 3, "menutup gap Analisis Data Kesehatan: level 1 → 2"),
            (14, 1, "menutup gap Pelayanan Publik Uji: level 2 → 3"),
            (15, 1, "menutup gap Pelayanan Publik Uji: level 2 → 3"),
        ]
        assert body[0]["source"] == "dictionary"


def test_recommendations_for_own_record_without_competency_view(api_for, world, forms):
    response = api_for("mentor").get(
        f"/api/employees/{world.mentor.pk}/recommendations"
    )
    assert (response.status_code, response.json()) == (200, [])


def test_openapi_declares_the_operations(client, world):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert set(paths["/api/plans"]) == {"get", "post"}
    assert set(paths["/api/plans/{plan_id}"]) == {"get", "patch"}
    for step in ("submit", "return", "approve", "revise"):
        responses = paths[f"/api/plans/{{plan_id}}/{step}"]["post"]["responses"]
        assert {"200", "401", "403", "404", "409", "422"} <= set(responses)
    assert "get" in paths["/api/plans/{plan_id}/history"]
    assert "get" in paths["/api/employees/{employee_id}/recommendations"]
