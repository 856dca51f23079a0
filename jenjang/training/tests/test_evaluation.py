"""Surveys, the impact follow-up and its results per program; needs vs coverage."""

import datetime as dt

import pytest

from jenjang.core.exceptions import ApplicationError, PermissionDenied
from jenjang.training.models import (
    BatchSurvey,
    Enrolment,
    ImpactResponse,
    ProgramCompetency,
    Trainer,
)
from jenjang.training.selectors import impact_by_program, impact_pending_for
from jenjang.training.services.evaluation import impact_submit, survey_submit
from jenjang.training.tests.factories import (
    TODAY,
    BatchFactory,
    ProgramFactory,
    add_sessions,
    seat,
)

S = Enrolment.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def passed(world):
    """A pass in a batch that ended 100 days ago (impact follow-up after 3 months)."""
    batch = BatchFactory(
        org_unit=world.dinkes,
        starts_on=TODAY - dt.timedelta(days=102),
        ends_on=TODAY - dt.timedelta(days=100),
    )
    (session,) = add_sessions(batch, 1)
    session.trainers.add(Trainer.objects.create(name="dr. Ratna"))
    return seat(batch, world.employee, S.PASSED)


def test_survey_once_with_trainer_ratings(world, passed, employee):
    trainer = Trainer.objects.get()
    survey_submit(
        enrolment=passed, by=employee, rating=5, trainer_ratings={trainer.pk: 4}
    )
    assert BatchSurvey.objects.get().rating == 5
    assert passed.trainer_ratings.get().rating == 4
    with pytest.raises(ApplicationError) as err:
        survey_submit(enrolment=passed, by=employee, rating=4)
    assert err.value.code == "already_submitted"


def test_survey_rejects_bad_rating_and_other_people(
    world, passed, employee, supervisor
):
    with pytest.raises(ApplicationError) as err:
        survey_submit(enrolment=passed, by=employee, rating=6)
    assert err.value.message == "Nilai kepuasan harus antara 1 dan 5."
    with pytest.raises(PermissionDenied):
        survey_submit(enrolment=passed, by=supervisor, rating=5)
    assert not BatchSurvey.objects.exists()


def test_impact_opens_after_the_configured_months(world, employee):
    batch = BatchFactory(
        org_unit=world.dinkes,
        starts_on=TODAY - dt.timedelta(days=40),
        ends_on=TODAY - dt.timedelta(days=38),
        impact_months=3,
    )
    e = seat(batch, world.employee, S.PASSED)
    with pytest.raises(ApplicationError) as err:
        impact_submit(enrolment=e, by=employee, applied=4, improved=4)
    assert err.value.code == "not_due"
    batch.impact_months = 1
    batch.save()
    impact_submit(enrolment=e, by=employee, applied=4, improved=3)
    assert ImpactResponse.objects.get().respondent == "participant"


def test_participant_and_supervisor_each_answer_once(
    world, passed, employee, supervisor, mentor
):
    assert [w for _e, w in impact_pending_for(user=employee)] == ["participant"]
    assert [w for _e, w in impact_pending_for(user=supervisor)] == ["supervisor"]
    impact_submit(enrolment=passed, by=employee, applied=4, improved=3)
    impact_submit(enrolment=passed, by=supervisor, applied=3, improved=2)
    with pytest.raises(PermissionDenied):
        impact_submit(enrolment=passed, by=mentor, applied=5, improved=5)
    with pytest.raises(ApplicationError):
        impact_submit(enrolment=passed, by=supervisor, applied=5, improved=5)
    assert impact_pending_for(user=employee) == []
    assert impact_pending_for(user=supervisor) == []


def test_impact_results_beside_next_predikat(
    world, passed, employee, supervisor, hr_admin, hr_admin_other
):
    from jenjang.performance.tests.factories import make_final_rating

    impact_submit(enrolment=passed, by=employee, applied=4, improved=3)
    impact_submit(enrolment=passed, by=supervisor, applied=2, improved=2)
    survey_submit(enrolment=passed, by=employee, rating=5)
    next_year = passed.batch.ends_on.year + 1
    make_final_rating(world.employee, next_year, "baik")
    (row,) = impact_by_program(user=hr_admin)
    assert row.program == passed.batch.program
    assert (row.passed, row.participant_n, row.supervisor_n) == (1, 1, 1)
    assert (str(row.participant_applied), str(row.supervisor_applied)) == (
        "4.00",
        "2.00",
    )
    assert str(row.satisfaction) == "5.00"
    assert row.predikat == {"baik": 1}
    assert row.predikat_labelled == [("Baik", 1)]
    assert impact_by_program(user=hr_admin_other) == []


def test_needs_coverage(world, hr_admin):
    from jenjang.competencies.tests.factories import (
        AssessmentFactory,
        CompetencyFactory,
        PositionStandardFactory,
    )
    from jenjang.training.relevance import needs_coverage

    sik = CompetencyFactory(name="Sistem Informasi Kesehatan")
    rm = CompetencyFactory(name="Rekam Medis")
    for comp in (sik, rm):
        PositionStandardFactory(
            position=world.staff_position, competency=comp, required_level=3
        )
        AssessmentFactory(employee=world.employee, competency=comp, level=1)
    covering = ProgramFactory(title="SIKDA")
    ProgramCompetency.objects.create(program=covering, competency=sik, target_level=3)
    too_low = ProgramFactory(title="Pengenalan Rekam Medis")
    ProgramCompetency.objects.create(program=too_low, competency=rm, target_level=2)
    idle = ProgramFactory(title="Kearsipan Digital")
    coverage = needs_coverage(user=hr_admin)
    by_name = {
        r.need.competency.name: [p.title for p in r.programs] for r in coverage.needs
    }
    assert by_name == {"Sistem Informasi Kesehatan": ["SIKDA"], "Rekam Medis": []}
    assert [r.need.competency.name for r in coverage.uncovered] == ["Rekam Medis"]
    assert [p.title for p in coverage.unneeded] == [idle.title]
