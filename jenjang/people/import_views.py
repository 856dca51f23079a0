"""Import and export pages. (Stubs — being built.)"""

from django.http import HttpResponse

from jenjang.accounts.decorators import perm_required


@perm_required("people.import")
def import_upload(request, *args, **kwargs):
    return HttpResponse("TODO")


employee_export = import_template = import_detail = import_progress = import_confirm = (
    import_upload
)
