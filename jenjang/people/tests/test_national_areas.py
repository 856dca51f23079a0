"""`jenjang demo --employees N`: every area's national-shape data, in proportion."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, F

from jenjang.competencies.models import Assessment
from jenjang.development.models import LedgerEntry
from jenjang.elearning.models import Enrolment as CourseEnrolment
from jenjang.elearning.models import LessonProgress
from jenjang.events.models import Registration
from jenjang.mentoring.models import Relationship
from jenjang.people.models import Employee
from jenjang.people.national import build_everything, national_steps
from jenjang.performance.models import Evaluation, Skp
from jenjang.surveys.models import Response
from jenjang.talent.models import Placement
from jenjang.training.models import Enrolment as TrainingEnrolment

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 29)
N = 400


@pytest.fixture
def national():
    ctx = build_everything(employees=N, seed=11, today=TODAY, batch_size=500)
    connection.check_constraints()  # foreign keys and checks, deferred until now
    return ctx


def test_every_area_registers_a_step():
    assert [s.name for s in national_steps()] == [
        "people",
        "competencies",
        "jp-ledger",
        "training",
        "elearning",
        "mentoring",
        "events",
        "performance",
        "talent",
        "surveys",
    ]


def test_every_area_gets_data_in_national_proportions(national):
    assert Employee.objects.count() == N
    assert set(national.seconds) == {s.name for s in national_steps()}
    # about ten JP postings per employee per year, three years (to today)
    per_person = LedgerEntry.objects.count() / N
    assert 27 <= per_person <= 31
    years = LedgerEntry.objects.dates("occurred_on", "year")
    assert [d.year for d in years] == [2024, 2025, 2026]
    assert not LedgerEntry.objects.filter(occurred_on__gt=TODAY).exists()
    # one SKP a year each, annual evaluations for the two finished years
    assert Skp.objects.count() == 3 * N
    assert Evaluation.objects.filter(is_annual=True, status="closed").count() == 2 * N
    # assessments: about 60 % assessed, nine competencies each time
    assessed = Assessment.objects.values("employee").distinct().count()
    assert 0.5 * N <= assessed <= 0.7 * N
    assert 0.5 * N <= TrainingEnrolment.objects.count() <= 0.7 * N
    assert 1.5 * N <= CourseEnrolment.objects.count() <= 2.5 * N
    assert LessonProgress.objects.count() > CourseEnrolment.objects.count()
    assert Relationship.objects.count() == round(N * 0.06)
    assert Registration.objects.count() >= N
    assert Response.objects.count() == N
    # two talent reviews per agency, everyone placed in each (both have a predikat)
    assert Placement.objects.count() == 2 * N


def test_national_rows_keep_the_areas_rules(national):
    assert not (
        Registration.objects.values("event", "employee")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .exists()
    )
    assert not Relationship.objects.filter(mentor=F("mentee")).exists()
    assert (
        LedgerEntry.objects.values("source_type", "source_id").distinct().count()
        == LedgerEntry.objects.count()
    )


def test_the_command_runs_only_the_steps_asked_for(capsys):
    call_command("demo", "--employees", "120", "--only", "people,jp-ledger")
    assert LedgerEntry.objects.exists()
    assert not Skp.objects.exists()
    assert "[jp-ledger]" in capsys.readouterr().out
