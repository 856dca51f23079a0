"""Version key of a user's inbox (the unread count every page's bell shows)."""

from jenjang.core import versions


def inbox_key(user_id) -> str:
    return f"notifications:inbox:{user_id}"


def _note_changed(note) -> list[str]:
    return [inbox_key(note.user_id)]


def connect_signals() -> None:
    from jenjang.notifications.models import Notification

    versions.watch(Notification, _note_changed)
