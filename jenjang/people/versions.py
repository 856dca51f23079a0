"""Version keys of people data, for answers kept in the shared cache.

`PEOPLE` moves on with every change to employees, org units, positions,
ranks or agencies: what a list of employees shows. Saves and deletes bump it
through signals; the import writer, which writes with SQL of its own, bumps
it after each chunk. `employee_key` moves on with one employee's record.
"""

from jenjang.core import versions

PEOPLE = "people:data"


def employee_key(employee_id) -> str:
    """Moves on with every change to one employee (their record)."""
    return f"people:employee:{employee_id}"


def employee_id_for_user(user) -> int | None:
    """The id of the user's own employee record, without a query.

    It comes with the session's user from the shared cache (accounts'
    user_cache). A link that moves to another account reaches this within
    that cache's TTL; pages keyed by it also read `employee_key`, which the
    move bumps, so they are rebuilt from the database at once.
    """
    from jenjang.accounts.roles import unwrapped
    from jenjang.accounts.user_cache import EMPLOYEE_ID
    from jenjang.people.models import Employee

    if not getattr(user, "is_authenticated", False):
        return None
    user = unwrapped(user)
    if EMPLOYEE_ID not in user.__dict__:  # a user not read through the cache
        user.__dict__[EMPLOYEE_ID] = (
            Employee.objects.filter(user_id=user.pk)
            .values_list("pk", flat=True)
            .first()
        )
    return user.__dict__[EMPLOYEE_ID]


def _people_changed(_row) -> list[str]:
    return [PEOPLE]


def _employee_changed(employee) -> list[str]:
    return [PEOPLE, employee_key(employee.pk)]


def _linked_user_changed(employee) -> list[str]:
    """The cached user of the linked account carries the employee id."""
    from jenjang.accounts.user_cache import user_key

    return [user_key(employee.user_id)] if employee.user_id else []


def connect_signals() -> None:
    from jenjang.people.models import Agency, Employee, OrgUnit, Position, Rank

    for model in (Agency, OrgUnit, Position, Rank):
        versions.watch(model, _people_changed)
    versions.watch(Employee, _employee_changed)
    versions.watch(Employee, _linked_user_changed, restart=True)
