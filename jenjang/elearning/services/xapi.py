"""xAPI statements: every learning event kept, exportable, optionally forwarded.

Statements follow xAPI 1.0.3 with ADL verbs. The actor is identified by an
account on this Jenjang (homePage = JENJANG_PUBLIC_URL, name = NIP), never
by e-mail. Forwarding to an outside LRS happens in a background task when
`settings.JENJANG_XAPI_LRS` is set: a URL string, or a dict with "url" and
optionally "username" and "password" (HTTP Basic).
"""

import base64
import json
import urllib.request
import uuid
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jenjang.elearning.models import Enrolment, Lesson, XapiStatement

VERBS = {
    "launched": "http://adlnet.gov/expapi/verbs/launched",
    "progressed": "http://adlnet.gov/expapi/verbs/progressed",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
    "answered": "http://adlnet.gov/expapi/verbs/answered",
}
PROGRESS_EXT = "https://w3id.org/xapi/cmi5/result/extensions/progress"


def _base() -> str:
    return getattr(settings, "JENJANG_PUBLIC_URL", "http://localhost:8000").rstrip("/")


def activity_id(course_id: int, lesson_id: int | None = None, extra: str = "") -> str:
    url = f"{_base()}/elearning/courses/{course_id}/"
    if lesson_id:
        url += f"lessons/{lesson_id}/"
    if extra:
        url += f"#{extra}"
    return url


def lrs_config() -> dict | None:
    """Return {"url", "username", "password"} from JENJANG_XAPI_LRS, or None."""
    raw = getattr(settings, "JENJANG_XAPI_LRS", None)
    if not raw:
        return None
    if isinstance(raw, str):
        return {"url": raw, "username": "", "password": ""}
    if isinstance(raw, dict) and raw.get("url"):
        return {
            "url": raw["url"],
            "username": raw.get("username", ""),
            "password": raw.get("password", ""),
        }
    return None


def statement_record(
    *,
    enrolment: Enrolment,
    verb: str,
    lesson: Lesson | None = None,
    result: dict[str, Any] | None = None,
    extra_name: str = "",
) -> XapiStatement:
    """Keep one statement; forward it after commit when an LRS is configured."""
    employee = enrolment.employee
    course = enrolment.course
    now = timezone.now()
    sid = uuid.uuid4()
    name = lesson.title if lesson else course.title
    if extra_name:
        name = f"{name}: {extra_name}"
    statement: dict[str, Any] = {
        "id": str(sid),
        "actor": {
            "objectType": "Agent",
            "name": employee.name,
            "account": {"homePage": _base(), "name": employee.nip},
        },
        "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
        "object": {
            "objectType": "Activity",
            "id": activity_id(course.pk, lesson.pk if lesson else None, extra_name),
            "definition": {"name": {"id-ID": name}},
        },
        "timestamp": now.isoformat(),
        "version": "1.0.3",
    }
    if lesson is not None:
        statement["context"] = {
            "contextActivities": {
                "parent": [{"objectType": "Activity", "id": activity_id(course.pk)}]
            }
        }
    if result:
        statement["result"] = result
    row = XapiStatement.objects.create(
        id=sid,
        employee=employee,
        course=course,
        verb=verb,
        statement=statement,
        timestamp=now,
    )
    if lrs_config() is not None:
        from jenjang.elearning.tasks import forward_statements

        transaction.on_commit(lambda: forward_statements.enqueue([str(sid)]))
    return row


def statements_export(queryset, *, limit: int = 50_000) -> list[dict[str, Any]]:
    """Return the statements as an xAPI JSON array, oldest first."""
    rows = queryset.order_by("timestamp").values_list("statement", flat=True)[:limit]
    return list(rows)


def statements_forward(ids: list[str]) -> int:
    """POST the statements to the configured LRS; mark them forwarded. Return count."""
    config = lrs_config()
    if config is None:
        return 0
    rows = list(XapiStatement.objects.filter(pk__in=ids, forwarded_at__isnull=True))
    if not rows:
        return 0
    url = config["url"].rstrip("/")
    if not url.endswith("/statements"):
        url += "/statements"
    headers = {
        "Content-Type": "application/json",
        "X-Experience-API-Version": "1.0.3",
    }
    if config["username"]:
        token = f"{config['username']}:{config['password']}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(token).decode()
    body = json.dumps([r.statement for r in rows]).encode()
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
        if response.status >= 300:
            return 0
    XapiStatement.objects.filter(pk__in=[r.pk for r in rows]).update(
        forwarded_at=timezone.now()
    )
    return len(rows)
