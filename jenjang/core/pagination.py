"""Keyset pagination over (name, id)-style orderings, for pages and the API."""

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from jenjang.core.exceptions import ApplicationError

MAX_PAGE_SIZE = 200
MAX_CURSOR_LENGTH = 1024
_MAX_ID = 2**63 - 1


def _bad_cursor() -> ApplicationError:
    return ApplicationError("bad_cursor", _("Kursor halaman tidak sah."))


def encode_cursor(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> list[Any]:
    """Return the values a cursor holds, or raise ApplicationError("bad_cursor")."""
    if len(cursor) > MAX_CURSOR_LENGTH:
        raise _bad_cursor()
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, TypeError, binascii.Error):
        raise _bad_cursor() from None
    if not isinstance(values, list):
        raise _bad_cursor()
    return values


def _check_key_values(values: list[Any]) -> None:
    """Refuse cursor values the database would choke on (a forged cursor is input)."""
    if len(values) != 2:
        raise _bad_cursor()
    key_value, tie_value = values
    if type(tie_value) is not int or not -_MAX_ID <= tie_value <= _MAX_ID:
        raise _bad_cursor()
    if isinstance(key_value, str):
        # PostgreSQL refuses NUL; SQLite refuses lone surrogates.
        if "\x00" in key_value:
            raise _bad_cursor()
        try:
            key_value.encode()
        except UnicodeEncodeError:
            raise _bad_cursor() from None
    elif type(key_value) is not int or not -_MAX_ID <= key_value <= _MAX_ID:
        raise _bad_cursor()


@dataclass
class KeysetPage:
    items: list[Any]
    next_cursor: str | None
    has_next: bool


def keyset_page(
    qs: QuerySet, *, order: tuple[str, str], cursor: str | None, size: int
) -> KeysetPage:
    """Return one page of `qs` ordered by `order` (a text key then the id), after `cursor`."""
    size = max(1, min(int(size), MAX_PAGE_SIZE))
    key, tie = order
    qs = qs.order_by(key, tie)
    if cursor:
        values = decode_cursor(cursor)
        _check_key_values(values)
        qs = qs.filter(
            Q(**{f"{key}__gt": values[0]})
            | Q(**{key: values[0], f"{tie}__gt": values[1]})
        )
    rows = list(qs[: size + 1])
    has_next = len(rows) > size
    rows = rows[:size]
    next_cursor = (
        encode_cursor([getattr(rows[-1], key), getattr(rows[-1], tie)])
        if has_next
        else None
    )
    return KeysetPage(items=rows, next_cursor=next_cursor, has_next=has_next)
