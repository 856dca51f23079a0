"""Small helpers shared by the events services."""

from django.utils.translation import gettext as _

from jenjang.core.exceptions import ApplicationError, PermissionDenied
from jenjang.events.models import Event
from jenjang.people.models import Employee
from jenjang.people.selectors import employee_for_user


def require_employee(user) -> Employee:
    """Return the user's employee record, or refuse: events need one."""
    employee = employee_for_user(user=user)
    if employee is None:
        raise ApplicationError(
            "no_employee_record",
            _("Akun Anda belum terhubung dengan data pegawai."),
            status=403,
        )
    return employee


def require_manager(user, event: Event) -> None:
    """Refuse unless the user manages the event (organiser scope)."""
    from jenjang.events.selectors import user_manages_event

    if not user_manages_event(user=user, event=event):
        raise PermissionDenied(_("Hanya penyelenggara kegiatan ini yang berwenang."))


def clean_text(value: str, *, field: str, max_length: int, required=True) -> str:
    text = (value or "").replace("\x00", "").strip()
    if required and not text:
        raise ApplicationError(
            "required", _("%(field)s wajib diisi.") % {"field": field}
        )
    if len(text) > max_length:
        raise ApplicationError(
            "too_long",
            _("%(field)s paling panjang %(n)d karakter.")
            % {"field": field, "n": max_length},
        )
    return text
