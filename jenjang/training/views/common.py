from django.contrib import messages
from django.http import Http404

from jenjang.core.exceptions import ApplicationError, NotFound


def visible(fn, **kwargs):
    """Call a selector; a NotFound becomes the page's 404."""
    try:
        return fn(**kwargs)
    except NotFound:
        raise Http404 from None


def run(request, fn, success: str = "", **kwargs):
    """Call a service; report a broken rule as a message. Returns the result or None."""
    try:
        result = fn(**kwargs)
    except ApplicationError as exc:
        if exc.status == 403:
            raise Http404 from None
        messages.error(request, exc.message)
        return None
    if success:
        messages.success(request, success)
    return result
