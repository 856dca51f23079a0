"""360 input on perilaku kerja: peers and direct reports rate BerAKHLAK values.

The evaluator invites; each invitee answers once. Answers are anonymous to
the employee and are shown (to the employee and the evaluator) only as an
aggregate, once at least three invitees have answered.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.core.audit import acting_as
from jenjang.core.exceptions import ApplicationError, PermissionDenied
from jenjang.people.models import Employee
from jenjang.performance.models import (
    PEER_MIN_ANSWERS,
    BehaviourValue,
    PeerAnswer,
    PeerInvite,
    Period,
    Rating,
    Skp,
)
from jenjang.performance.services.common import (
    clean_text,
    require_evaluator,
    user_employee,
)

MAX_INVITES = 15


def _relation(skp: Skp, reviewer: Employee) -> str:
    if reviewer.position.reports_to_id == skp.position_id:
        return PeerInvite.Relation.SUBORDINATE
    return PeerInvite.Relation.PEER


@transaction.atomic
def peer_invite(
    *, skp: Skp, period: Period, reviewer_ids: list[int], by
) -> list[PeerInvite]:
    """Invite colleagues and direct reports of the same agency to give 360 input."""
    require_evaluator(by, skp)
    if period.performance_year_id != skp.performance_year_id:
        raise ApplicationError(
            "wrong_period", _("Periode bukan milik tahun kinerja SKP ini.")
        )
    ids = {int(i) for i in reviewer_ids}
    ids.discard(skp.employee_id)
    if skp.evaluator_id:
        ids.discard(skp.evaluator_id)
    if not ids or len(ids) > MAX_INVITES:
        raise ApplicationError(
            "invalid_reviewers",
            _("Pilih 1–%(n)s rekan kerja atau bawahan.") % {"n": MAX_INVITES},
        )
    reviewers = list(
        Employee.objects.filter(
            pk__in=ids, agency_id=skp.employee.agency_id, is_active=True
        ).select_related("position")
    )
    if len(reviewers) != len(ids):
        raise ApplicationError(
            "invalid_reviewers", _("Ada pegawai yang tidak ditemukan di instansi ini.")
        )
    with acting_as(by):
        made = []
        for reviewer in reviewers:
            invite, _created = PeerInvite.objects.get_or_create(
                skp=skp,
                period=period,
                reviewer=reviewer,
                defaults={"relation": _relation(skp, reviewer)},
            )
            made.append(invite)
    return made


@transaction.atomic
def peer_answer(
    *, invite: PeerInvite, answers: dict[str, tuple[str, str]], by
) -> PeerInvite:
    """Record one invitee's ratings: {value code: (rating, comment)} for all seven."""
    invite = PeerInvite.objects.select_for_update().get(pk=invite.pk)
    me = user_employee(by)
    if me is None or invite.reviewer_id != me.pk:
        raise PermissionDenied()
    if invite.answered_at:
        raise ApplicationError(
            "already_answered", _("Masukan ini sudah dikirim."), status=409
        )
    values = {v.code: v for v in BehaviourValue.objects.all()}
    if set(answers) != set(values):
        raise ApplicationError(
            "incomplete_answer", _("Beri rating untuk ketujuh nilai BerAKHLAK.")
        )
    rows = []
    for code, (rating, comment) in answers.items():
        if rating not in Rating.values:
            raise ApplicationError("invalid_choice", _("Rating tidak dikenal."))
        rows.append(
            PeerAnswer(
                invite=invite,
                value=values[code],
                rating=rating,
                comment=clean_text(comment, _("Komentar"), required=False),
            )
        )
    with acting_as(by):
        PeerAnswer.objects.bulk_create(rows)
        invite.answered_at = timezone.now()
        invite.save(update_fields=["answered_at"])
    return invite


@dataclass
class PeerSummary:
    invited: int
    answered: int
    shown: bool
    # value name -> Counter of ratings, and the comments (no names).
    ratings: dict[str, Counter] = field(default_factory=dict)
    comments: dict[str, list[str]] = field(default_factory=dict)

    @property
    def rows(self) -> list[tuple[str, list[int], list[str]]]:
        """Per value: (name, counts in Rating order, comments), for the pages."""
        return [
            (
                name,
                [counts.get(r, 0) for r in Rating.values],
                self.comments.get(name, []),
            )
            for name, counts in self.ratings.items()
        ]


def peer_summary(*, skp: Skp, period: Period) -> PeerSummary:
    """The aggregate of the 360 answers, empty until three have answered."""
    invites = list(PeerInvite.objects.filter(skp=skp, period=period))
    answered = [i for i in invites if i.answered_at]
    summary = PeerSummary(
        invited=len(invites),
        answered=len(answered),
        shown=len(answered) >= PEER_MIN_ANSWERS,
    )
    if not summary.shown:
        return summary
    ratings: dict[str, Counter] = defaultdict(Counter)
    comments: dict[str, list[str]] = defaultdict(list)
    rows = (
        PeerAnswer.objects.filter(invite__in=answered)
        .select_related("value")
        .order_by("value__order", "?")  # comments in no traceable order
    )
    for row in rows:
        ratings[row.value.name][row.rating] += 1
        if row.comment:
            comments[row.value.name].append(row.comment)
    summary.ratings = dict(ratings)
    summary.comments = dict(comments)
    return summary
