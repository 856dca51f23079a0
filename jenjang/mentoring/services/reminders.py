"""Reminders to pairs that have gone quiet."""

import datetime as dt

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.mentoring.models import QuietReminder, Relationship

DEFAULT_QUIET_WEEKS = 4


def quiet_weeks(weeks: int | None = None) -> int:
    """N in "no session in N weeks": the given value, else the setting
    JENJANG_MENTORING_QUIET_WEEKS (read on every call), else 4."""
    if weeks is None:
        weeks = getattr(settings, "JENJANG_MENTORING_QUIET_WEEKS", None)
    try:
        return max(int(weeks), 1)
    except (TypeError, ValueError):
        return DEFAULT_QUIET_WEEKS


def quiet_q(*, on: dt.date | None = None, weeks: int | None = None) -> Q:
    """The quiet-pair rule on relationships, as a filter (`quiet_pairs`)."""
    on = on or timezone.localdate()
    since = on - dt.timedelta(weeks=quiet_weeks(weeks))
    return Q(status=Relationship.Status.ACTIVE) & (
        Q(last_session_on__lt=since)
        | Q(last_session_on__isnull=True, started_on__lt=since)
    )


def quiet_pairs(*, on: dt.date | None = None, weeks: int | None = None) -> QuerySet:
    """Active pairs without a session in the last N weeks (counted from their
    start when they never met)."""
    return Relationship.objects.filter(quiet_q(on=on, weeks=weeks))


def quiet_pairs_remind(*, on: dt.date | None = None, weeks: int | None = None) -> int:
    """E-mail both sides of each quiet pair, once per pair per calendar month.

    The reminder row is written first under its unique constraint, so two
    runs at once (cron and a worker) never remind a pair twice.
    """
    on = on or timezone.localdate()
    period = on.strftime("%Y-%m")
    pending = (
        quiet_pairs(on=on, weeks=weeks)
        .exclude(reminders__period=period)
        .select_related("mentor", "mentee")
    )
    messages = []
    sent = 0
    for rel in pending.iterator(chunk_size=500):
        try:
            with transaction.atomic():
                QuietReminder.objects.create(relationship=rel, period=period)
        except IntegrityError:
            continue
        sent += 1
        subject = _("Jenjang: sudah lama tidak ada sesi %(kind)s") % {
            "kind": rel.get_kind_display()
        }
        body = _(
            "Pasangan %(mentor)s dan %(mentee)s belum mencatat sesi selama "
            "%(weeks)d minggu. Jadwalkan pertemuan berikutnya dan catat sesinya "
            "di Jenjang."
        ) % {
            "mentor": rel.mentor.name,
            "mentee": rel.mentee.name,
            "weeks": quiet_weeks(weeks),
        }
        recipients = [e for e in (rel.mentor.email, rel.mentee.email) if e]
        if recipients:
            messages.append((subject, body, None, recipients))
    if messages:
        send_mass_mail(messages, fail_silently=False)
    return sent
