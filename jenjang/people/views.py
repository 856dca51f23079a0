"""Registry pages: the employee list, profiles, the edit form and the unit tree.

Views stay thin: they parse the request, call a selector or a service and
render. Scope comes from the selectors; an employee outside it is a 404.
"""

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from jenjang.accounts.decorators import perm_required
from jenjang.accounts.roles import has_perm
from jenjang.core.exceptions import ApplicationError, NotFound
from jenjang.core.pagination import MAX_PAGE_SIZE, keyset_page
from jenjang.people import selectors, services
from jenjang.people.forms import EmployeeFilterForm, EmployeeForm
from jenjang.people.models import OrgUnit, PersonalDataAccess
from jenjang.people.personal_data import json_default, personal_data_export
from jenjang.people.profile_links import profile_links

PAGE_SIZE = 50
# The list shows an exact total only up to this many rows, then "lebih dari N",
# so that no page counts a million-row table.
COUNT_CAP = 1000


def _employee_or_404(user, pk, perm: str | None = None):
    try:
        return selectors.employee_get_visible_to(user=user, pk=pk, perm=perm)
    except NotFound:
        raise Http404 from None


def _page_size(raw: str | None) -> int:
    try:
        return max(1, min(int(raw or PAGE_SIZE), MAX_PAGE_SIZE))
    except ValueError:
        return PAGE_SIZE


def _nip_for(user, employee) -> str:
    if selectors.can_see_nip(user=user, employee=employee):
        return employee.nip
    return selectors.mask_nip(employee.nip)


@perm_required("people.view")
def employee_list(request):
    """Search and filter the visible employees, one keyset page at a time."""
    user = request.user
    filters = EmployeeFilterForm(request.GET, user=user)
    filters.is_valid()  # bad filters are shown as errors and left out
    qs = selectors.employee_list_visible_to(user=user, **filters.selector_kwargs())
    size = _page_size(request.GET.get("size"))
    cursor_error = ""
    try:
        page = keyset_page(
            qs, order=("name", "id"), cursor=request.GET.get("cursor"), size=size
        )
    except ApplicationError as exc:
        cursor_error = exc.message
        page = keyset_page(qs, order=("name", "id"), cursor=None, size=size)
    found = qs.values("pk")[: COUNT_CAP + 1].count()
    query = filters.query_params()
    if request.GET.get("size"):
        query["size"] = size
    context = {
        "filters": filters,
        "rows": [(e, _nip_for(user, e)) for e in page.items],
        "page": page,
        "found": min(found, COUNT_CAP),
        "found_more": found > COUNT_CAP,
        "cursor_error": cursor_error,
        "is_first_page": not request.GET.get("cursor") or bool(cursor_error),
        "filter_query": urlencode(query),
        "next_query": urlencode(query | {"cursor": page.next_cursor})
        if page.has_next
        else "",
        "export_query": urlencode(filters.query_params()),
    }
    partial = request.headers.get("HX-Request") and not request.headers.get(
        "HX-History-Restore-Request"
    )
    template = "people/_employee_table.html" if partial else "people/employee_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _profile_context(user, employee) -> dict:
    show_personal = selectors.can_see_personal_data(user=user, employee=employee)
    if show_personal:
        services.personal_data_access_record(
            viewer=user, employee=employee, channel=PersonalDataAccess.Channel.PAGE
        )
    is_self = employee.user_id == user.pk
    supervisor = selectors.employee_supervisor(employee=employee)
    supervisor_visible = False
    if supervisor is not None:
        try:
            selectors.employee_get_visible_to(user=user, pk=supervisor.pk)
            supervisor_visible = True
        except NotFound:
            pass
    visible = selectors.employee_list_visible_to(user=user).values("pk")
    reports = selectors.employee_direct_reports(employee=employee).filter(
        pk__in=visible
    )
    return {
        "employee": employee,
        "nip": _nip_for(user, employee),
        "show_personal": show_personal,
        "is_self": is_self,
        "accesses": (
            selectors.personal_data_accesses(employee=employee, limit=20)
            if show_personal
            else ()
        ),
        "supervisor": supervisor,
        "supervisor_visible": supervisor_visible,
        "reports": [(e, _nip_for(user, e)) for e in reports.order_by("name", "id")],
        "ancestors": list(OrgUnit.objects.get_ancestors(employee.org_unit)),
        "history": selectors.employee_history(employee=employee),
        "can_edit": has_perm(user, "people.change"),
        "can_list": has_perm(user, "people.view"),
        "profile_links": profile_links(user, employee),
    }


@perm_required("people.view_self")
def employee_detail(request, pk):
    """Show one employee the user may see; anyone else's record is a 404."""
    employee = _employee_or_404(request.user, pk)
    return render(
        request, "people/employee_detail.html", _profile_context(request.user, employee)
    )


@perm_required("people.view_self")
def me(request):
    """Show the signed-in user's own record, or say that none is linked."""
    employee = selectors.employee_for_user(user=request.user)
    if employee is None:
        return render(request, "people/me_missing.html")
    return render(
        request, "people/employee_detail.html", _profile_context(request.user, employee)
    )


@perm_required("people.view_self")
def my_data(request):
    """Download everything Jenjang holds about me, as JSON (UU 27/2022)."""
    employee = selectors.employee_for_user(user=request.user)
    if employee is None:
        raise Http404
    body = json.dumps(
        personal_data_export(employee),
        default=json_default,
        ensure_ascii=False,
        indent=2,
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="data-saya-jenjang.json"'
    return response


@perm_required("people.change")
def employee_create(request):
    form = EmployeeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        employee = form.save(by=request.user)
        if employee is not None:
            messages.success(request, _("Data pegawai tersimpan."))
            return redirect("people:employee_detail", pk=employee.pk)
    return render(request, "people/employee_form.html", {"form": form})


@perm_required("people.change")
def employee_edit(request, pk):
    employee = _employee_or_404(request.user, pk, perm="people.change")
    form = EmployeeForm(request.POST or None, user=request.user, employee=employee)
    if request.method == "POST" and form.is_valid():
        saved = form.save(by=request.user)
        if saved is not None:
            messages.success(request, _("Data pegawai tersimpan."))
            return redirect("people:employee_detail", pk=saved.pk)
    return render(
        request, "people/employee_form.html", {"form": form, "employee": employee}
    )


@perm_required("people.view")
def unit_tree(request):
    """The visible org units as an indented tree with own and subtree headcounts."""
    units = selectors.org_unit_tree_with_headcounts(user=request.user)
    return render(request, "people/unit_tree.html", {"units": units})
