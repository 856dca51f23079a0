"""`jenjang demo`: the demo regency, or `--employees N` of national shape."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError
from django.utils.translation import gettext as _
from tqdm import tqdm

from jenjang.core import versions
from jenjang.core.exceptions import ApplicationError
from jenjang.people.demo import (
    BATCH_SIZE,
    DEFAULT_SEED,
    format_logins,
    run_demo,
)
from jenjang.people.models import Employee, OrgUnit, Position
from jenjang.people.national import build_everything, ensure_national_logins


class Command(BaseCommand):
    help = _(
        "Bangun data demo Pemerintah Kabupaten Contoh (aman dijalankan berulang), "
        "atau --employees N pegawai berskala nasional untuk benchmark."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--employees",
            type=int,
            metavar="N",
            help=_("Buat N pegawai berskala nasional, bukan kabupaten demo."),
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument(
            "--with-logins",
            action="store_true",
            help=_("Dengan --employees: buat juga akun demo per peran."),
        )
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
        parser.add_argument(
            "--only",
            metavar="STEP,STEP",
            help=_(
                "Dengan --employees: hanya langkah ini (people, competencies, "
                "jp-ledger, training, elearning, mentoring, events, performance, "
                "surveys)."
            ),
        )
        parser.add_argument(
            "--no-copy",
            action="store_true",
            help=_("Di PostgreSQL: pakai INSERT, bukan COPY."),
        )

    def handle(self, *args, **options):
        try:
            self._handle(**options)
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        except IntegrityError as exc:
            # The demo is meant for its own database; real data may clash.
            raise CommandError(
                _("Data demo bentrok dengan data yang sudah ada: %(error)s")
                % {"error": exc}
            ) from None

    def _handle(self, *, employees=None, seed=DEFAULT_SEED, **options):
        if employees is None:
            ctx = run_demo(seed=seed, write=self.stdout.write)
            versions.restart_everything()
            self.stdout.write(
                format_logins(
                    ctx.logins, title=_("Login demo (Pemerintah Kabupaten Contoh)")
                )
            )
            return
        if options["batch_size"] < 1:
            raise CommandError(_("--batch-size harus bilangan bulat positif."))
        started = time.monotonic()
        bars = []

        def progress(name, total):
            bar = tqdm(total=total, unit=" pegawai", desc=name, disable=None)
            bars.append(bar)
            return bar.update

        only = set(options["only"].split(",")) if options.get("only") else None
        try:
            result = build_everything(
                employees=employees,
                seed=seed,
                batch_size=options["batch_size"],
                use_copy=False if options["no_copy"] else None,
                progress=progress,
                only=only,
            )
        finally:
            for bar in bars:
                bar.close()
        logins = ensure_national_logins() if options["with_logins"] else []
        self.stdout.write(
            _(
                "%(people)d pegawai, %(units)d unit, %(positions)d jabatan dibuat "
                "dalam %(seconds).1f detik."
            )
            % {
                "people": result.counts.get(Employee._meta.label, 0),
                "units": result.counts.get(OrgUnit._meta.label, 0),
                "positions": result.counts.get(Position._meta.label, 0),
                "seconds": time.monotonic() - started,
            }
        )
        for label, count in sorted(result.counts.items()):
            self.stdout.write(f"  {label}: {count}")
        for name, seconds in result.seconds.items():
            self.stdout.write(f"  [{name}] {seconds:.1f} s")
        self.stdout.write(format_logins(logins, title=_("Login demo")))
