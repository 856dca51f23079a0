"""Version keys of people data, for answers kept in the shared cache.

`PEOPLE` moves on with every change to employees, org units, positions,
ranks or agencies: what a list of employees shows. Saves and deletes bump it
through signals; the import writer, which writes with SQL of its own, bumps
it after each chunk. `employee_key` moves on with one employee's record.
"""

from jenjang.core import versions

PEOPLE = "people:data"
EMPLOYEE_OF_TTL = 300


def employee_key(employee_id) -> str:
    """Moves on with every change to one employee (their record)."""
    return f"people:employee:{employee_id}"


def _employee_of_key(user_id) -> str:
    return f"people:employee-of:{user_id}"


def employee_id_for_user(user) -> int | None:
    """The id of the user's own employee record, from the shared cache.

    A link that moves to another account reaches this within
    EMPLOYEE_OF_TTL seconds; pages keyed by it also read `employee_key`,
    which the move bumps, so they are rebuilt from the database at once.
    """
    from django.core.cache import cache

    from jenjang.people.models import Employee

    if not getattr(user, "is_authenticated", False):
        return None
    key = _employee_of_key(user.pk)
    found = cache.get(key)
    if found is None:
        found = (
            Employee.objects.filter(user_id=user.pk)
            .values_list("pk", flat=True)
            .first()
        ) or 0
        cache.set(key, found, EMPLOYEE_OF_TTL)
    return found or None


def people_changed(*_args, **_kwargs) -> list[str]:
    return [PEOPLE]


def _employee_changed(employee) -> list[str]:
    keys = [employee_key(employee.pk)]
    if employee.user_id:
        keys.append(_employee_of_key(employee.user_id))
    return keys


def connect_signals() -> None:
    from jenjang.people.models import Agency, Employee, OrgUnit, Position, Rank

    for model in (Agency, Employee, OrgUnit, Position, Rank):
        versions.watch(model, people_changed)
    versions.watch(Employee, _employee_changed)
