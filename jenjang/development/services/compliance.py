"""Reminders to employees still below the annual JP target.

Run in the third and fourth quarter only (the issue: "reminders to those
still below target in the third and fourth quarter"), once per employee per
quarter: each reminder is recorded in `ReminderSent` before its e-mail goes
out, and a second run in the same quarter skips whoever is recorded. Periodic: cron or a systemd timer
runs `jenjang remind-jp` (or the `send_jp_reminders` task).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jenjang.core.exceptions import ApplicationError
from jenjang.development.models import ReminderSent
from jenjang.development.selectors.compliance import (
    check_year,
    target_expression,
    with_year_total,
)
from jenjang.development.services.conversion import format_jp
from jenjang.people.models import Employee

REMINDER_QUARTERS = (3, 4)
BATCH = 200


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


@dataclass
class ReminderResult:
    year: int
    quarter: int
    sent: int = 0
    without_email: int = 0
    out_of_season: bool = False


def reminder_candidates(*, year: int, quarter: int):
    """Active employees below target in `year`, not yet reminded this quarter."""
    reminded = ReminderSent.objects.filter(
        employee=OuterRef("pk"), year=year, quarter=quarter
    )
    qs = Employee.objects.filter(is_active=True).exclude(Exists(reminded))
    return (
        with_year_total(qs, year)
        .annotate(
            target_jp=target_expression(year),
            address=Coalesce(
                NullIf(F("email"), Value("")), NullIf(F("user__email"), Value(""))
            ),
            language=F("user__preferred_language"),
        )
        .filter(total_jp__lt=F("target_jp"))
        .values("pk", "name", "email", "address", "language", "total_jp", "target_jp")
        .order_by("pk")
    )


def _message(row: dict, *, year: int, on: dt.date) -> EmailMessage:
    remaining = row["target_jp"] - row["total_jp"]
    with translation.override(row["language"] or settings.LANGUAGE_CODE):
        subject = _(
            "Pengingat: JP pengembangan kompetensi %(year)d belum mencapai %(target)s JP"
        ) % {"year": year, "target": format_jp(row["target_jp"])}
        body = _(
            "Yth. %(name)s,\n\n"
            "Hingga %(date)s, jam pelajaran (JP) pengembangan kompetensi Anda "
            "tahun %(year)d tercatat %(total)s JP dari target minimal %(target)s JP "
            "(PP 11/2017 jo PP 17/2020 Pasal 203 ayat (4)). Kekurangan: "
            "%(remaining)s JP.\n\n"
            "Buka menu Pengembangan > JP saya di Jenjang untuk melihat catatan JP "
            "Anda atau mengajukan klaim belajar mandiri.\n\n"
            "Pesan ini dikirim otomatis; tidak perlu dibalas."
        ) % {
            "name": row["name"],
            "date": on.strftime("%d-%m-%Y"),
            "year": year,
            "total": format_jp(row["total_jp"]),
            "target": format_jp(row["target_jp"]),
            "remaining": format_jp(remaining),
        }
    return EmailMessage(subject, body, to=[row["address"]])


def jp_reminders_send(
    *,
    on: dt.date | None = None,
    year: int | None = None,
    progress: Callable[[int], None] | None = None,
    total: Callable[[int], None] | None = None,
) -> ReminderResult:
    """E-mail employees below the JP target, in Q3 and Q4 only, once a quarter.

    PP 11/2017 jo PP 17/2020 Pasal 203 ayat (4) sets the target (domain file
    §3). `on` is today (local date) unless given; `year` defaults to its
    year and must not lie in the past or future of `on`, since a reminder
    only helps while the year is still running.
    """
    on = on or timezone.localdate()
    year = check_year(year or on.year)
    if year != on.year:
        raise ApplicationError(
            "year_not_current",
            _("Pengingat hanya untuk tahun berjalan (%(year)d).") % {"year": on.year},
        )
    result = ReminderResult(year=year, quarter=quarter_of(on))
    if result.quarter not in REMINDER_QUARTERS:
        result.out_of_season = True
        return result
    candidates = reminder_candidates(year=year, quarter=result.quarter)
    if total is not None:
        total(candidates.count())
    batch: list[dict] = []
    for row in candidates.iterator(chunk_size=1000):
        if not row["address"]:
            result.without_email += 1
            if progress:
                progress(1)
            continue
        batch.append(row)
        if len(batch) >= BATCH:
            result.sent += _send_batch(batch, year=year, quarter=result.quarter, on=on)
            if progress:
                progress(len(batch))
            batch = []
    if batch:
        result.sent += _send_batch(batch, year=year, quarter=result.quarter, on=on)
        if progress:
            progress(len(batch))
    return result


def _claim(rows: list[dict], *, year: int, quarter: int) -> list[dict]:
    """Record the batch's reminders before sending them; return the rows claimed.

    The employees' rows are locked so two runs at once cannot both claim one
    person. Recording first means a worker killed after the claim loses that
    batch's e-mails rather than sending them twice on the retry (issue 11:
    a retried job never double-sends a message).
    """
    ids = [row["pk"] for row in rows]
    with transaction.atomic():
        list(
            Employee.objects.select_for_update()
            .filter(pk__in=ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        taken = set(
            ReminderSent.objects.filter(
                employee_id__in=ids, year=year, quarter=quarter
            ).values_list("employee_id", flat=True)
        )
        claimed = [row for row in rows if row["pk"] not in taken]
        ReminderSent.objects.bulk_create(
            [
                ReminderSent(
                    employee_id=row["pk"],
                    year=year,
                    quarter=quarter,
                    email=row["address"],
                    total_jp=row["total_jp"],
                )
                for row in claimed
            ]
        )
    return claimed


def _send_batch(rows: list[dict], *, year: int, quarter: int, on: dt.date) -> int:
    """Claim one batch, then send it over one connection.

    A send that fails gives the claims back, so the next run tries again.
    """
    claimed = _claim(rows, year=year, quarter=quarter)
    if not claimed:
        return 0
    messages = [_message(row, year=year, on=on) for row in claimed]
    try:
        with get_connection() as connection:
            connection.send_messages(messages)
    except Exception:
        ReminderSent.objects.filter(
            employee_id__in=[row["pk"] for row in claimed], year=year, quarter=quarter
        ).delete()
        raise
    return len(claimed)
