"""`jenjang import-employees FILE`: the import page's rules on the command line.

The whole file is checked first and every problem printed as
"row, column, reason"; nothing is written unless the file is clean or
--valid-only is given. Exit status 1 when nothing was written.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from jenjang.accounts.models import User
from jenjang.accounts.roles import has_perm
from jenjang.core.exceptions import DATABASE_DOWN, ApplicationError
from jenjang.people.imports.engine import EmployeeImport, ImportSummary
from jenjang.people.imports.readers import Table, sniff
from jenjang.people.imports.rows import RowError
from jenjang.people.imports.selectors import import_agencies_for
from jenjang.people.models import Agency


class Command(BaseCommand):
    help = "Import employees from a CSV or XLSX file (the import template's columns)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="CSV or XLSX file")
        parser.add_argument("--agency", help="agency code (needed when several exist)")
        parser.add_argument(
            "--valid-only",
            action="store_true",
            help="write the valid rows and skip the bad ones",
        )
        parser.add_argument(
            "--user",
            help="import as this user, within their scope; audit entries name them",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="hide the progress bar"
        )

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("Berkas tidak ditemukan: %(path)s") % {"path": path})
        user = self._user(options["user"])
        agency = self._agency(options["agency"], user)
        try:
            with path.open("rb") as fileobj:
                sniffed = sniff(fileobj)
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        engine = EmployeeImport(
            open_table=lambda: Table(path.open("rb"), sniffed),
            agency=agency,
            user=user,
        )
        self.hide_progress = options["no_progress"]
        try:
            self._run(engine, valid_only=options["valid_only"])
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        except DATABASE_DOWN as exc:
            # The write is one transaction: a broken connection rolls it all back.
            raise CommandError(
                _(
                    "Basis data terputus saat impor (%(error)s); tidak ada data yang "
                    "disimpan. Jalankan lagi setelah basis data kembali."
                )
                % {"error": str(exc).strip().splitlines()[0][:200] if str(exc) else "-"}
            ) from None

    def _run(self, engine: EmployeeImport, *, valid_only: bool) -> None:
        with self._bar(_("Memeriksa")) as bar:
            checked = engine.validate(
                on_error=self._print_error,
                on_progress=_advance(bar),
                on_start=lambda n: setattr(bar, "total", n),
            )
        if not checked.is_clean:
            self.stdout.write(_counts(checked))
            writable = checked.header_ok and checked.total_rows > checked.invalid_rows
            if not (valid_only and writable):
                raise CommandError(_("Tidak ada data yang disimpan."))
        with self._bar(_("Menyimpan"), total=checked.total_rows) as bar:
            written = engine.write(
                valid_only=valid_only,
                on_error=lambda error: None,  # already printed above
                on_progress=_advance(bar),
            )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Selesai: %(created)s ditambahkan, %(updated)s diperbarui, "
                    "%(unchanged)s tidak berubah, %(skipped)s dilewati."
                )
                % {
                    "created": written.created,
                    "updated": written.updated,
                    "unchanged": written.unchanged,
                    "skipped": written.skipped,
                }
            )
        )

    def _print_error(self, error: RowError) -> None:
        self.stdout.write(
            _("baris %(row)s, kolom %(column)s: %(reason)s")
            % {
                "row": error.row,
                "column": error.column or "—",
                "reason": error.message,
            }
        )

    def _bar(self, label: str, total: int | None = None) -> tqdm:
        return tqdm(
            total=total,
            desc=label,
            unit=" " + _("baris"),
            unit_scale=True,
            file=self.stderr._out,
            disable=self.hide_progress,
            leave=False,
        )

    def _user(self, username: str | None):
        if not username:
            return None
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(_("Pengguna tidak ditemukan: %(u)s") % {"u": username})
        if not has_perm(user, "people.import"):
            raise CommandError(
                _("Pengguna %(u)s tidak berwenang mengimpor pegawai.") % {"u": username}
            )
        return user

    def _agency(self, code: str | None, user) -> Agency:
        allowed = import_agencies_for(user=user) if user else Agency.objects.all()
        if code:
            agency = allowed.filter(code=code).first()
            if agency is None:
                raise CommandError(
                    _("Instansi %(code)s tidak ditemukan atau di luar cakupan.")
                    % {"code": code}
                )
            return agency
        agencies = list(allowed[:2])
        if not agencies:
            raise CommandError(_("Tidak ada instansi yang dapat dituju impor."))
        if len(agencies) != 1:
            codes = ", ".join(allowed.values_list("code", flat=True)[:20])
            raise CommandError(
                _("Pilih instansi dengan --agency (kode: %(codes)s).")
                % {"codes": codes or "—"}
            )
        return agencies[0]


def _advance(bar: tqdm):
    def update(done: int) -> None:
        bar.update(done - bar.n)

    return update


def _counts(summary: ImportSummary) -> str:
    return _("%(errors)s kesalahan pada %(bad)s dari %(total)s baris.") % {
        "errors": summary.error_count,
        "bad": summary.invalid_rows,
        "total": summary.total_rows,
    }
