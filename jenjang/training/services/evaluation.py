"""Satisfaction surveys (batch and trainers) and the impact follow-up."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.core.audit import acting_as
from jenjang.core.exceptions import ApplicationError, PermissionDenied
from jenjang.people.selectors import employee_for_user, employee_supervisor
from jenjang.training.models import (
    BatchSurvey,
    Enrolment,
    ImpactResponse,
    TrainerRating,
)

S = Enrolment.Status


def _rating(value, label: str) -> int:
    try:
        value = int(value)
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= 5:
        raise ApplicationError(
            "bad_rating", _("%(label)s harus antara 1 dan 5.") % {"label": label}
        )
    return value


def survey_submit(
    *, enrolment: Enrolment, by, rating, comment: str = "", trainer_ratings=None
) -> BatchSurvey:
    """The participant rates the batch and each trainer, once, after it ends."""
    if enrolment.employee.user_id != getattr(by, "pk", None):
        raise PermissionDenied()
    if enrolment.status not in (S.ATTENDED, S.PASSED, S.FAILED):
        raise ApplicationError(
            "not_finished", _("Survei diisi setelah mengikuti pelatihan.")
        )
    rating = _rating(rating, _("Nilai kepuasan"))
    trainers = {
        t.pk
        for s in enrolment.batch.sessions.prefetch_related("trainers")
        for t in s.trainers.all()
    }
    ratings = {}
    for trainer_id, value in (trainer_ratings or {}).items():
        if int(trainer_id) not in trainers:
            raise ApplicationError("bad_trainer", _("Pengajar tidak dikenal."))
        ratings[int(trainer_id)] = _rating(value, _("Nilai pengajar"))
    try:
        with acting_as(by), transaction.atomic():
            survey = BatchSurvey.objects.create(
                enrolment=enrolment, rating=rating, comment=(comment or "")[:2000]
            )
            TrainerRating.objects.bulk_create(
                TrainerRating(enrolment=enrolment, trainer_id=t, rating=r)
                for t, r in ratings.items()
            )
    except IntegrityError:
        raise ApplicationError("already_submitted", _("Survei sudah diisi.")) from None
    return survey


def impact_submit(
    *, enrolment: Enrolment, by, applied, improved, comment: str = "", today=None
) -> ImpactResponse:
    """The participant or their supervisor answers the impact questionnaire once.

    It opens `impact_months` after the batch ends (default three months).
    """
    from jenjang.training.selectors import impact_due_date

    today = today or timezone.localdate()
    me = employee_for_user(user=by)
    if me is None:
        raise PermissionDenied()
    if enrolment.employee_id == me.pk:
        respondent = ImpactResponse.Respondent.PARTICIPANT
    else:
        boss = employee_supervisor(employee=enrolment.employee)
        if boss is None or boss.pk != me.pk:
            raise PermissionDenied()
        respondent = ImpactResponse.Respondent.SUPERVISOR
    if enrolment.status != S.PASSED:
        raise ApplicationError("not_passed", _("Hanya untuk peserta yang lulus."))
    if impact_due_date(enrolment.batch) > today:
        raise ApplicationError(
            "not_due",
            _("Kuesioner dampak dibuka mulai %(date)s.")
            % {"date": impact_due_date(enrolment.batch).strftime("%d-%m-%Y")},
        )
    try:
        with acting_as(by), transaction.atomic():
            return ImpactResponse.objects.create(
                enrolment=enrolment,
                respondent=respondent,
                respondent_employee=me,
                applied=_rating(applied, _("Penerapan")),
                improved=_rating(improved, _("Perbaikan kinerja")),
                comment=(comment or "")[:2000],
            )
    except IntegrityError:
        raise ApplicationError(
            "already_submitted", _("Kuesioner sudah diisi.")
        ) from None
