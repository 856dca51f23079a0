"""Generated input to the e-learning importers: a clean result or a clear error.

- SCORM zips: any archive (manifest fields, member names, raw bytes) is stored
  or refused with an ApplicationError; a refused package leaves no row and no
  file.
- SCORM runtime commits (the endpoint scorm-again calls): any JSON body gets
  a JSON answer, 200 or a 4xx with a message, never a server error; a refused
  commit changes nothing.
- Quiz answers (the API): any answers object gets 200 or the API's error
  shape; a refused one changes nothing.
"""

import io
import json
import shutil
import zipfile

import pytest
from django.db import transaction
from django.test import Client
from django.utils.crypto import salted_hmac
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jenjang.core.exceptions import ApplicationError
from jenjang.core.tests.fingerprint import changed_tables, db_fingerprint
from jenjang.elearning.models import Answer, QuizAttempt, ScormAttempt, ScormPackage
from jenjang.elearning.services import courses, learning, quiz, scorm
from jenjang.elearning.tests.conftest import lessons
from jenjang.elearning.tests.test_scorm import _scorm_course

SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
WORDS = [
    "",
    "index.html",
    "../index.html",
    "/etc/passwd",
    "C:/x.html",
    "a/../../b.html",
    "http://contoh.id/x.html",
    "index.html?x=1#y",
    "sub/dir/page.html",
    "ke\x00ji",
    "<",
    "&amp;",
    "\u202e",
    "80",
    "0.8",
    "x",
    "1e9999",
    "NaN",
]
word = st.one_of(
    st.sampled_from(WORDS),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=15),
)
MANIFEST = """<?xml version="1.0"?>
<manifest identifier="m" xmlns="{ns}" xmlns:adlcp="{adl}" xmlns:imsss="{ss}">
 <metadata><schema>ADL SCORM</schema><schemaversion>{version}</schemaversion></metadata>
 <organizations default="{default}"><organization identifier="o"><title>{title}</title>
  <item identifier="{item}" identifierref="{ref}" parameters="{params}"><title>{title}</title>
   <adlcp:masteryscore>{mastery}</adlcp:masteryscore>
   <imsss:sequencing><imsss:objectives><imsss:primaryObjective>
    <imsss:minNormalizedMeasure>{mastery}</imsss:minNormalizedMeasure>
   </imsss:primaryObjective></imsss:objectives></imsss:sequencing></item>
 </organization></organizations>
 <resources base="{base}"><resource identifier="r1" type="webcontent"
  adlcp:scormtype="sco" href="{href}"/></resources>
</manifest>"""


def _attr(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace('"', "&quot;")
        .replace("\x00", "")
    )


@st.composite
def manifests(draw) -> bytes:
    fields = {
        name: _attr(draw(word))
        for name in ("title", "item", "params", "mastery", "base", "default")
    }
    fields["ref"] = draw(st.sampled_from(["r1", "r2", ""]))
    fields["href"] = _attr(draw(st.one_of(st.just("index.html"), word)))
    fields["version"] = draw(st.sampled_from(["1.2", "2004 3rd Edition", "", "9"]))
    fields["ns"] = draw(
        st.sampled_from(
            [
                "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
                "http://www.imsglobal.org/xsd/imscp_v1p1",
                "",
            ]
        )
    )
    fields["adl"] = draw(
        st.sampled_from(
            [
                "http://www.adlnet.org/xsd/adlcp_rootv1p2",
                "http://www.adlnet.org/xsd/adlcp_v1p3",
            ]
        )
    )
    fields["ss"] = "http://www.imsglobal.org/xsd/imsss"
    text = MANIFEST.format(**fields)
    if draw(st.booleans()):
        # Cut or corrupt the XML itself.
        cut = draw(st.integers(min_value=0, max_value=len(text)))
        text = text[:cut] + draw(word)
    return text.encode("utf-8", "surrogatepass")


@st.composite
def packages(draw) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        if draw(st.booleans()):
            archive.writestr(
                draw(st.sampled_from(["imsmanifest.xml", "sub/imsmanifest.xml"])),
                draw(manifests()),
            )
        for name in draw(st.lists(word.filter(bool), max_size=3)):
            try:
                archive.writestr(name, draw(st.binary(max_size=50)))
            except (ValueError, UnicodeEncodeError):
                continue  # zipfile itself refuses the name
        if draw(st.booleans()):
            archive.writestr("index.html", b"<html></html>")
    data = buf.getvalue()
    if draw(st.booleans()):
        damaged = bytearray(data)
        for _ in range(draw(st.integers(min_value=1, max_value=4))):
            at = draw(st.integers(min_value=0, max_value=len(damaged) - 1))
            damaged[at] = draw(st.integers(min_value=0, max_value=255))
        data = bytes(damaged)
    return data


def _no_files() -> bool:
    root = scorm.scorm_root()
    return not root.exists() or not any(root.iterdir())


@pytest.mark.django_db
@SETTINGS
@given(data=st.one_of(packages(), st.binary(max_size=200)))
def test_generated_scorm_packages(course, organiser, data):
    upload = io.BytesIO(data)
    upload.name = "paket.zip"
    with transaction.atomic():
        before = db_fingerprint()
        try:
            package = scorm.package_upload(course=course, upload=upload, by=organiser)
        except ApplicationError as exc:
            refused = exc
        else:
            refused = None
        if refused is not None:
            assert refused.code.startswith("scorm_")
            assert refused.message.startswith(("Paket ditolak", "Berkas bukan"))
            assert changed_tables(before, db_fingerprint()) == {}
            assert _no_files()
        else:
            try:
                assert package.items
                for item in package.items:
                    assert scorm.package_file(package, item["href"].split("?")[0])
                changed = changed_tables(before, db_fingerprint())
                # The package row and its audit entry.
                assert set(changed) == {
                    ScormPackage._meta.db_table,
                    "auditlog_logentry",
                }
            finally:
                shutil.rmtree(scorm.package_dir(package))
        transaction.set_rollback(True)


# --- runtime commits ----------------------------------------------------------------

json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(
        [
            "",
            "completed",
            "passed",
            "failed",
            "incomplete",
            "PT2M",
            "P99999999999999999999Y",
            "PT1e308S",
            "0000:00:01.5",
            "9999:59:59",
            "1e9999",
            "NaN",
            "-0.5",
            "\x00",
            "\u202e",
        ]
    ),
    st.text(max_size=20),
)
json_value = st.recursive(
    json_leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.one_of(
                st.sampled_from(["0", "1", "childArray", "raw", "scaled", "max"]),
                st.text(max_size=5),
            ),
            inner,
            max_size=3,
        ),
    ),
    max_leaves=10,
)
CMI_KEYS = [
    "completion_status",
    "success_status",
    "location",
    "suspend_data",
    "session_time",
    "score",
    "interactions",
    "core",
    "progress_measure",
]
CORE_KEYS = ["lesson_status", "lesson_location", "session_time", "score"]
cmi = st.dictionaries(st.sampled_from(CMI_KEYS), json_value, max_size=6)
core = st.dictionaries(st.sampled_from(CORE_KEYS), json_value, max_size=4)
bodies = st.one_of(
    st.builds(
        lambda c, k: {"cmi": {**c, "core": k} if k else c},
        cmi,
        st.one_of(st.none(), core),
    ).map(json.dumps),
    json_value.map(json.dumps),
    st.text(max_size=30),
)


@pytest.fixture
def scorm_attempt(world, organiser, employee):
    course, _package, lesson = _scorm_course(world, organiser)
    enrolment = learning.enrolment_create(
        course=course, employee=world.employee, by=employee
    )
    return scorm.scorm_attempt_for(enrolment=enrolment, lesson=lesson, sco="item_1")


@pytest.fixture
def learner_client(employee):
    from conftest import sign_in

    return sign_in(Client(), employee)


def _commit_url(client, attempt, user) -> str:
    key = client.session.session_key
    token = salted_hmac(
        "jenjang.elearning.commit", f"{attempt.pk}:{user.pk}:{key}"
    ).hexdigest()[:40]
    return f"/elearning/scorm/commit/{attempt.pk}/?t={token}"


@pytest.mark.django_db
@SETTINGS
@given(body=bodies)
def test_generated_scorm_commits(
    scorm_attempt, learner_client, employee, body, django_db_blocker
):
    url = _commit_url(learner_client, scorm_attempt, employee)
    with transaction.atomic():
        before = db_fingerprint()
        response = learner_client.post(
            url, data=body.encode("utf-8", "surrogatepass"), content_type="text/plain"
        )
        assert response.status_code in (200, 400), response.content
        answer = response.json()
        if response.status_code == 200:
            assert answer == {"result": True, "errorCode": 0}
            assert ScormAttempt.objects.get(pk=scorm_attempt.pk).commits == (
                scorm_attempt.commits + 1
            )
        else:
            assert answer["result"] is False
            assert answer["message"].strip()
            assert changed_tables(before, db_fingerprint()) == {}
        transaction.set_rollback(True)


# --- quiz answers -------------------------------------------------------------------

responses = st.one_of(
    st.text(max_size=10),
    st.sampled_from(["a", "b", "c", "true", "false", "SKP", "\x00", "x" * 501]),
    st.lists(st.sampled_from(["a", "b", "c", "true", "z", ""]), max_size=4),
    json_value,
)


@st.composite
def answer_bodies(draw, question_ids):
    keys = st.one_of(
        st.sampled_from([str(q) for q in question_ids]),
        st.sampled_from(["0", "-1", "x", "", "1e3", " 1", "١"]),
    )
    answers = draw(st.dictionaries(keys, responses, max_size=5))
    return draw(
        st.sampled_from(
            [
                {"answers": answers},
                {"answers": list(answers.values())},
                {"jawaban": answers},
                answers,
            ]
        )
    )


@pytest.fixture
def quiz_attempt(enrolment):
    return quiz.attempt_start(enrolment=enrolment, quiz=lessons(enrolment)["quiz"].quiz)


@pytest.mark.django_db
@SETTINGS
@given(data=st.data())
def test_generated_quiz_answers(quiz_attempt, learner_client, data):
    body = data.draw(answer_bodies(quiz_attempt.question_ids))
    submit = data.draw(st.booleans())
    url = f"/api/elearning/attempts/{quiz_attempt.pk}/" + (
        "submit" if submit else "answers"
    )
    with transaction.atomic():
        before = db_fingerprint()
        send = learner_client.post if submit else learner_client.put
        response = send(url, data=json.dumps(body), content_type="application/json")
        assert response.status_code in (200, 400, 422), response.content
        answer = response.json()
        if response.status_code == 200:
            assert answer["id"] == quiz_attempt.pk
            stored = QuizAttempt.objects.get(pk=quiz_attempt.pk)
            assert (stored.submitted_at is not None) is submit
        else:
            assert set(answer) == {"code", "message", "details"}
            assert answer["message"].strip()
            assert changed_tables(before, db_fingerprint()) == {}
            assert not Answer.objects.filter(attempt=quiz_attempt).exists()
        transaction.set_rollback(True)


def test_courses_module_is_the_authoring_service():
    # The SCORM tests above build their course through the authoring service.
    assert courses.course_create
