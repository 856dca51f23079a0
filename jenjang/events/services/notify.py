"""In-app notifications (the shared inbox, jenjang.notifications) and e-mail."""

from django.conf import settings
from django.core.mail import send_mail

from jenjang.events.models import Event, Registration
from jenjang.notifications.services import notify as inbox_notify


def notify(*, user, title: str, body: str = "", url: str = "", key: str = "") -> None:
    """Put a message in the user's inbox (once per `key` when one is given)."""
    inbox_notify(user=user, title=title, body=body, url=url, key=key)


def notify_registration(reg: Registration, *, title: str, body: str = "") -> None:
    from django.urls import reverse

    notify(
        user=reg.employee.user,
        title=title,
        body=body,
        url=reverse("events:detail", args=[reg.event_id]),
    )


def notify_registrants(*, event: Event, title: str) -> None:
    regs = Registration.objects.filter(
        event=event,
        status__in=(
            Registration.Status.REGISTERED,
            Registration.Status.WAITLISTED,
            Registration.Status.PENDING_APPROVAL,
        ),
    ).select_related("employee__user", "event")
    for reg in regs:
        notify_registration(reg, title=title)


def email(*, to: str, subject: str, body: str) -> bool:
    """Send one e-mail; return whether there was an address to send to."""
    if not to:
        return False
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)
    return True
