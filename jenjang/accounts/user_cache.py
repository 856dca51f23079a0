"""What every signed-in request reads about its user, from the shared cache.

A signed-in request needs the user (for the session's auth hash, the name
in the page) and the user's role grants (for every permission and scope
check). Read from PostgreSQL that is two queries per request; here both
come from the shared cache (Redis in production) in one round trip, and an
API token's lookup in another.

The cached user also carries the id of its employee record (EMPLOYEE_ID),
which pages keyed by employee read without another round trip; people drops
the user's entry when an employee record linked to it is saved.

Entries are dropped when what they copy changes: the user on every save or
delete of the user (a password change, deactivation, last login), the
grants on every save or delete of a grant (cascades included) and through
`forget_roles`, a token when it is revoked. Each also expires after TTL
seconds, so nothing written past the ORM stays longer than that. Grants
copy their org unit's path; units never move (there is no move service),
and a deleted unit deletes its grants.
"""

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import F

from jenjang.core import versions

TTL = 300
# The id of the user's own employee record (or None), read with the user.
EMPLOYEE_ID = "jenjang_employee_id"


def user_key(pk) -> str:
    return f"accounts:user:{pk}"


def grants_key(pk) -> str:
    return f"accounts:grants:{pk}"


def token_key(key_hash: str) -> str:
    return f"accounts:token:{key_hash}"


def user_get(pk):
    """Return the active-or-not user with this pk (None if gone), grants attached."""
    return _user_from(cache.get_many([user_key(pk), grants_key(pk)]), pk)


def _user_from(found: dict, pk):
    """The user from a get_many answer holding its keys, else from the database."""
    user = found.get(user_key(pk))
    if user is None:
        user = (
            get_user_model()
            ._default_manager.filter(pk=pk)
            .annotate(**{EMPLOYEE_ID: F("employee__id")})
            .first()
        )
        if user is None:
            return None
        cache.set(user_key(pk), user, TTL)
    grants = found.get(grants_key(pk))
    if grants is not None:
        user.__dict__["_jenjang_grants"] = grants
    return user


def grants_store(user, grants: list) -> None:
    cache.set(grants_key(user.pk), grants, TTL)


def grants_forget(user_id) -> None:
    versions.drop([grants_key(user_id)])


TOKEN_FIELDS = ("id", "user_id", "name", "key_hash", "expires_at", "revoked_at")


# A token never changes hands: each process remembers whose it is, so the
# token, its user and their grants come in one round trip.
_TOKEN_USERS: dict[str, int] = {}


def token_get(key_hash: str):
    """Return the live token with this hash (its user attached), or None."""
    from jenjang.accounts.models import ApiToken

    user_id = _TOKEN_USERS.get(key_hash)
    keys = [token_key(key_hash)]
    if user_id is not None:
        keys += [user_key(user_id), grants_key(user_id)]
    found = cache.get_many(keys)
    fields = found.get(token_key(key_hash))
    if fields is None:
        fields = (
            ApiToken.objects.filter(key_hash=key_hash, revoked_at__isnull=True)
            .values(*TOKEN_FIELDS, "last_used_at")
            .first()
        )
        if fields is None:
            return None
        cache.set(token_key(key_hash), fields, TTL)
    if user_id != fields["user_id"]:
        if len(_TOKEN_USERS) > 100_000:
            _TOKEN_USERS.clear()
        _TOKEN_USERS[key_hash] = fields["user_id"]
        found = cache.get_many(
            [user_key(fields["user_id"]), grants_key(fields["user_id"])]
        )
    user = _user_from(found, fields["user_id"])
    if user is None:
        return None
    token = ApiToken(**fields)
    token.user = user
    return token


def token_used(token, when) -> None:
    """Keep the cached token's last use, so the next minute's requests skip the write."""
    fields = {f: getattr(token, f) for f in TOKEN_FIELDS}
    cache.set(token_key(token.key_hash), {**fields, "last_used_at": when}, TTL)


def token_forget(key_hash: str) -> None:
    versions.drop([token_key(key_hash)])


def connect_signals() -> None:
    from jenjang.accounts.models import ApiToken, RoleGrant

    versions.watch(get_user_model(), _user_keys, restart=True)
    versions.watch(RoleGrant, _grant_keys, restart=True)
    versions.watch(ApiToken, _token_keys, restart=True)


def _user_keys(user) -> list[str]:
    return [user_key(user.pk)]


def _grant_keys(grant) -> list[str]:
    return [grants_key(grant.user_id)]


def _token_keys(token) -> list[str]:
    return [token_key(token.key_hash)]
