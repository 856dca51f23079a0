"""Multi-SCO packages: organisation tree, rollup rules, navigation and resume."""

import io
import zipfile

import pytest

from jenjang.core.exceptions import ApplicationError
from jenjang.elearning.models import Enrolment, Lesson, ScormAttempt
from jenjang.elearning.services import learning, scorm
from jenjang.elearning.services.scorm_rollup import Status, evaluate, lesson_done
from jenjang.elearning.tests.builders import SCORM_MULTI, published_package_course

MANIFEST_2004 = b"""<?xml version="1.0"?>
<manifest identifier="m" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
 xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
 xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
 <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
 <organizations default="o"><organization identifier="o"><title>Kursus</title>
  <item identifier="A"><title>Bab A</title>
   <item identifier="a1" identifierref="r1" parameters="?bagian=1"><title>A satu</title>
    <adlcp:dataFromLMS>mulai</adlcp:dataFromLMS>
    <adlcp:completionThreshold completedByMeasure="true" minProgressMeasure="0.75"/>
    <imsss:sequencing><imsss:objectives>
     <imsss:primaryObjective objectiveID="p" satisfiedByMeasure="true">
      <imsss:minNormalizedMeasure>0.6</imsss:minNormalizedMeasure>
     </imsss:primaryObjective></imsss:objectives></imsss:sequencing>
   </item>
   <item identifier="a2" identifierref="r2"><title>A dua (pengayaan)</title>
    <imsss:sequencing><imsss:rollupRules rollupProgressCompletion="false"
      rollupObjectiveSatisfied="false"/></imsss:sequencing>
   </item>
  </item>
  <item identifier="B"><title>Bab B</title>
   <item identifier="b1" identifierref="r3"><title>B satu</title></item>
   <item identifier="b2" identifierref="r3"><title>B dua</title></item>
   <imsss:sequencing><imsss:rollupRules>
    <imsss:rollupRule childActivitySet="atLeastCount" minimumCount="1">
     <imsss:rollupConditions><imsss:rollupCondition condition="completed"/>
     </imsss:rollupConditions><imsss:rollupAction action="completed"/>
    </imsss:rollupRule></imsss:rollupRules></imsss:sequencing>
  </item>
  <item identifier="C"><title>Bab C</title>
   <item identifier="c1" identifierref="r3"><title>C satu</title></item>
   <imsss:sequencing IDRef="untracked"/>
  </item>
 </organization></organizations>
 <resources>
  <resource identifier="r1" type="webcontent" adlcp:scormType="sco" href="a1.html?x=1"/>
  <resource identifier="r2" type="webcontent" adlcp:scormType="sco" href="a2.html"/>
  <resource identifier="r3" type="webcontent" adlcp:scormType="sco" href="b.html"/>
 </resources>
 <imsss:sequencingCollection>
  <imsss:sequencing ID="untracked"><imsss:deliveryControls tracked="false"/></imsss:sequencing>
 </imsss:sequencingCollection>
</manifest>"""


def package_zip() -> io.BytesIO:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("imsmanifest.xml", MANIFEST_2004)
        for name in ("a1.html", "a2.html", "b.html"):
            z.writestr(name, b"<html><body>SCO</body></html>")
    buf.seek(0)
    return buf


def test_manifest_tree_items_and_sequencing():
    manifest = scorm.parse_manifest(MANIFEST_2004)
    assert [i["identifier"] for i in manifest.items] == ["a1", "a2", "b1", "b2", "c1"]
    a1 = manifest.items[0]
    assert (a1["mastery"], a1["data_from_lms"], a1["completion_threshold"]) == (
        "0.6",
        "mulai",
        "0.75",
    )
    assert a1["kind"] == "sco"
    tree = manifest.organisation
    assert [c["id"] for c in tree["children"]] == ["A", "B", "C"]
    assert tree["children"][0]["children"][1]["seq"] == {
        "rollup_completion": False,
        "rollup_satisfied": False,
    }
    assert tree["children"][1]["seq"]["rules"] == [
        {
            "set": "atLeastCount",
            "combine": "any",
            "conditions": [{"c": "completed", "not": False}],
            "action": "completed",
            "count": 1,
            "percent": 0.0,
        }
    ]
    # The IDRef to the sequencing collection is followed.
    assert tree["children"][2]["seq"] == {"tracked": False}


def test_duplicate_item_identifiers_refused():
    data = MANIFEST_2004.replace(b'identifier="b2"', b'identifier="b1"')
    with pytest.raises(ApplicationError) as err:
        scorm.parse_manifest(data)
    assert err.value.code == "scorm_bad_manifest"


def test_launch_query_joins_href_and_parameters():
    q = scorm.launch_url_query
    assert q({"href": "a.html?x=1", "parameters": "?bagian=1"}) == "?x=1&bagian=1"
    assert q({"href": "a.html", "parameters": "&b=2"}) == "?b=2"
    assert q({"href": "a.html", "parameters": "#bab3"}) == "#bab3"
    assert q({"href": "a.html", "parameters": ""}) == ""


def _rollup(**leaves):
    tree = scorm.parse_manifest(MANIFEST_2004).organisation
    return lesson_done(tree, leaves)


def test_rollup_rules():
    done = Status(attempted=True, completed=True)
    incomplete = Status(attempted=True, completed=False)
    failed = Status(attempted=True, completed=True, satisfied=False)
    # a2 does not count, B needs one of two, C is not tracked.
    assert _rollup(a1=done, b1=done) is True
    assert _rollup(a1=done, a2=incomplete, b2=done) is True
    assert _rollup(a1=done) is False
    assert _rollup(a2=done, b1=done, b2=done) is False
    # A failed item holds the lesson back (default "not satisfied" rollup).
    assert _rollup(a1=failed, b1=done) is False
    # ...unless its satisfaction does not count.
    assert _rollup(a1=done, a2=failed, b1=done) is True


def test_rollup_rule_kinds():
    def rule(child_set, condition, action, **extra):
        return {
            "set": child_set,
            "combine": "any",
            "conditions": [{"c": condition, "not": extra.pop("negate", False)}],
            "action": action,
            **extra,
        }

    def tree(*rules):
        return {
            "id": "o",
            "children": [
                {"id": "x", "leaf": True},
                {"id": "y", "leaf": True},
                {"id": "z", "leaf": True},
            ],
            "seq": {"rules": list(rules)},
        }

    ok = Status(attempted=True, completed=True, satisfied=True)
    no = Status(attempted=True, completed=False, satisfied=False)
    leaves = {"x": ok, "y": ok, "z": no}
    out = {}
    root = evaluate(
        tree(rule("atLeastPercent", "satisfied", "satisfied", percent=0.6)), leaves, out
    )
    assert root.satisfied is True
    root = evaluate(
        tree(rule("any", "satisfied", "notSatisfied", negate=True)), leaves, {}
    )
    assert root.satisfied is False
    root = evaluate(
        tree(rule("none", "attempted", "completed", negate=True)), leaves, {}
    )
    assert root.completed is True
    root = evaluate(tree(rule("all", "completed", "completed")), leaves, {})
    assert root.completed is None
    assert out["x"] is ok


@pytest.mark.django_db
def test_sco_records_kept_apart_resume_and_rollup(world, organiser, employee):
    course, package = published_package_course(
        organiser=organiser,
        unit=world.dinkes,
        upload=package_zip(),
        title="Bab",
        lesson_title="Paket",
        minutes=45,
    )
    enrolment = learning.enrolment_create(
        course=course, employee=world.employee, by=employee
    )
    lesson = Lesson.objects.get(module__version=enrolment.version)
    assert scorm.resume_sco(enrolment=enrolment, lesson=lesson) == "a1"

    def commit(sco, cmi):
        attempt = scorm.sco_launch(
            enrolment=enrolment, lesson=lesson, sco=sco, by=employee
        )
        scorm.scorm_commit(attempt=attempt, payload={"cmi": cmi}, by=employee)

    commit("a1", {"completion_status": "incomplete", "location": "p2"})
    commit("b2", {"completion_status": "incomplete", "suspend_data": "b2-data"})
    assert scorm.resume_sco(enrolment=enrolment, lesson=lesson) == "b2"
    records = {
        a.sco: (a.location, a.suspend_data)
        for a in ScormAttempt.objects.filter(enrolment=enrolment)
    }
    assert records == {"a1": ("p2", ""), "b2": ("", "b2-data")}
    # a1 passes by measure (0.6 from the manifest), b2 completes: B's rule
    # (at least one completed) and A (a2 does not count) roll up completed.
    commit("a1", {"completion_status": "completed", "score": {"scaled": "0.7"}})
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.IN_PROGRESS
    commit("b2", {"completion_status": "completed"})
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED
    a1 = ScormAttempt.objects.get(enrolment=enrolment, sco="a1")
    assert a1.success_status == "passed"


@pytest.mark.django_db
def test_player_toc_resume_and_navigation(client_for, world, organiser, employee):
    course, package = published_package_course(
        organiser=organiser, unit=world.dinkes, upload=SCORM_MULTI, title="Golf"
    )
    enrolment = learning.enrolment_create(
        course=course, employee=world.employee, by=employee
    )
    lesson = Lesson.objects.get(module__version=enrolment.version)
    client = client_for("employee")
    url = f"/elearning/learn/{enrolment.pk}/lessons/{lesson.pk}/scorm/"
    page = client.get(url).content.decode()
    assert 'data-cluster="playing_item"' in page
    assert "Playing the Game" in page
    assert 'id="sco-next" title="Par"' in page
    assert 'id="sco-prev"' not in page
    assert "<script>" not in page
    assert "onclick" not in page
    page = client.get(url + "?sco=playing_quiz_item").content.decode()
    assert "shared/assessmenttemplate.html?questions=Playing" in page
    assert "Bagian 6 dari 18" in page
    # Coming back without ?sco= opens the item the learner was in.
    page = client.get(url).content.decode()
    assert 'aria-current="page"' in page
    assert "Bagian 6 dari 18" in page
    assert client.get(url + "?sco=nope").status_code == 404
    # The lesson page counts the parts done (two assets opened) and resumes.
    lesson_page = client.get(
        f"/elearning/learn/{enrolment.pk}/lessons/{lesson.pk}/"
    ).content.decode()
    assert "2 dari 18 bagian paket selesai." in lesson_page
    assert "Lanjutkan materi" in lesson_page


@pytest.mark.django_db
def test_heartbeat_commit_stays_cheap(
    client_for, world, organiser, employee, django_assert_num_queries
):
    # The hot path scorm-again calls every few seconds: with nothing changed
    # but the location it pays what every signed-in request pays (the
    # session; the user and roles come from the shared cache), reads the
    # attempt and writes one UPDATE (the rollup runs only when a status
    # changes).
    course, package = published_package_course(
        organiser=organiser,
        unit=world.dinkes,
        upload=package_zip(),
        title="Bab",
        lesson_title="Paket",
    )
    enrolment = learning.enrolment_create(
        course=course, employee=world.employee, by=employee
    )
    lesson = Lesson.objects.get(module__version=enrolment.version)
    client = client_for("employee")
    page = client.get(f"/elearning/learn/{enrolment.pk}/lessons/{lesson.pk}/scorm/")
    launch = page.context["player_json"]
    body = {"cmi": {"completion_status": "incomplete", "location": "1"}}
    r = client.post(launch["commit_url"], body, content_type="application/json")
    assert r.json() == {"result": True, "errorCode": 0}
    body["cmi"]["location"] = "2"
    with django_assert_num_queries(4):
        r = client.post(launch["commit_url"], body, content_type="application/json")
    assert r.json() == {"result": True, "errorCode": 0}
    assert ScormAttempt.objects.get(pk=launch["attempt_id"]).location == "2"
