"""The competency dictionary: list, detail, create and edit (with levels)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jenjang.accounts.decorators import perm_required
from jenjang.accounts.roles import has_perm
from jenjang.competencies import selectors, services
from jenjang.competencies.forms import CompetencyForm, KindFilterForm, level_forms
from jenjang.competencies.models import Competency
from jenjang.competencies.seed import VERIFY_NOTE
from jenjang.competencies.views.common import or_404
from jenjang.core.exceptions import ApplicationError


@perm_required("competencies.view_own")
def competency_list(request):
    """The dictionary grouped by kind; inactive entries only for managers."""
    can_manage = has_perm(request.user, "competencies.manage")
    filters = KindFilterForm(request.GET)
    search = (request.GET.get("q") or "").strip()[:100]
    competencies = selectors.competency_list(
        kind=filters.kind_value,
        search=search,
        include_inactive=can_manage,
        with_levels=True,
    )
    groups: dict[str, list[Competency]] = {}
    for competency in competencies:
        groups.setdefault(competency.get_kind_display(), []).append(competency)
    return render(
        request,
        "competencies/competency_list.html",
        {
            "groups": groups,
            "filters": filters,
            "search": search,
            "can_manage": can_manage,
            "verify_note": VERIFY_NOTE,
        },
    )


@perm_required("competencies.view_own")
def competency_detail(request, pk):
    competency = or_404(selectors.competency_get, pk=pk)
    return render(
        request,
        "competencies/competency_detail.html",
        {
            "competency": competency,
            "levels": list(competency.levels.all()),
            "can_manage": has_perm(request.user, "competencies.manage"),
            "verify_note": VERIFY_NOTE,
        },
    )


def _level_values(forms) -> dict[int, dict[str, str]]:
    return {number: form.cleaned_data for number, form in forms}


def _save(request, competency: Competency | None):
    form = CompetencyForm(request.POST or None, competency=competency)
    levels = level_forms(competency, request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid() and all(f.is_valid() for _n, f in levels):
            try:
                saved = services.competency_define(
                    by=request.user,
                    competency=competency,
                    fields=form.cleaned_data,
                    levels=_level_values(levels),
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Kompetensi tersimpan."))
                return redirect("competencies:competency_detail", pk=saved.pk)
        status = 400
    return render(
        request,
        "competencies/competency_form.html",
        {"form": form, "levels": levels, "competency": competency},
        status=status,
    )


@perm_required("competencies.manage")
def competency_create(request):
    return _save(request, None)


@perm_required("competencies.manage")
def competency_edit(request, pk):
    return _save(request, or_404(selectors.competency_get, pk=pk))
