"""Job standards: defaults per position kind, and each position's own standard."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jenjang.accounts.decorators import perm_required
from jenjang.accounts.roles import has_perm
from jenjang.competencies import selectors, services
from jenjang.competencies.models import MAX_LEVEL, MIN_LEVEL, Competency
from jenjang.competencies.seed import DEFAULTS_NOTE
from jenjang.competencies.views.common import int_or_none, or_404
from jenjang.core.exceptions import ApplicationError
from jenjang.core.pagination import keyset_page
from jenjang.people import selectors as people

PAGE_SIZE = 50
LEVELS = list(range(MIN_LEVEL, MAX_LEVEL + 1))


def _level_input(raw) -> int | None | str:
    """Return a level, None for "no level", or "bad" for anything else."""
    if raw in (None, ""):
        return None
    value = int_or_none(raw)
    return value if value in LEVELS else "bad"


def _default_field(kind: str, functional_level: str, competency_id: int) -> str:
    return f"d-{kind}-{functional_level}-{competency_id}"


@perm_required("competencies.view")
def standard_defaults(request):
    """The default level of each competency per position kind; editable by managers."""
    can_manage = has_perm(request.user, "competencies.manage")
    status = 200
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        matrix = selectors.standard_defaults_matrix()
        changes, bad = [], False
        for group in matrix.groups:
            for competency in matrix.competencies:
                name = _default_field(
                    group.position_kind, group.functional_level, competency.pk
                )
                if name not in request.POST:
                    continue
                level = _level_input(request.POST[name])
                if level == "bad":
                    bad = True
                    continue
                changes.append(
                    (group.position_kind, group.functional_level, competency, level)
                )
        if bad:
            messages.error(request, _("Level harus 1 sampai 5 atau kosong."))
            status = 400
        else:
            try:
                changed = services.standard_defaults_update(
                    changes=changes, by=request.user
                )
            except ApplicationError as exc:
                messages.error(request, exc.message)
                status = 400
            else:
                messages.success(
                    request, _("%(n)s standar bawaan diubah.") % {"n": changed}
                )
                return redirect("competencies:standard_defaults")
    matrix = selectors.standard_defaults_matrix()
    rows = [
        (
            group,
            [
                (
                    competency,
                    level,
                    _default_field(
                        group.position_kind, group.functional_level, competency.pk
                    ),
                )
                for competency, level in cells
            ],
        )
        for group, cells in matrix.rows()
    ]
    return render(
        request,
        "competencies/standard_defaults.html",
        {
            "matrix": matrix,
            "rows": rows,
            "levels": LEVELS,
            "can_manage": can_manage,
            "defaults_note": DEFAULTS_NOTE,
        },
        status=status,
    )


@perm_required("competencies.view")
def position_list(request):
    """The positions the user may see, to open their standard."""
    search = (request.GET.get("q") or "").strip()[:100]
    unit = None
    unit_id = int_or_none(request.GET.get("unit"))
    if unit_id:
        unit = or_404(people.org_unit_get_visible_to, user=request.user, pk=unit_id)
    qs = selectors.position_list_for_standards(
        user=request.user, unit=unit, search=search
    )
    try:
        page = keyset_page(
            qs,
            order=("title", "id"),
            cursor=request.GET.get("cursor"),
            size=PAGE_SIZE,
        )
    except ApplicationError:
        page = keyset_page(qs, order=("title", "id"), cursor=None, size=PAGE_SIZE)
    query = {k: v for k, v in (("q", search), ("unit", unit_id or "")) if v}
    return render(
        request,
        "competencies/position_list.html",
        {
            "page": page,
            "search": search,
            "unit": unit,
            "next_query": urlencode(query | {"cursor": page.next_cursor})
            if page.has_next
            else "",
        },
    )


def _standard_field(competency_id: int) -> str:
    return f"c-{competency_id}"


@perm_required("competencies.view")
def position_standard(request, pk):
    """One position's standard: what applies and from where; managers override."""
    user = request.user
    position = or_404(selectors.position_for_standards, user=user, pk=pk)
    can_manage = has_perm(user, "competencies.manage") and (
        selectors.position_list_for_standards(user=user, perm="competencies.manage")
        .filter(pk=position.pk)
        .exists()
    )
    status = 200
    if request.method == "POST":
        if not has_perm(user, "competencies.manage"):
            raise PermissionDenied
        position = or_404(
            selectors.position_for_standards,
            user=user,
            pk=pk,
            perm="competencies.manage",
        )
        status = _save_position_standard(request, position)
        if status == 302:
            return redirect("competencies:position_standard", pk=position.pk)
    rows = selectors.position_standard_rows(position)
    shown = {row.competency.pk for row in rows}
    others = selectors.competency_list().exclude(pk__in=shown) if can_manage else []
    return render(
        request,
        "competencies/position_standard.html",
        {
            "position": position,
            "rows": [(row, _standard_field(row.competency.pk)) for row in rows],
            "others": others,
            "levels": LEVELS,
            "can_manage": can_manage,
            "defaults_note": DEFAULTS_NOTE,
        },
        status=status,
    )


def _save_position_standard(request, position) -> int:
    competencies = {c.pk: c for c in selectors.competency_list(include_inactive=True)}
    levels: dict[Competency, int | None] = {}
    for name, raw in request.POST.items():
        if not name.startswith("c-"):
            continue
        competency = competencies.get(int_or_none(name[2:]) or 0)
        level = _level_input(raw)
        if competency is None or level == "bad":
            messages.error(request, _("Level harus 1 sampai 5 atau kosong."))
            return 400
        levels[competency] = level
    add = competencies.get(int_or_none(request.POST.get("add_competency")) or 0)
    if add is not None:
        level = _level_input(request.POST.get("add_level"))
        if level in (None, "bad"):
            messages.error(
                request, _("Pilih level 1 sampai 5 untuk kompetensi tambahan.")
            )
            return 400
        levels[add] = level
    try:
        changed = services.position_standards_update(
            position=position, levels=levels, by=request.user
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return 400
    messages.success(request, _("%(n)s standar jabatan diubah.") % {"n": changed})
    return 302
