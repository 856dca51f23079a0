"""Notifications API: the signed-in user's own inbox."""

import datetime as dt

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from jenjang.core.api import AUTH, error_responses
from jenjang.notifications import selectors, services

router = Router(tags=["notifications"], auth=AUTH)


class NotificationOut(Schema):
    id: int
    title: str
    body: str
    url: str
    created_at: dt.datetime
    read: bool


def notification_out(note) -> NotificationOut:
    return NotificationOut(
        id=note.pk,
        title=note.title,
        body=note.body,
        url=note.url,
        created_at=note.created_at,
        read=note.read_at is not None,
    )


class InboxOut(Schema):
    unread: int
    items: list[NotificationOut]


class MarkReadIn(Schema):
    ids: list[int] | None = Field(
        default=None, max_length=1000, description="Kosong: tandai semua dibaca."
    )


class MarkReadOut(Schema):
    marked: int


@router.get(
    "/notifications",
    response={200: InboxOut, **error_responses(401)},
    summary="Kotak masuk notifikasi saya",
)
def inbox(
    request: HttpRequest,
    unread_only: bool = False,
    limit: int = Query(50, ge=1, le=200),
):
    items = selectors.notifications_of(user=request.auth)
    if unread_only:
        items = items.filter(read_at__isnull=True)
    return InboxOut(
        unread=selectors.unread_count(user=request.auth),
        items=[notification_out(n) for n in items[:limit]],
    )


@router.post(
    "/notifications/read",
    response={200: MarkReadOut, **error_responses(401, 422)},
    summary="Tandai notifikasi dibaca",
)
def mark_read(request: HttpRequest, payload: MarkReadIn):
    marked = services.notifications_mark_read(user=request.auth, ids=payload.ids)
    return MarkReadOut(marked=marked)
