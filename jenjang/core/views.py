import sys

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from jenjang.accounts.roles import has_perm
from jenjang.core.exceptions import DATABASE_DOWN, database_unavailable_body
from jenjang.core.home import render_home_panels


@login_required
def home(request):
    """Land each role on a page with something to do."""
    if has_perm(request.user, "people.view"):
        return redirect("people:employee_list")
    return render(request, "core/home.html", {"panels": render_home_panels(request)})


def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DATABASE_DOWN:
        return JsonResponse({"status": "database_unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@requires_csrf_token
def server_error(request):
    """handler500: a 503 page (or the API's error shape) when the database is down.

    Django calls it from inside the exception handler, so the exception is
    still in sys.exc_info(). The pages are rendered without a request
    context: context processors would query the database again.
    """
    exc = sys.exc_info()[1]
    if isinstance(exc, DATABASE_DOWN):
        if request.path.startswith("/api/"):
            response = JsonResponse(database_unavailable_body(), status=503)
        else:
            response = HttpResponseServerError(
                loader.get_template("503.html").render(), status=503
            )
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
