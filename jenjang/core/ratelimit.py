"""Fixed-window rate limits on public endpoints, counted in the shared cache.

Used where anonymous visitors can hammer a lookup: certificate verification,
the public survey. In production the cache is Redis (JENJANG_CACHE_URL), so
every web process counts together; in development it is per process.
"""

import contextlib
import ipaddress
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from jenjang.core.exceptions import ApplicationError


def forwarded_client_ip(request: HttpRequest) -> str | None:
    """Return the client's address, read through JENJANG_PROXY_COUNT trusted proxies.

    Each trusted proxy appends the address it saw to X-Forwarded-For, so the
    client is the entry that many places from the right; anything further
    left was written by the client and is not trusted. Without proxies, or
    with a header too short or malformed, the answer is REMOTE_ADDR.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = getattr(settings, "JENJANG_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    hops = [
        hop.strip()
        for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if hop.strip()
    ]
    if len(hops) < count:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-count]))
    except ValueError:
        return remote


def client_ip(request: HttpRequest) -> str:
    """The client's address, through the trusted proxy when configured (axes' rule)."""
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or request.META.get("REMOTE_ADDR", "") or "-"


def _bucket(key: str, window: int, now: float | None) -> str:
    slot = int((time.time() if now is None else now) // window)
    return f"ratelimit:{key}:{slot}"


def hit(key: str, *, limit: int, window: int, now: float | None = None) -> bool:
    """Count one request for `key`; return True when it is over `limit` per `window` s."""
    bucket = _bucket(key, window, now)
    if cache.add(bucket, 1, timeout=window + 1):
        return limit < 1
    try:
        count = cache.incr(bucket)
    except ValueError:  # expired between add and incr
        cache.set(bucket, 1, timeout=window + 1)
        count = 1
    return count > limit


def refund(key: str, *, window: int, now: float | None = None) -> None:
    """Take one count back from `key`'s current window (a request that cost nothing)."""
    with contextlib.suppress(ValueError):
        cache.decr(_bucket(key, window, now))


def too_many_requests() -> ApplicationError:
    return ApplicationError(
        "rate_limited",
        _("Terlalu banyak permintaan. Coba lagi sebentar lagi."),
        status=429,
    )


def check_rate(request: HttpRequest, scope: str, *, limit: int, window: int) -> None:
    """Raise a 429 ApplicationError when this client is over the limit (API handlers)."""
    if hit(f"{scope}:{client_ip(request)}", limit=limit, window=window):
        raise too_many_requests()


def rate_limited(scope: str, *, limit: int, window: int) -> Callable:
    """Decorate a page view: over the limit, answer 429 with a plain page."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if hit(f"{scope}:{client_ip(request)}", limit=limit, window=window):
                response = render(
                    request,
                    "429.html",
                    {"message": too_many_requests().message},
                    status=429,
                )
                response["Retry-After"] = str(window)
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
