"""Gap analysis pages: unit heat map, people of a unit, agencies, training needs."""

from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from jenjang.accounts.decorators import perm_required
from jenjang.competencies import selectors
from jenjang.competencies.exports import training_needs_xlsx
from jenjang.competencies.forms import KindFilterForm, TrainingNeedsForm
from jenjang.competencies.views.common import XLSX_TYPE, int_or_none, or_404
from jenjang.core.exceptions import ApplicationError
from jenjang.core.pagination import keyset_page
from jenjang.people import selectors as people
from jenjang.people.models import OrgUnit

PAGE_SIZE = 50


def _unit(request, name: str = "unit") -> OrgUnit | None:
    unit_id = int_or_none(request.GET.get(name))
    if not unit_id:
        return None
    return or_404(people.org_unit_get_visible_to, user=request.user, pk=unit_id)


@perm_required("competencies.view")
def unit_heatmap(request):
    """Competencies × units, coloured by average gap; a unit opens its children."""
    unit = _unit(request)
    filters = KindFilterForm(request.GET)
    heatmap = selectors.unit_heatmap(
        user=request.user, unit=unit, competency_kind=filters.kind_value
    )
    if unit is None and len(heatmap.rows) == 1 and heatmap.rows[0].drillable:
        # One unit at the top (a regency, a department): open it straight away.
        unit = heatmap.rows[0].unit
        heatmap = selectors.unit_heatmap(
            user=request.user, unit=unit, competency_kind=filters.kind_value
        )
    ancestors = []
    if unit is not None:
        visible = set(
            people.org_unit_list_visible_to(user=request.user).values_list(
                "pk", flat=True
            )
        )
        ancestors = [(a, a.pk in visible) for a in OrgUnit.objects.get_ancestors(unit)]
    return render(
        request,
        "competencies/unit_heatmap.html",
        {
            "heatmap": heatmap,
            "unit": unit,
            "ancestors": ancestors,
            "filters": filters,
            "kind": filters.kind_value,
            "keep_unit": {"unit": unit.pk} if unit else {},
        },
    )


@perm_required("competencies.view")
def unit_people(request, pk):
    """The people of a unit's subtree with their gap counts, a page at a time."""
    unit = or_404(people.org_unit_get_visible_to, user=request.user, pk=pk)
    qs = people.employee_list_visible_to(user=request.user, unit=unit)
    try:
        page = keyset_page(
            qs, order=("name", "id"), cursor=request.GET.get("cursor"), size=PAGE_SIZE
        )
    except ApplicationError:
        page = keyset_page(qs, order=("name", "id"), cursor=None, size=PAGE_SIZE)
    counts = selectors.gap_counts_for(qs.filter(pk__in=[e.pk for e in page.items]))
    return render(
        request,
        "competencies/unit_people.html",
        {
            "unit": unit,
            "rows": [(e, counts.get(e.pk)) for e in page.items],
            "page": page,
            "next_query": urlencode({"cursor": page.next_cursor})
            if page.has_next
            else "",
        },
    )


@perm_required("competencies.view")
def agency_summary(request):
    filters = KindFilterForm(request.GET)
    summary = selectors.agency_summary(
        user=request.user, competency_kind=filters.kind_value
    )
    return render(
        request,
        "competencies/agency_summary.html",
        {"summary": summary, "filters": filters},
    )


def _needs(request):
    agencies = people.agency_list_visible_to(user=request.user).order_by("name")
    form = TrainingNeedsForm(request.GET, agencies=agencies)
    form.is_valid()  # bad filters are shown as errors and left out
    unit = _unit(request)
    agency = form.cleaned_data.get("agency") if hasattr(form, "cleaned_data") else None
    if agency is None and unit is not None:
        agency = unit.agency
    if agency is None and len(agencies) == 1:
        agency = agencies[0]
    result = selectors.training_needs(
        user=request.user,
        agency=agency,
        unit=unit,
        competency_kind=form.kind_value,
    )
    return form, result


@perm_required("competencies.view")
def training_needs(request):
    """Analisis kebutuhan pengembangan kompetensi, with the XLSX export."""
    form, result = _needs(request)
    return render(
        request,
        "competencies/training_needs.html",
        {
            "form": form,
            "result": result,
            "year": form.year_value,
            "export_query": request.GET.urlencode(),
        },
    )


@perm_required("competencies.view")
def training_needs_export(request):
    form, result = _needs(request)
    user = request.user
    body = training_needs_xlsx(
        result,
        year=form.year_value,
        prepared_by=user.get_full_name() or user.username,
    )
    response = HttpResponse(body, content_type=XLSX_TYPE)
    filename = f"analisis-kebutuhan-kompetensi-{form.year_value}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
