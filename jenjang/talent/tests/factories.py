"""Factories and helpers for the talent tests."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Case, CharField, Value, When

from jenjang.talent.models import PotentialInput, TalentReview


def potential(employee, score, *, on=dt.date(2025, 12, 1), **kw) -> PotentialInput:
    """Record inputs whose weighted potential equals `score` (all parts equal)."""
    value = Decimal(str(score))
    return PotentialInput.objects.create(
        employee=employee,
        recorded_on=on,
        assessment_score=kw.get("assessment_score", value),
        track_record_score=value,
        qualification_score=value,
        integrity_score=value,
    )


def review(agency, *, year=2025, name="Pemetaan 2025", by=None, org_unit=None):
    return TalentReview.objects.create(
        agency=agency, year=year, name=name, created_by=by, org_unit=org_unit
    )


class PredikatStub:
    """Stands in for the performance area's final ratings."""

    def __init__(self) -> None:
        self.rows: dict[tuple[int, int], str] = {}

    def set(self, employee, year: int, predikat: str) -> None:
        self.rows[(employee.pk, year)] = predikat

    def __call__(self, employee_ids, years):
        ids, wanted = set(employee_ids), set(years)
        return {k: v for k, v in self.rows.items() if k[0] in ids and k[1] in wanted}

    def subquery(self, year: int):
        """The same ratings in SQL, for `selectors.predikat_subquery`."""
        whens = [
            When(pk=pk, then=Value(p)) for (pk, y), p in self.rows.items() if y == year
        ]
        return Case(*whens, default=None, output_field=CharField())


@pytest.fixture
def predikat(monkeypatch) -> PredikatStub:
    stub = PredikatStub()
    monkeypatch.setattr("jenjang.talent.selectors.predikat_for", stub)
    monkeypatch.setattr("jenjang.talent.selectors.predikat_subquery", stub.subquery)
    return stub
