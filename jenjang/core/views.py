from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render

from jenjang.accounts.roles import has_perm
from jenjang.core.home import render_home_panels


@login_required
def home(request):
    """Land each role on a page with something to do."""
    if has_perm(request.user, "people.view"):
        return redirect("people:employee_list")
    return render(request, "core/home.html", {"panels": render_home_panels(request)})


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
