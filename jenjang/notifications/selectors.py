"""Read side of the inbox: every query is the signed-in user's own messages."""

from django.db.models import QuerySet

from jenjang.notifications.models import Notification


def notifications_of(*, user) -> QuerySet[Notification]:
    """Return the user's notifications, newest first."""
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def unread_count(*, user) -> int:
    """Return how many of the user's notifications are unread."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
