"""`jenjang remind-jp`: e-mail employees below the annual JP target (Q3/Q4).

Idempotent per employee per quarter; meant for cron or a systemd timer, e.g.
weekly: ``0 7 * * 1 jenjang remind-jp``.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from jenjang.core.exceptions import ApplicationError
from jenjang.development.services.compliance import jp_reminders_send


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            _("Tanggal tidak sah: %(value)s (pakai YYYY-MM-DD).") % {"value": value}
        ) from None


class Command(BaseCommand):
    help = _(
        "Kirim pengingat e-mail kepada pegawai yang JP-nya tahun ini masih di "
        "bawah target, hanya pada kuartal III dan IV, sekali per kuartal."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int, help=_("Tahun JP (bawaan: tahun dari --date).")
        )
        parser.add_argument(
            "--date",
            help=_("Anggap hari ini tanggal ini, YYYY-MM-DD (bawaan: hari ini)."),
        )

    def handle(self, *args, **options):
        on = _date(options["date"]) if options["date"] else None
        with tqdm(unit=" pegawai", disable=None) as bar:
            try:
                result = jp_reminders_send(
                    on=on,
                    year=options["year"],
                    progress=bar.update,
                    total=lambda n: setattr(bar, "total", n),
                )
            except ApplicationError as exc:
                raise CommandError(exc.message) from None
        if result.out_of_season:
            self.stdout.write(
                _(
                    "Kuartal %(q)d: pengingat hanya dikirim pada kuartal III dan IV; "
                    "tidak ada yang dikirim."
                )
                % {"q": result.quarter}
            )
            return
        self.stdout.write(
            _(
                "Tahun %(year)d kuartal %(q)d: %(sent)d pengingat terkirim, "
                "%(missing)d pegawai tanpa alamat e-mail."
            )
            % {
                "year": result.year,
                "q": result.quarter,
                "sent": result.sent,
                "missing": result.without_email,
            }
        )
