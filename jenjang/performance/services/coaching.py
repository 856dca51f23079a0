"""Coaching sessions tied to the employee's performance feedback.

The supervisor coaches a member of their team in the mentoring area (Peraturan
LAN 10/2018: coaching is a nonklasikal development form); what a coaching
conversation concludes about the SKP is recorded here as umpan balik
(PermenPANRB 6/2022 Pasal 5). Performance reads the sessions through
mentoring's selectors; mentoring shows the link through its session-link
registry (`jenjang.mentoring.links`), never by importing this area.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jenjang.core.audit import acting_as
from jenjang.core.exceptions import ApplicationError, NotFound
from jenjang.mentoring.selectors import coaching_session_get
from jenjang.performance.models import CoachingLink, Feedback, Period, Skp
from jenjang.performance.services.common import require_evaluator


def coaching_window(skp: Skp, period: Period | None) -> tuple[dt.date, dt.date]:
    """The dates a session must fall in: the period, else the performance year."""
    if period is not None:
        return period.start, period.end
    year = skp.performance_year.year
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def coaching_session_check(*, skp: Skp, session_id, period: Period | None, by):
    """Return the coaching session that may be tied to feedback of this SKP.

    Only the employee's pejabat penilai kinerja links, and only their own held
    coaching sessions with this employee, inside the feedback's period (or the
    performance year when the feedback has none), not yet tied elsewhere.
    """
    require_evaluator(by, skp)
    try:
        session = coaching_session_get(
            pk=session_id, coach_id=skp.evaluator_id, member_id=skp.employee_id
        )
    except NotFound:
        raise ApplicationError(
            "coaching_session_unknown",
            _(
                "Sesi coaching tidak ditemukan: hanya sesi coaching Anda yang "
                "terlaksana dengan pegawai ini yang dapat ditautkan."
            ),
            status=404,
        ) from None
    start, end = coaching_window(skp, period)
    if not start <= session.held_on <= end:
        raise ApplicationError(
            "coaching_session_outside",
            _("Sesi coaching tanggal %(date)s berada di luar %(window)s.")
            % {
                "date": date_format(session.held_on, "j M Y"),
                "window": str(period) if period else _("tahun kinerja SKP"),
            },
        )
    if CoachingLink.objects.filter(session_id=session.pk).exists():
        raise _already_linked()
    return session


def _already_linked() -> ApplicationError:
    return ApplicationError(
        "coaching_session_linked",
        _("Sesi coaching ini sudah ditautkan ke umpan balik."),
        status=409,
    )


def coaching_link_save(*, feedback: Feedback, session, by) -> CoachingLink:
    """Write the link (inside the caller's transaction), audited as `by`."""
    try:
        with acting_as(by), transaction.atomic():
            return CoachingLink.objects.create(
                feedback=feedback, session=session, linked_by=by
            )
    except IntegrityError:  # linked at the same moment by another request
        raise _already_linked() from None


def coaching_link_create(*, feedback: Feedback, session_id, by) -> CoachingLink:
    """Tie a held coaching session to an existing feedback entry."""
    skp = feedback.skp
    session = coaching_session_check(
        skp=skp, session_id=session_id, period=feedback.period, by=by
    )
    return coaching_link_save(feedback=feedback, session=session, by=by)


def coaching_link_delete(*, link: CoachingLink, by) -> None:
    """Untie a coaching session from its feedback entry (the evaluator only)."""
    require_evaluator(by, link.feedback.skp)
    with acting_as(by), transaction.atomic():
        link.delete()
