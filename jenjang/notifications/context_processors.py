from django.utils.functional import SimpleLazyObject

from jenjang.notifications.selectors import unread_count


def inbox(request):
    """Expose the unread count lazily: counted only when a page shows the bell."""
    user = getattr(request, "user", None)
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user=user))}
