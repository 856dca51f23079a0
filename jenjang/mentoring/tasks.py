"""Background jobs of the mentoring area. Thin: take ids, call a service."""

import datetime as dt

from django_tasks import task

from jenjang.mentoring.services.reminders import quiet_pairs_remind
from jenjang.mentoring.services.rounds import round_run


@task()
def run_matching_round(round_id: int) -> dict:
    """Compute a matching round's optimum (progress is written on the round)."""
    found = round_run(round_id=round_id)
    return {"round": found.pk, "status": found.status, "matched": found.matched_count}


@task()
def remind_quiet_pairs(on: str | None = None, weeks: int | None = None) -> dict:
    """Remind active pairs with no session in `weeks` weeks (once a month each)."""
    day = dt.date.fromisoformat(on) if on else None
    return {"sent": quiet_pairs_remind(on=day, weeks=weeks)}
