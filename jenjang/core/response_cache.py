"""Whole answers of the busiest read pages, kept in the shared cache.

A learner opens the e-learning home many times a day and an HR system pages
through the employee list; both answers change only when their data does.
Such a page names the version keys (jenjang.core.versions) its data depends
on; its answer is kept for the caller under one key and served again while
those versions stand. A hit costs one cache round trip (the versions and
the entry in one read) and no query.

The entry key holds everything else the answer depends on: the page and its
query string, the user, the roles in force and the grants behind them, the
second factor, the language, the CSRF secret the page's forms carry (from
the caller's cookie) and the date (for "overdue"). Not kept: answers other
than 200, answers that set a cookie, that used a CSP nonce or that showed
a flash message (pages with pending messages are not served from the cache
either, so the message is shown). Entries expire after TTL seconds, so a
write that bypasses the versions shows within that time.
"""

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

from jenjang.core import versions

TTL = 600
HIT_HEADER = "X-Jenjang-Cache"
_SKIPPED_HEADERS = {"set-cookie", "vary", "cache-control", HIT_HEADER.lower()}


@dataclass
class Slot:
    key: str
    versions: tuple


def _caller(request: HttpRequest) -> str:
    from jenjang.accounts.roles import active_roles, user_grants

    user = getattr(request, "auth", None) or request.user
    verified = getattr(user, "is_verified", lambda: False)()
    grants = sorted(tuple(str(v) for v in g) for g in user_grants(user))
    return f"{user.pk}|{','.join(active_roles(user))}|{grants}|{verified}"


def _entry_key(request: HttpRequest, name: str) -> str:
    csrf = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    parts = [
        request.get_full_path(),
        _caller(request),
        get_language() or "",
        csrf,
        timezone.localdate().isoformat(),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:40]
    return f"response:{name}:{digest}"


def _has_pending_messages(request: HttpRequest) -> bool:
    storage = getattr(request, "_messages", None)  # set by MessageMiddleware
    return storage is not None and len(storage) > 0


def lookup(
    request: HttpRequest, name: str, version_keys: Iterable[str]
) -> tuple[HttpResponse | None, Slot | None]:
    """Return (the cached answer, None) on a hit, else (None, the slot to store in).

    (None, None) when the request must not use the cache at all.
    """
    if request.method not in ("GET", "HEAD") or _has_pending_messages(request):
        return None, None
    keys = [versions.EPOCH, *version_keys]
    key = _entry_key(request, name)
    found = cache.get_many([*keys, key])
    versions.start_missing(found, keys)
    current = tuple(int(found.get(k, 0)) for k in keys)
    entry = found.get(key)
    if entry is not None and entry["versions"] == current:
        response = HttpResponse(entry["body"], status=200)
        for header, value in entry["headers"]:
            response.headers[header] = value
        response[HIT_HEADER] = "hit"
        _private(response)
        return response, None
    return None, Slot(key, current)


def store(request: HttpRequest, slot: Slot | None, response: HttpResponse):
    """Keep the answer in the slot when it may be served again; return it."""
    if slot is None:
        return response
    keep = (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and getattr(request, "_csp_nonce", None) is None
        and not _has_pending_messages(request)
    )
    if keep:
        headers = [
            (h, v) for h, v in response.items() if h.lower() not in _SKIPPED_HEADERS
        ]
        entry = {
            "versions": slot.versions,
            "body": response.content,
            "headers": headers,
        }
        cache.set(slot.key, entry, TTL)
    response[HIT_HEADER] = "miss"
    _private(response)
    return response


def _private(response: HttpResponse) -> None:
    patch_cache_control(response, private=True)
    patch_vary_headers(response, ("Cookie", "Authorization", "Accept-Language"))


def cached_page(name: str, version_keys: Callable[..., Iterable[str]]):
    """Serve a signed-in GET page from the cache while `version_keys(request)` stand."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            hit, slot = lookup(request, name, version_keys(request, *args, **kwargs))
            if hit is not None:
                return hit
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            return store(request, slot, response)

        return wrapper

    return decorator
