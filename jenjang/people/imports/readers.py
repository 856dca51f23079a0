"""Read an uploaded table row by row, never the whole file at once.

The format is decided by sniffing the content, not by the file name: an XLSX
file is a zip holding `[Content_Types].xml`; a CSV file is text (UTF-8, or
Windows-1252 as older Excel saves it) with `,` `;` or tab between cells.
"""

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext as _

from jenjang.core.exceptions import ApplicationError

SNIFF_BYTES = 64 * 1024
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 13))


class ImportFileError(ApplicationError):
    """The file as a whole cannot be read: nothing row by row to report."""


@dataclass(frozen=True)
class Sniffed:
    format: str  # "csv" or "xlsx"
    encoding: str = ""  # CSV only


def sniff(fileobj: IO[bytes]) -> Sniffed:
    """Return what the file holds, or raise ImportFileError saying it is not a table."""
    fileobj.seek(0)
    head = fileobj.read(SNIFF_BYTES)
    fileobj.seek(0)
    if not head.strip():
        raise ImportFileError("import_empty", _("Berkas kosong."))
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(fileobj) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            raise ImportFileError(
                "import_unreadable", _("Berkas XLSX tidak dapat dibaca.")
            ) from None
        finally:
            fileobj.seek(0)
        if "[Content_Types].xml" in names:
            return Sniffed("xlsx")
        raise ImportFileError("import_bad_format", _("Berkas harus CSV atau XLSX."))
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            "import_xls",
            _("Format .xls lama tidak didukung. Simpan ulang sebagai .xlsx atau CSV."),
        )
    if any(b in _CONTROL for b in head):
        raise ImportFileError("import_bad_format", _("Berkas harus CSV atau XLSX."))
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=False)
        return Sniffed("csv", "utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        head.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportFileError(
            "import_bad_format", _("Berkas harus CSV atau XLSX.")
        ) from None
    return Sniffed("csv", "cp1252")


class Table:
    """The header and a stream of (row number, cells) for the data rows.

    Row numbers are those the spreadsheet shows: the header is row 1. Rows
    with no value at all are skipped and not counted.
    """

    def __init__(self, fileobj: IO[bytes], sniffed: Sniffed) -> None:
        self.fileobj = fileobj
        self.sniffed = sniffed
        self.header: list[str] = []
        self.estimated_rows = 0
        self._rows: Iterator[tuple[int, tuple[Any, ...]]] = iter(())
        self._workbook = None
        if sniffed.format == "xlsx":
            self._open_xlsx()
        else:
            self._open_csv()

    def close(self) -> None:
        """Close the workbook and the file (the table owns both)."""
        if self._workbook is not None:
            self._workbook.close()
        self.fileobj.close()

    def __enter__(self) -> "Table":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def rows(self) -> Iterator[tuple[int, tuple[Any, ...]]]:
        for number, cells in self._rows:
            if any(c is not None and c != "" for c in cells):
                yield number, cells

    def _open_xlsx(self) -> None:
        from openpyxl import load_workbook

        try:
            self._workbook = load_workbook(self.fileobj, read_only=True, data_only=True)
            sheet = self._workbook.worksheets[0]
            # The declared size estimates progress; it may be wrong, so read past it.
            self.estimated_rows = max((sheet.max_row or 1) - 1, 0)
            sheet.reset_dimensions()
            rows = enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1)
            header = next(rows, None)
        except Exception as exc:  # openpyxl raises many kinds on a broken file
            raise ImportFileError(
                "import_unreadable", _("Berkas XLSX tidak dapat dibaca.")
            ) from exc
        self.header = _header_cells(header[1] if header else ())
        self._rows = _guard_xlsx(rows)

    def _open_csv(self) -> None:
        self.estimated_rows = max(_count_lines(self.fileobj) - 1, 0)
        text = io.TextIOWrapper(
            self.fileobj, encoding=self.sniffed.encoding, newline=""
        )
        try:
            first = text.readline()
        except UnicodeDecodeError:
            raise _not_utf8() from None
        delimiter = max(",;\t", key=first.count)
        reader = csv.reader(
            _chain_first(first, text), delimiter=delimiter, strict=False
        )
        self._text = text
        rows = _guard_csv(reader)
        header = next(rows, None)
        self.header = _header_cells(header[1] if header else ())
        self._rows = rows


def _chain_first(first: str, rest: IO[str]) -> Iterator[str]:
    yield first
    yield from rest


def _header_cells(cells) -> list[str]:
    return [
        str(c).strip().lstrip("\ufeff").strip().lower() if c is not None else ""
        for c in cells
    ]


def _count_lines(fileobj: IO[bytes]) -> int:
    fileobj.seek(0)
    count, last = 0, b"\n"
    while chunk := fileobj.read(1 << 20):
        count += chunk.count(b"\n")
        last = chunk[-1:]
    fileobj.seek(0)
    return count + (0 if last == b"\n" else 1)


def _not_utf8() -> ImportFileError:
    return ImportFileError(
        "import_encoding",
        _("Berkas CSV bukan UTF-8. Simpan ulang sebagai “CSV UTF-8”."),
    )


def _guard_csv(reader) -> Iterator[tuple[int, tuple[Any, ...]]]:
    # Number records, not physical lines: a quoted cell may span lines, and
    # a spreadsheet shows it as one row.
    try:
        for number, cells in enumerate(reader, start=1):
            yield number, tuple(cells)
    except UnicodeDecodeError:
        raise _not_utf8() from None
    except csv.Error as exc:
        raise ImportFileError(
            "import_unreadable",
            _("Berkas CSV rusak di sekitar baris %(row)s.")
            % {"row": reader.line_num + 1},
        ) from exc


def _guard_xlsx(rows) -> Iterator[tuple[int, tuple[Any, ...]]]:
    try:
        yield from rows
    except Exception as exc:
        raise ImportFileError(
            "import_unreadable", _("Berkas XLSX tidak dapat dibaca.")
        ) from exc
