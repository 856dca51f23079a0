"""The live question room, cheap enough for hundreds of polling participants.

Each participant's tab asks for the question list every few seconds. The
answer is assembled from the shared cache (Redis in production, so every
gunicorn worker sees the same versions) under version numbers:

- `list`, one per session: bumped by every question, vote and moderation.
  The question list is read once per version and flavour (organiser or
  not, registered or not, language). Each question is rendered twice,
  with the caller's upvote pressed and not, and kept under its own state
  (status and vote count), so a vote re-renders one question, and the
  per-user part is a choice per question, not a render per user.
- `access`, one per event: bumped by registration and event changes. What
  the caller may do in the room (see it, moderate, ask and vote) is read
  once per user and access version, and kept at most ACCESS_TTL seconds so
  a changed role reaches the room within five minutes.
- `mine`, one per session and participant: bumped by that participant's
  own upvotes; their upvoted question ids are read once per version.

Services bump a version through jenjang.core.versions (at once and again on
commit). A reader never keeps data under a version it did not read before
its query, so a stale entry can only sit under an old version. The ETag is
made of the versions the caller's answer depends on: an unchanged list
answers 304 Not Modified.
"""

import hashlib
from dataclasses import asdict, dataclass

from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from jenjang.core import versions

ACCESS_TTL = 300
LIST_TTL = 600
PREFIX = "events:live"


def _list_key(session_id: int) -> str:
    return f"{PREFIX}:list:{session_id}"


def _access_key(event_id: int) -> str:
    return f"{PREFIX}:access:{event_id}"


def _mine_key(session_id: int, user_id: int) -> str:
    return f"{PREFIX}:mine:{session_id}:{user_id}"


def room_changed(*, session_id: int, voter_user_id: int | None = None) -> None:
    """Tell readers the session's question list (and a voter's votes) changed."""
    keys = [_list_key(session_id)]
    if voter_user_id is not None:
        keys.append(_mine_key(session_id, voter_user_id))
    versions.bump(keys)


def access_changed(*, event_id: int) -> None:
    """Tell readers who may do what in the event's rooms changed."""
    versions.bump([_access_key(event_id)])


@dataclass(frozen=True)
class Viewer:
    """What one user may do in one room (see it, moderate, ask and vote)."""

    user_id: int
    employee_id: int | None
    may_attend: bool
    manages: bool
    registered: bool


def _load_viewer(*, user, session) -> Viewer:
    from jenjang.events import selectors as sel
    from jenjang.events.models import Registration
    from jenjang.people.selectors import employee_for_user

    employee = employee_for_user(user=user)
    registered = bool(
        employee
        and Registration.objects.filter(
            event_id=session.event_id,
            employee=employee,
            status=Registration.Status.REGISTERED,
        ).exists()
    )
    return Viewer(
        user_id=user.pk,
        employee_id=employee.pk if employee else None,
        may_attend=True,
        manages=sel.user_manages_event(user=user, event=session.event),
        registered=registered,
    )


@dataclass
class Poll:
    etag: str
    viewer: Viewer
    session_id: int
    list_version: int
    mine_version: int


# A session never moves to another event: each process remembers the pairs.
_SESSION_EVENT: dict[int, int] = {}


def _event_of_session(session_id: int) -> int:
    from jenjang.core.exceptions import NotFound
    from jenjang.events.models import EventSession

    event_id = _SESSION_EVENT.get(session_id)
    if event_id is None:
        row = EventSession.objects.filter(pk=session_id).values("event_id").first()
        if row is None:
            raise NotFound()
        if len(_SESSION_EVENT) > 10_000:
            _SESSION_EVENT.clear()
        event_id = _SESSION_EVENT[session_id] = row["event_id"]
    return event_id


def poll_start(*, user, session_id: int) -> Poll:
    """Check the caller may see the room and return the versions of its answer.

    One round trip to the cache when the caller's access is cached (and
    no query: the role check is cached too, so a revoked role reaches the
    poll within ACCESS_TTL seconds). Raises NotFound, as the selectors do,
    when the session is not visible.
    """
    from jenjang.accounts.roles import has_perm
    from jenjang.events import selectors as sel

    event_id = _event_of_session(session_id)
    keys = [
        _list_key(session_id),
        _access_key(event_id),
        _mine_key(session_id, user.pk),
    ]
    viewer_key = f"{PREFIX}:viewer:{event_id}:{user.pk}"
    found = cache.get_many([*keys, viewer_key])
    versions.start_missing(found, keys)
    list_v, access_v, mine_v = (int(found.get(k, 0)) for k in keys)
    cached = found.get(viewer_key)
    if cached is not None and cached.pop("access", None) == access_v:
        viewer = Viewer(**cached)
    else:
        if has_perm(user, "events.attend"):
            session = sel.session_get_visible_to(user=user, pk=session_id)
            viewer = _load_viewer(user=user, session=session)
        else:  # refused before anything is looked up, as perm_required does
            viewer = Viewer(user.pk, None, False, False, False)
        cache.set(viewer_key, {**asdict(viewer), "access": access_v}, ACCESS_TTL)
    lang = get_language() or ""
    tag = f"{session_id}.{list_v}.{access_v}.{mine_v}.{user.pk}.{lang}"
    etag = (
        '"' + hashlib.sha1(tag.encode(), usedforsecurity=False).hexdigest()[:20] + '"'
    )
    return Poll(
        etag=etag,
        viewer=viewer,
        session_id=session_id,
        list_version=list_v,
        mine_version=mine_v,
    )


def _render_questions(questions, viewer: Viewer, flavour: str, lang: str) -> list:
    """Each question rendered twice (upvoted by the caller or not).

    A render is kept under the question's own state (status, votes), so a
    new list version renders only the questions that changed.
    """
    keys = {
        q.pk: f"{PREFIX}:q:{q.pk}:{q.status}:{q.vote_count}:{flavour}:{lang}"
        for q in questions
    }
    found = cache.get_many(list(keys.values()))
    fresh = {}
    for q in questions:
        if keys[q.pk] in found:
            continue
        context = {
            "q": q,
            "manages": viewer.manages,
            "registered": viewer.registered,
            "vote_url": reverse("events:vote", args=[q.pk]),
            "moderate_url": reverse("events:moderate", args=[q.pk]),
        }
        fresh[keys[q.pk]] = (
            render_to_string("events/_question.html", {**context, "mine": False}),
            render_to_string("events/_question.html", {**context, "mine": True}),
        )
    if fresh:
        cache.set_many(fresh, timeout=LIST_TTL)
        found.update(fresh)
    return [(q.pk, *found[keys[q.pk]]) for q in questions]


def _html_key(poll: Poll) -> str:
    flavour = f"{int(poll.viewer.manages)}{int(poll.viewer.registered)}"
    return (
        f"{PREFIX}:html:{poll.session_id}:{poll.list_version}:{flavour}"
        f":{get_language() or ''}"
    )


def _votes_key(poll: Poll) -> str:
    return f"{PREFIX}:votes:{poll.session_id}:{poll.viewer.user_id}:{poll.mine_version}"


def _build_list(poll: Poll) -> dict:
    """The question list of this version and flavour, read and rendered."""
    from jenjang.events.selectors import top_questions

    viewer = poll.viewer
    flavour = f"{int(viewer.manages)}{int(viewer.registered)}"
    questions = top_questions(session=poll.session_id, include_hidden=viewer.manages)
    items = _render_questions(questions, viewer, flavour, get_language() or "")
    empty = render_to_string("events/_questions_empty.html") if not items else ""
    rendered = {"items": items, "empty": empty}
    cache.set(_html_key(poll), rendered, timeout=LIST_TTL)
    return rendered


def _build_votes(poll: Poll) -> list[int]:
    from jenjang.events.models import QuestionVote

    votes = list(
        QuestionVote.objects.filter(
            question__session_id=poll.session_id, voter_id=poll.viewer.employee_id
        ).values_list("question_id", flat=True)
    )
    cache.set(_votes_key(poll), votes, timeout=LIST_TTL)
    return votes


def question_list_html(poll: Poll) -> str:
    """The caller's question list: shared renders, the caller's upvotes pressed."""
    wants_votes = poll.viewer.registered and poll.viewer.employee_id is not None
    keys = [_html_key(poll)] + ([_votes_key(poll)] if wants_votes else [])
    found = cache.get_many(keys)
    rendered = found.get(keys[0]) or _build_list(poll)
    mine = set()
    if wants_votes:
        votes = found.get(keys[1])
        mine = set(_build_votes(poll) if votes is None else votes)
    body = "".join(
        voted if pk in mine else plain for pk, plain, voted in rendered["items"]
    )
    # Every piece was rendered (and escaped) by our own templates above.
    return mark_safe(  # noqa: S308
        '<ol class="list-group list-group-numbered" id="questions">'
        f"{body}{rendered['empty']}</ol>"
    )
