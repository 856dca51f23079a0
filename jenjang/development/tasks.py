"""Background jobs of the JP ledger. Thin: parse, call a service."""

import datetime as dt

from django_tasks import task

from jenjang.development.services.compliance import jp_reminders_send


@task()
def send_jp_reminders(on: str | None = None, year: int | None = None) -> dict:
    """Remind employees below the annual JP target (Q3 and Q4, once a quarter).

    `on` is an ISO date (default: today, local time); arguments stay
    JSON-serialisable for every task backend.
    """
    result = jp_reminders_send(on=dt.date.fromisoformat(on) if on else None, year=year)
    return {
        "year": result.year,
        "quarter": result.quarter,
        "sent": result.sent,
        "without_email": result.without_email,
        "out_of_season": result.out_of_season,
    }
