"""Everything Jenjang holds about one person, for their own download (UU 27/2022).

Pasal 7 and 32 UU 27/2022 (PDP): a data subject may obtain a copy of their
personal data. The export is assembled without each app having to remember:
every model with a foreign key named `employee` to people.Employee (the
subject of the row) contributes its rows. Rows where the person appears in
another role (as evaluator, mentor, assessor) are not theirs alone and are
left out. A model may set `PERSONAL_EXPORT = False` to stay out (derived
caches) or `PERSONAL_EXPORT_EXCLUDE = ("field", …)` to drop columns (secrets,
storage paths). Apps may add named sections with `register_section`.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone

SUBJECT_FIELD = "employee"
_SECTIONS: dict[str, Callable[[Any], Any]] = {}


def register_section(name: str, fn: Callable[[Any], Any]) -> None:
    """Add a section `name` computed by `fn(employee)` (JSON-serialisable)."""
    _SECTIONS[name] = fn


def subject_models() -> list[type[models.Model]]:
    """Models whose rows belong to one employee through a FK named `employee`."""
    from jenjang.people.models import Employee

    found = []
    for model in apps.get_models():
        if not getattr(model, "PERSONAL_EXPORT", True):
            continue
        try:
            field = model._meta.get_field(SUBJECT_FIELD)
        except Exception:  # FieldDoesNotExist
            continue
        if getattr(field, "related_model", None) is Employee and not field.many_to_many:
            found.append(model)
    return sorted(found, key=lambda m: m._meta.label_lower)


def _columns(model: type[models.Model]) -> list[str]:
    excluded = set(getattr(model, "PERSONAL_EXPORT_EXCLUDE", ()))
    return [
        f.attname
        for f in model._meta.concrete_fields
        if f.name not in excluded and f.attname not in excluded
    ]


def personal_data_export(employee) -> dict[str, Any]:
    """Return the person's data: their record, each subject model's rows, extra sections."""
    from jenjang.people.models import Employee

    data: dict[str, Any] = {
        "generated_at": timezone.now(),
        "employee": Employee.objects.filter(pk=employee.pk)
        .values(*_columns(Employee))
        .first(),
    }
    for model in subject_models():
        rows = model._default_manager.filter(**{SUBJECT_FIELD: employee}).values(
            *_columns(model)
        )
        data[model._meta.label_lower] = list(rows.order_by("pk"))
    for name, fn in sorted(_SECTIONS.items()):
        data[name] = fn(employee)
    return data


def json_default(value: Any) -> Any:
    """Encode what `values()` gives that json does not know."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)
