"""Version keys (core.versions), the response cache's rules, and the Redis backend.

The Redis tests run against the real Redis on 127.0.0.1:6379 (database 14),
as production does.
"""

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory

from jenjang.core import response_cache, versions
from jenjang.core.redis_cache import RedisCache

pytestmark = pytest.mark.django_db

REDIS = "redis://127.0.0.1:6379/14"


def test_read_starts_missing_keys_and_bump_moves_them_on():
    first = versions.read(["t:a", "t:b"])
    assert first == versions.read(["t:a", "t:b"])  # started once, then kept
    versions.bump(["t:a"])
    after = versions.read(["t:a", "t:b"])
    assert after["t:a"] == first["t:a"] + 1
    assert after["t:b"] == first["t:b"]


def test_drop_restarts_a_key_past_every_earlier_value():
    before = versions.read(["t:c"])["t:c"]
    for _ in range(3):
        versions.bump(["t:c"])
    versions.drop(["t:c"])
    assert versions.read(["t:c"])["t:c"] > before + 3


def test_bump_of_a_never_read_key_is_harmless():
    versions.bump(["t:never"])
    assert cache.get("t:never") is None


def test_watch_bumps_on_save_and_delete(world):
    from jenjang.people.models import Rank
    from jenjang.people.versions import PEOPLE

    start = versions.read([PEOPLE])[PEOPLE]
    rank = Rank.objects.first()
    rank.save()
    assert versions.read([PEOPLE])[PEOPLE] == start + 1


def _request(user, method="get", **cookies):
    request = getattr(RequestFactory(), method)("/x/")
    request.COOKIES.update(cookies)
    request.user = user
    return request


def _slot(request):
    hit, slot = response_cache.lookup(request, "test", ["t:page"])
    assert hit is None
    return slot


def _hit(request):
    return response_cache.lookup(request, "test", ["t:page"])[0]


def _answer(request) -> None:
    response_cache.store(request, _slot(request), HttpResponse(b"isi"))


def test_an_answer_is_kept_and_served_until_its_version_moves(employee):
    _answer(_request(employee))
    hit = _hit(_request(employee))
    assert hit is not None
    assert hit.content == b"isi"
    versions.bump(["t:page"])
    assert _hit(_request(employee)) is None


@pytest.mark.parametrize("spoil", ["status", "cookie", "nonce"])
def test_answers_that_must_not_be_reused_are_not_kept(employee, spoil):
    request = _request(employee)
    slot = _slot(request)
    response = HttpResponse(b"isi", status=404 if spoil == "status" else 200)
    if spoil == "cookie":
        response.set_cookie("x", "1")
    if spoil == "nonce":
        request._csp_nonce = "abc"
    response_cache.store(request, slot, response)
    assert _hit(_request(employee)) is None


def test_the_user_and_csrf_cookie_are_part_of_the_key(employee, supervisor):
    _answer(_request(employee, csrftoken="a" * 32))
    assert _hit(_request(employee, csrftoken="a" * 32)) is not None
    assert _hit(_request(employee, csrftoken="b" * 32)) is None
    assert _hit(_request(supervisor, csrftoken="a" * 32)) is None


def test_unsafe_methods_never_use_the_cache(employee):
    request = _request(employee, method="post")
    assert response_cache.lookup(request, "test", ["t:page"]) == (None, None)


@pytest.fixture
def redis_cache():
    backend = RedisCache(REDIS, {})
    backend.clear()
    yield backend
    backend.clear()


def test_redis_backend_keeps_one_client_and_answers_like_django(redis_cache):
    redis_cache.set("k", {"a": 1})
    assert redis_cache.get("k") == {"a": 1}
    assert redis_cache._cache.get_client() is redis_cache._cache.get_client()
    assert redis_cache.add("n", 5) is True
    assert redis_cache.add("n", 9) is False
    assert redis_cache.incr("n") == 6
    assert redis_cache.get_many(["k", "n", "gone"]) == {"k": {"a": 1}, "n": 6}
    with pytest.raises(ValueError, match="not found"):
        redis_cache.incr("gone")  # what versions.bump relies on
    redis_cache.delete_many(["k", "n"])
    assert redis_cache.get_many(["k", "n"]) == {}


def test_refresh_kept_pages_command_makes_every_answer_stale(employee):
    from django.core.management import call_command

    _answer(_request(employee))
    assert _hit(_request(employee)) is not None
    call_command("refresh-kept-pages")
    assert _hit(_request(employee)) is None
