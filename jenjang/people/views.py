"""Registry pages. (Stubs — being built.)"""

from django.http import HttpResponse

from jenjang.accounts.decorators import perm_required


@perm_required("people.view")
def employee_list(request):
    return HttpResponse("TODO")


employee_create = employee_detail = employee_edit = me = unit_tree = employee_list
