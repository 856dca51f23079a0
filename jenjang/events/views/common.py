"""Helpers shared by the events pages."""

from functools import wraps

from django.contrib import messages
from django.shortcuts import redirect

from jenjang.core.exceptions import ApplicationError, NotFound


def app_errors_to_messages(view):
    """Turn a refused rule into a message on the page it came from."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise
        except ApplicationError as exc:
            if exc.status == 403 and exc.code == "forbidden":
                from django.core.exceptions import PermissionDenied

                raise PermissionDenied from None
            messages.error(request, exc.message)
            return redirect(request.META.get("HTTP_REFERER") or "events:list")

    return wrapped


def not_found_as_404(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        from django.http import Http404

        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404 from None

    return wrapped
