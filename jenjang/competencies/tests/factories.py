"""Factories for competencies and assessments."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from jenjang.competencies.models import (
    Assessment,
    Competency,
    CompetencyLevel,
    PositionStandard,
)


class CompetencyFactory(DjangoModelFactory):
    class Meta:
        model = Competency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"teknis-{n}")
    name = factory.Sequence(lambda n: f"Kompetensi Teknis {n}")
    kind = Competency.Kind.TECHNICAL


class CompetencyLevelFactory(DjangoModelFactory):
    class Meta:
        model = CompetencyLevel

    competency = factory.SubFactory(CompetencyFactory)
    level = 1
    title = factory.LazyAttribute(lambda o: f"Level {o.level}")


class PositionStandardFactory(DjangoModelFactory):
    class Meta:
        model = PositionStandard

    position = None  # required
    competency = factory.SubFactory(CompetencyFactory)
    required_level = 3


class AssessmentFactory(DjangoModelFactory):
    class Meta:
        model = Assessment

    employee = None  # required
    competency = None  # required
    level = 2
    assessed_on = dt.date(2025, 6, 1)
    source = Assessment.Source.ASSESSMENT_CENTRE


def managerial(code: str) -> Competency:
    """Return a seeded competency by code (the migration seeds them)."""
    from jenjang.competencies.seed import ensure_dictionary

    ensure_dictionary()
    return Competency.objects.get(code=code)
