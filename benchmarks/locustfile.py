"""Locust users of the mixed load (benchmarks/mixed_load.py runs them).

Three kinds of visitor, in the proportions of a working day:

- Learner (weight 5): signs in, opens the SCORM lesson (the player page gives
  the commit URL with its per-session token), then commits progress every
  few seconds as scorm-again does, and now and then opens the catalogue or
  their own profile. Signs out and in again now and then.
- Browser (weight 2): a unit leader signed in, browsing the people list
  (pages and searches), employee profiles and the dashboards.
- Phone (weight 3): an anonymous visitor opens the public survey form and
  submits a response through the API.

Every response is checked: a wrong status or a missing marker is a failure,
so "zero errors" means every request did what a person expected.
"""

import json
import os
import random
import re
import uuid
from pathlib import Path

from locust import HttpUser, between, task

PLAN = json.loads(Path(os.environ["MIXED_LOAD_PLAN"]).read_text(encoding="utf-8"))
LAUNCH = re.compile(
    r'<script id="scorm-launch" type="application/json">(.*?)</script>', re.S
)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SEARCHES = ["Budi", "Siti", "Sri", "Agus", "1985", "Wijaya", "Lestari"]


def sign_in(user: HttpUser, username: str, password: str) -> None:
    page = user.client.get("/accounts/login/", name="GET /accounts/login/")
    token = CSRF.search(page.text)
    with user.client.post(
        "/accounts/login/",
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": token.group(1) if token else "",
        },
        headers={"Referer": user.host + "/accounts/login/"},
        name="POST /accounts/login/ (sign-in)",
        allow_redirects=False,
        catch_response=True,
    ) as response:
        if response.status_code != 302 or "/accounts/login/" in response.headers.get(
            "Location", ""
        ):
            response.failure(f"sign-in refused for {username}: {response.status_code}")


def expect(response, marker: str | None = None) -> None:
    if response.status_code != 200:
        response.failure(f"status {response.status_code}")
    elif marker and marker not in response.text:
        response.failure(f"missing {marker!r}")
    else:
        response.success()


class Learner(HttpUser):
    weight = 5
    wait_time = between(2, 6)

    def on_start(self) -> None:
        self.me = random.choice(PLAN["learners"])
        self.progress = 0
        self.begin()

    def begin(self) -> None:
        sign_in(self, self.me["username"], PLAN["password_learners"])
        with self.client.get(
            self.me["player"], name="GET SCORM player", catch_response=True
        ) as response:
            found = (
                LAUNCH.search(response.text) if response.status_code == 200 else None
            )
            if not found:
                response.failure(f"no launch data ({response.status_code})")
                self.commit_url = None
                return
            response.success()
            launch = json.loads(found.group(1))
            self.commit_url = launch["commit_url"]

    @task(10)
    def commit(self) -> None:
        if not self.commit_url:
            self.begin()
            return
        self.progress = min(self.progress + 1, 30)
        cmi = {
            "core": {
                "lesson_status": "incomplete",
                "lesson_location": str(self.progress),
                "session_time": f"00:{self.progress:02d}:10",
                "score": {"raw": "", "max": "100", "min": "0"},
            },
            "suspend_data": f"viewed={self.progress}|" + "0" * 400,
        }
        with self.client.post(
            self.commit_url,
            data=json.dumps({"cmi": cmi}),
            headers={"Content-Type": "application/json", "Origin": self.host},
            name="POST SCORM commit",
            catch_response=True,
        ) as response:
            ok = response.status_code == 200 and response.json().get("result") is True
            if ok:
                response.success()
            else:
                response.failure(
                    f"commit {response.status_code}: {response.text[:200]}"
                )

    @task(2)
    def catalogue(self) -> None:
        with self.client.get(
            "/elearning/", name="GET catalogue", catch_response=True
        ) as response:
            expect(response)

    @task(1)
    def own_profile(self) -> None:
        with self.client.get(
            "/people/me/", name="GET own profile", catch_response=True
        ) as response:
            expect(response)

    @task(1)
    def sign_out_and_in(self) -> None:
        page = self.client.get("/elearning/", name="GET catalogue")
        token = self.client.cookies.get("csrftoken", "")
        self.client.post(
            "/accounts/logout/",
            data={"csrfmiddlewaretoken": token},
            headers={"Referer": self.host + "/elearning/"},
            name="POST /accounts/logout/",
        )
        del page
        self.begin()


class Browser(HttpUser):
    weight = 2
    wait_time = between(3, 8)

    def on_start(self) -> None:
        account = random.choice(PLAN["browsers"])
        sign_in(self, account["username"], account["password"])

    @task(4)
    def people_list(self) -> None:
        with self.client.get(
            "/people/employees/", name="GET people list", catch_response=True
        ) as response:
            expect(response, "<table")

    @task(3)
    def people_search(self) -> None:
        with self.client.get(
            "/people/employees/",
            params={"q": random.choice(SEARCHES)},
            name="GET people search",
            catch_response=True,
        ) as response:
            expect(response)

    @task(3)
    def profile(self) -> None:
        pk = random.choice(PLAN["employees"])
        with self.client.get(
            f"/people/employees/{pk}/",
            name="GET employee profile",
            catch_response=True,
        ) as response:
            expect(response)

    @task(2)
    def dashboards(self) -> None:
        with self.client.get(
            "/dashboards/", name="GET dashboards", catch_response=True
        ) as response:
            expect(response)


class Phone(HttpUser):
    weight = 3
    wait_time = between(5, 15)

    def on_start(self) -> None:
        # One browser per phone: the near-duplicate check tells them apart.
        self.headers = {"User-Agent": f"load-phone-{uuid.uuid4().hex[:12]}"}

    @task
    def submit(self) -> None:
        survey = PLAN["survey"]
        with self.client.get(
            f"/surveys/s/{survey['code']}/",
            headers=self.headers,
            name="GET survey form",
            catch_response=True,
        ) as response:
            expect(response)
        body = {f"u{i}": random.randint(1, 4) for i in range(1, 10)}
        body.update(
            client_uuid=str(uuid.uuid4()),
            service=random.choice(survey["services"]),
            age_band=random.choice(["20-29", "30-39", "40-49", ""]),
            sex=random.choice(["L", "P", ""]),
            suggestion=random.choice(["", "", "Antrean lama.", "Petugas ramah."]),
        )
        with self.client.post(
            f"/api/surveys/public/{survey['code']}/responses",
            data=json.dumps(body),
            headers={**self.headers, "Content-Type": "application/json"},
            name="POST survey response (API)",
            catch_response=True,
        ) as response:
            if response.status_code == 201:
                response.success()
            else:
                response.failure(
                    f"status {response.status_code}: {response.text[:200]}"
                )
