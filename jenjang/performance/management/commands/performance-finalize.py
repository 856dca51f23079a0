"""Close issued evaluations whose objection window passed (run daily by cron)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from jenjang.performance.services.evaluation import evaluations_finalize_expired


class Command(BaseCommand):
    help = _("Tutup penilaian yang batas keberatannya sudah lewat.")

    def handle(self, *args, **options):
        done = evaluations_finalize_expired()
        self.stdout.write(_("%(n)d penilaian ditutup.") % {"n": done})
