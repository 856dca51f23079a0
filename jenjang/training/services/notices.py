"""What the enrolment flows tell people, in the shared inbox and by e-mail.

Each message has a key per enrolment and step, so a retried request or job
never tells anyone twice.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from jenjang.notifications.services import notify
from jenjang.people.selectors import employee_supervisor
from jenjang.training.models import Batch, Enrolment

S = Enrolment.Status


def _batch_label(batch: Batch) -> str:
    return f"{batch.program.title} — {batch.name}"


def _tell_participant(enrolment: Enrolment, *, step: str, title: str) -> None:
    notify(
        user=enrolment.employee.user,
        title=title,
        body=_batch_label(enrolment.batch),
        url=reverse("training:mine"),
        key=f"training.enrolment:{enrolment.pk}:{step}",
        email=True,
    )


def request_submitted(enrolment: Enrolment) -> None:
    """Ask the participant's supervisor to decide on a self-registration."""
    supervisor = employee_supervisor(employee=enrolment.employee)
    if supervisor is None:
        return
    notify(
        user=supervisor.user,
        title=_("Permintaan pelatihan menunggu persetujuan Anda"),
        body=f"{enrolment.employee.full_name}: {_batch_label(enrolment.batch)}",
        url=reverse("training:approvals"),
        key=f"training.enrolment:{enrolment.pk}:requested",
        email=True,
    )


def request_decided(enrolment: Enrolment) -> None:
    """Tell the participant how their request was decided."""
    if enrolment.status == S.REJECTED:
        title = _("Permintaan pelatihan Anda ditolak")
    elif enrolment.status == S.WAITLISTED:
        title = _("Permintaan pelatihan Anda disetujui; Anda masuk daftar tunggu")
    else:
        title = _("Permintaan pelatihan Anda disetujui")
    _tell_participant(enrolment, step="decided", title=title)


def nominated(enrolment: Enrolment) -> None:
    """Tell someone they were assigned to a batch."""
    if enrolment.status == S.WAITLISTED:
        title = _("Anda ditugaskan mengikuti pelatihan (daftar tunggu)")
    else:
        title = _("Anda ditugaskan mengikuti pelatihan")
    _tell_participant(enrolment, step="nominated", title=title)


def seat_given(enrolment: Enrolment) -> None:
    """Tell a waitlisted participant that a seat became free for them."""
    _tell_participant(
        enrolment, step="seated", title=_("Kursi pelatihan tersedia untuk Anda")
    )
