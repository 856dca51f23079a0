"""Remind quiet mentoring/coaching pairs (idempotent; run daily by cron)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from jenjang.mentoring.services.reminders import quiet_pairs_remind


class Command(BaseCommand):
    help = "E-mail active pairs with no session in N weeks (once per pair per month)."

    def add_arguments(self, parser):
        parser.add_argument("--weeks", type=int, default=None)
        parser.add_argument("--on", default=None, help="YYYY-MM-DD (default today)")

    def handle(self, *args, weeks=None, on=None, **options):
        try:
            day = dt.date.fromisoformat(on) if on else None
        except ValueError:
            raise CommandError("--on harus berformat YYYY-MM-DD.") from None
        if weeks is not None and not 1 <= weeks <= 52:
            raise CommandError("--weeks harus 1 sampai 52.")
        sent = quiet_pairs_remind(on=day, weeks=weeks)
        self.stdout.write(f"{sent} pasangan diingatkan.")
