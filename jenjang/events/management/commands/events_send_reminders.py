"""Send the event reminders due now (idempotent; run every 15 minutes by cron)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from jenjang.events.tasks import send_event_reminders


class Command(BaseCommand):
    help = (
        "Send the reminders due now (day before, hour before), each once: "
        "a second run sends nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now", default=None, help="ISO datetime to run as (default: now)"
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="hand the job to the task worker instead of running it here",
        )

    def handle(self, *args, now=None, enqueue=False, **options):
        if now:
            try:
                moment = dt.datetime.fromisoformat(now)
            except ValueError:
                raise CommandError(
                    "--now harus berformat ISO, mis. 2026-11-29T07:00+07:00."
                ) from None
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
            now = moment.isoformat()
        if enqueue:
            result = send_event_reminders.enqueue(now=now)
            self.stdout.write(f"Antrean tugas: {result.id}")
            return
        sent = send_event_reminders.call(now=now)
        self.stdout.write(
            f"{sent['sent']} pengingat dikirim, {sent['emailed']} lewat e-mail."
        )
