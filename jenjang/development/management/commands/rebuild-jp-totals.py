"""`jenjang rebuild-jp-totals`: recompute the yearly JP totals from the ledger.

The posting services keep `JpYearTotal` current; run this after loading
ledger entries in bulk (COPY, a restore of the ledger alone), or with
`--check` from cron to prove the table still equals the ledger (exit status
1 when it does not).
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jenjang.core.exceptions import ApplicationError
from jenjang.development.aggregates import jp_totals_drift
from jenjang.development.selectors.compliance import check_year
from jenjang.development.services.jp_totals import jp_totals_rebuild


class Command(BaseCommand):
    help = _(
        "Hitung ulang total JP tahunan per pegawai dari buku besar JP, atau "
        "periksa (--check) bahwa tabel total sama dengan buku besar."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", help=_("Hanya tahun ini (bawaan: semua tahun)."))
        parser.add_argument(
            "--check",
            action="store_true",
            help=_("Hanya periksa selisih; tidak mengubah apa pun."),
        )

    def handle(self, *args, **options):
        year = None
        if options["year"] not in (None, ""):
            try:
                year = check_year(options["year"])
            except ApplicationError as exc:
                raise CommandError(exc.message) from None
        if options["check"]:
            drift = jp_totals_drift(year=year)
            for emp, yr, stored, raw, _n1, _n2 in drift:
                self.stdout.write(
                    _(
                        "Pegawai %(emp)s tahun %(year)s: tersimpan %(stored)s, "
                        "buku besar %(raw)s"
                    )
                    % {"emp": emp, "year": yr, "stored": stored, "raw": raw}
                )
            if drift:
                raise CommandError(
                    _("Total JP tahunan berbeda dengan buku besar (%(n)d baris).")
                    % {"n": len(drift)}
                )
            self.stdout.write(_("Total JP tahunan sama dengan buku besar."))
            return
        started = time.monotonic()
        rows = jp_totals_rebuild(year=year)
        self.stdout.write(
            _("%(rows)d total JP tahunan dihitung ulang dalam %(s).1f detik.")
            % {"rows": rows, "s": time.monotonic() - started}
        )
