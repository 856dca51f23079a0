"""Periodic job (cron/systemd timer): remind people due for recertification."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from jenjang.training.services.jobs import recertification_reminders_send


class Command(BaseCommand):
    help = "E-mail holders of training certificates that expire soon (once each)."

    def add_arguments(self, parser):
        parser.add_argument("--on", help="today, as YYYY-MM-DD (default: today)")
        parser.add_argument("--within-days", type=int, default=60)

    def handle(self, *args, on=None, within_days=60, **options):
        try:
            today = dt.date.fromisoformat(on) if on else None
        except ValueError as exc:
            raise CommandError(f"--on: {exc}") from None
        result = recertification_reminders_send(today=today, within_days=within_days)
        self.stdout.write(
            f"due={result.due} sent={result.sent} without_email={result.without_email}"
        )
