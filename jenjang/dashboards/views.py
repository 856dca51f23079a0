"""Leaders' dashboards: filters, sections loaded one by one, exports."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path

from jenjang.accounts.decorators import perm_required
from jenjang.core.exceptions import ApplicationError, NotFound
from jenjang.dashboards import selectors as sel
from jenjang.dashboards.exports import sections_pdf, sections_xlsx
from jenjang.dashboards.permissions import VIEW
from jenjang.dashboards.sections import sections

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _context(request):
    try:
        return sel.dashboard_context(
            user=request.user,
            year=request.GET.get("year"),
            unit_id=request.GET.get("unit"),
        ), None
    except NotFound:
        raise Http404 from None
    except ApplicationError as exc:
        return sel.dashboard_context(user=request.user), exc.message


@perm_required(VIEW)
def index(request):
    ctx, error = _context(request)
    return render(
        request,
        "dashboards/index.html",
        {
            "ctx": ctx,
            "error": error,
            "sections": sections(),
            "units": sel.unit_choices(user=request.user),
            "query": request.GET.urlencode(),
        },
    )


@perm_required(VIEW)
def section(request, key: str):
    ctx, _error = _context(request)
    try:
        data = sel.section_data(key=key, ctx=ctx)
    except NotFound:
        raise Http404 from None
    return render(request, "dashboards/_section.html", {"data": data})


def _export_data(request, key: str):
    ctx, _error = _context(request)
    if key == "all":
        return ctx, sel.all_section_data(ctx=ctx)
    try:
        return ctx, [sel.section_data(key=key, ctx=ctx)]
    except NotFound:
        raise Http404 from None


@perm_required(VIEW)
def export_xlsx(request, key: str):
    ctx, data = _export_data(request, key)
    response = HttpResponse(sections_xlsx(data, ctx), content_type=XLSX_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="dasbor-{key}-{ctx.year}.xlsx"'
    )
    return response


@perm_required(VIEW)
def export_pdf(request, key: str):
    ctx, data = _export_data(request, key)
    response = HttpResponse(sections_pdf(data, ctx), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="dasbor-{key}-{ctx.year}.pdf"'
    )
    return response


app_name = "dashboards"
urlpatterns = [
    path("", index, name="index"),
    path("section/<slug:key>/", section, name="section"),
    path("export/<slug:key>.xlsx", export_xlsx, name="export_xlsx"),
    path("export/<slug:key>.pdf", export_pdf, name="export_pdf"),
]
