"""Dashboard exports: XLSX (one sheet per table, figures first) and PDF."""

import io

from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.styles import Font

from jenjang.dashboards.sections import Context, SectionData


def _cell(value):
    if value is None:
        return ""
    try:
        from decimal import Decimal

        if isinstance(value, Decimal):
            return float(value)
    except ImportError:  # pragma: no cover
        pass
    return value


def sections_xlsx(data: list[SectionData], ctx: Context) -> bytes:
    book = Workbook()
    summary = book.active
    summary.title = "Ringkasan"
    summary.append(["Tahun", ctx.year])
    summary.append(["Unit", ctx.unit.name if ctx.unit else "Semua"])
    for section in data:
        summary.append([])
        summary.append([section.title])
        summary.cell(row=summary.max_row, column=1).font = Font(bold=True)
        for figure in section.figures:
            summary.append([str(figure.label), _cell(figure.value), figure.unit])
        for table in section.tables:
            sheet = book.create_sheet(f"{section.key[:14]}-{table.key[:14]}")
            sheet.append([table.title])
            sheet.append(table.columns)
            for cell in sheet[2]:
                cell.font = Font(bold=True)
            for row in table.rows:
                sheet.append([_cell(v) for v in row])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def sections_pdf(data: list[SectionData], ctx: Context) -> bytes:
    from weasyprint import HTML

    html = render_to_string("dashboards/pdf.html", {"sections": data, "ctx": ctx})
    return HTML(string=html).write_pdf()
