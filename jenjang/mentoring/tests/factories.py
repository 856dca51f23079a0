"""Helpers that build mentors, requests and pairs for the mentoring tests."""

import datetime as dt

from jenjang.competencies.tests.factories import AssessmentFactory, CompetencyFactory
from jenjang.mentoring.models import MentorProfile
from jenjang.mentoring.services.profiles import (
    mentee_request_create,
    mentor_profile_save,
)
from jenjang.people.models import Employee
from jenjang.people.tests.factories import rank


def competency(code: str):
    return CompetencyFactory(code=code, name=f"Kompetensi {code}")


def make_senior(employee: Employee, code: str = "III/d") -> Employee:
    Employee.objects.filter(pk=employee.pk).update(rank=rank(code))
    employee.refresh_from_db()
    return employee


def make_mentor(employee: Employee, strengths: dict, *, capacity=2, by=None, **kw):
    """Assess the employee at the given levels, then save a mentor profile."""
    for comp, level in strengths.items():
        AssessmentFactory(
            employee=employee,
            competency=comp,
            level=level,
            assessed_on=dt.date(2025, 1, 1),
        )
    return mentor_profile_save(
        employee=employee,
        by=by,
        source=MentorProfile.Source.APPOINTED,
        capacity=capacity,
        **kw,
    )


def make_request(employee: Employee, needs: dict, **kw):
    return mentee_request_create(
        employee=employee,
        by=employee.user,
        goals=kw.pop("goals", "Menguasai analisis data"),
        needs={c.pk: level for c, level in needs.items()},
        **kw,
    )
