"""Background jobs of the inbox. Thin: call a service."""

from django_tasks import task

from jenjang.notifications.services import notification_email_send


@task()
def send_notification_email(notification_id: int) -> bool:
    """Send one notification's e-mail (at most once, whatever the retries)."""
    return notification_email_send(notification_id=notification_id)
