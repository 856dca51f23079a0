"""The training-needs analysis as an XLSX workbook, the document HR plans with."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from jenjang.competencies.selectors import TrainingNeeds

TNA_WIDTHS = (6, 28, 36, 16, 12, 14, 14, 70)


def tna_headers() -> list[str]:
    return [
        pgettext("nomor urut", "No"),
        _("Kode"),
        _("Kompetensi"),
        _("Jenis"),
        _("Level target"),
        _("Jumlah pegawai"),
        _("Rata-rata kesenjangan"),
        _("Unit kerja"),
    ]


def training_needs_xlsx(result: TrainingNeeds, *, year: int, prepared_by: str) -> bytes:
    """Return the analisis kebutuhan pengembangan kompetensi as XLSX bytes.

    A header block names the agency, the unit, the planning year and the
    date of the data; then one row per need (competency and target level).
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Kebutuhan"))
    for letter, width in zip("ABCDEFGH", TNA_WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
    bold = Font(bold=True)

    def strong(value) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = bold
        return cell

    title = WriteOnlyCell(sheet, value=_("ANALISIS KEBUTUHAN PENGEMBANGAN KOMPETENSI"))
    title.font = Font(bold=True, size=14)
    sheet.append([title])
    agency = result.agency.name if result.agency else _("Semua instansi dalam cakupan")
    unit = result.unit.name if result.unit else _("Semua unit dalam cakupan")
    for label, value in (
        (_("Instansi"), agency),
        (_("Unit kerja"), unit),
        (_("Tahun perencanaan"), year),
        (_("Data per tanggal"), timezone.localdate().isoformat()),
        (_("Pegawai di bawah standar"), result.people_assessed_below),
        (_("Disusun oleh"), prepared_by),
    ):
        sheet.append([strong(label), None, value])
    sheet.append(
        [
            _(
                "Dasar: hasil asesmen terakhir dibanding standar kompetensi jabatan "
                "(PermenPANRB 38/2017); pegawai yang belum dinilai tidak dihitung."
            )
        ]
    )
    sheet.append([])
    sheet.append([strong(h) for h in tna_headers()])
    for number, need in enumerate(result.needs, start=1):
        sheet.append(
            [
                number,
                need.competency.code,
                need.competency.name,
                need.competency.get_kind_display(),
                need.target_level,
                need.people,
                round(need.avg_gap, 2),
                need.units_text,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
