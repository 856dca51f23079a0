"""Write side of the inbox: send a notification, mark messages read."""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone

from jenjang.core import versions
from jenjang.notifications.models import Notification
from jenjang.notifications.versions import inbox_key


def notify(
    *,
    user,
    title: str,
    body: str = "",
    url: str = "",
    key: str = "",
    email: bool = False,
) -> Notification | None:
    """Put a message in `user`'s inbox, once per `key`; e-mail it when asked.

    Returns the notification, or None when there is nobody to tell (no user)
    or when the same `key` was already sent to this user. The e-mail goes out
    from a background job after the surrounding transaction commits.
    """
    if user is None:
        return None
    fields = {"title": title[:200], "body": body[:1000], "url": url[:300]}
    try:
        with transaction.atomic():
            note = Notification.objects.create(
                user=user, key=key[:200], email_requested=email, **fields
            )
    except IntegrityError:
        if not key:
            raise
        return None
    if email and user.email:
        from jenjang.notifications.tasks import send_notification_email

        transaction.on_commit(lambda: send_notification_email.enqueue(note.pk))
    return note


def notify_many(
    *,
    users: Iterable,
    title: str,
    body: str = "",
    url: str = "",
    key: str = "",
    email: bool = False,
) -> int:
    """Notify each user once (see `notify`); return how many were new."""
    sent = 0
    for user in users:
        if notify(user=user, title=title, body=body, url=url, key=key, email=email):
            sent += 1
    return sent


def notifications_mark_read(*, user, ids: Iterable[int] | None = None) -> int:
    """Mark the user's unread notifications read (all, or those in `ids`)."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    marked = unread.update(read_at=timezone.now())
    versions.bump([inbox_key(user.pk)])
    return marked


def notification_email_send(*, notification_id: int) -> bool:
    """Send one notification's e-mail if it is still due; return whether sent.

    Claims the row first (emailed_at set in one UPDATE) so two workers, or a
    retried job, never send the same message twice.
    """
    from django.conf import settings
    from django.core.mail import send_mail

    now = timezone.now()
    claimed = Notification.objects.filter(
        pk=notification_id, email_requested=True, emailed_at__isnull=True
    ).update(emailed_at=now)
    if not claimed:
        return False
    note = Notification.objects.select_related("user").get(pk=notification_id)
    if not note.user.email:
        return False
    body = note.body
    if note.url:
        base = getattr(settings, "JENJANG_PUBLIC_URL", "").rstrip("/")
        body = f"{body}\n\n{base}{note.url}".strip()
    try:
        send_mail(note.title, body, settings.DEFAULT_FROM_EMAIL, [note.user.email])
    except Exception:
        # Give the message back so a retry can send it.
        Notification.objects.filter(pk=notification_id).update(emailed_at=None)
        raise
    return True
