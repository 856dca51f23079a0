"""The downloadable import template: XLSX with a "Petunjuk" sheet, or CSV."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from jenjang.people.imports.columns import COLUMNS, DATE_FORMATS_HELP, HEADERS
from jenjang.people.models import Rank

DATA_SHEET = "Pegawai"
GUIDE_SHEET = "Petunjuk"
POSITIONS_SHEET = "Kode jabatan"
MAX_LISTED_POSITIONS = 5000
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_TEXT_FIELDS = {"nip", "nik", "phone"}


def template_csv() -> bytes:
    """Return the header row as UTF-8 CSV with a BOM (Excel then reads it right)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow(HEADERS)
    return ("\ufeff" + buffer.getvalue()).encode()


def template_xlsx(*, positions=()) -> bytes:
    """Return the XLSX template; `positions` (code, title, unit) fill a third sheet."""
    workbook = Workbook()
    data = workbook.active
    data.title = DATA_SHEET
    _data_sheet(data)
    _guide_sheet(workbook.create_sheet(GUIDE_SHEET))
    if positions:
        _positions_sheet(workbook.create_sheet(POSITIONS_SHEET), positions)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _data_sheet(sheet) -> None:
    sheet.append(list(HEADERS))
    sheet.freeze_panes = "A2"
    for i, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=i)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = _HEADER_FILL
        letter = get_column_letter(i)
        dimension = sheet.column_dimensions[letter]
        dimension.width = max(len(column.header), len(column.example)) + 4
        # Typed as text, a NIP keeps all 18 digits and a phone its leading 0.
        if column.field in _TEXT_FIELDS:
            dimension.number_format = "@"
        elif column.kind == "date":
            dimension.number_format = "yyyy-mm-dd"


def _guide_sheet(sheet) -> None:
    bold = Font(bold=True)
    sheet.append([_("Petunjuk pengisian templat impor pegawai")])
    sheet["A1"].font = Font(bold=True, size=14)
    notes = [
        _("Isi lembar “Pegawai” mulai baris 2; baris 1 adalah judul kolom."),
        _("Jangan mengubah judul kolom. Kolom opsional boleh dihapus."),
        _(
            "NIP yang sudah terdaftar diperbarui; NIP baru ditambahkan. "
            "Kolom opsional yang dihapus tidak mengubah data yang ada."
        ),
        str(DATE_FORMATS_HELP),
        _(
            "Seluruh berkas diperiksa lebih dulu. Kesalahan dilaporkan per baris dan "
            "kolom; tidak ada yang disimpan sebelum Anda menyetujui."
        ),
        _("Nomor baris pada laporan sama dengan nomor baris di lembar kerja."),
    ]
    for note in notes:
        sheet.append([f"\u2022 {note}"])
    sheet.append([])
    sheet.append([_("Kolom"), _("Wajib"), _("Keterangan"), _("Contoh")])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for column in COLUMNS:
        sheet.append(
            [
                column.header,
                _("Ya") if column.required else _("Tidak"),
                str(column.help),
                column.example,
            ]
        )
        sheet.cell(row=sheet.max_row, column=3).alignment = Alignment(wrap_text=True)
    sheet.append([])
    sheet.append([_("Golongan yang dikenal")])
    sheet.cell(row=sheet.max_row, column=1).font = bold
    for kind in (Rank.Kind.PNS, Rank.Kind.PPPK):
        codes = Rank.objects.filter(kind=kind).order_by("order")
        sheet.append([kind.label, ", ".join(r.code for r in codes)])
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 10
    sheet.column_dimensions["C"].width = 80
    sheet.column_dimensions["D"].width = 24


def _positions_sheet(sheet, positions) -> None:
    sheet.append(["kode_jabatan", _("Nama jabatan"), _("Unit kerja")])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in positions[:MAX_LISTED_POSITIONS]:
        sheet.append(list(row))
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 48
    sheet.column_dimensions["C"].width = 40
