"""Shapes and helpers shared by the performance API modules."""

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import StringConstraints

NO_NUL = r"^[^\x00]*$"
Text = Annotated[str, StringConstraints(max_length=2000, pattern=NO_NUL)]
ShortText = Annotated[str, StringConstraints(max_length=300, pattern=NO_NUL)]


class SkpPersonRef(Schema):
    id: int
    full_name: str


class PeriodOut(Schema):
    id: int
    kind: str
    number: int
    start: dt.date
    end: dt.date
    label: str


class SkpCommentIn(Schema):
    comment: Text = ""


def person(employee) -> dict | None:
    if employee is None:
        return None
    return {"id": employee.pk, "full_name": employee.full_name}


def period_out(period) -> dict:
    return {
        "id": period.pk,
        "kind": period.kind,
        "number": period.number,
        "start": period.start,
        "end": period.end,
        "label": str(period),
    }
