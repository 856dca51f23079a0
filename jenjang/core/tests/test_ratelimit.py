import pytest
from django.core.cache import cache

from jenjang.core.ratelimit import hit, refund


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


def test_the_limit_is_counted_per_key_and_window():
    assert [hit("k", limit=3, window=60, now=120.0) for _ in range(4)] == [
        False,
        False,
        False,
        True,
    ]
    assert hit("other", limit=3, window=60, now=120.0) is False
    # The next window starts counting afresh.
    assert hit("k", limit=3, window=60, now=180.0) is False


def test_a_zero_limit_refuses_at_once():
    assert hit("z", limit=0, window=60, now=0.0) is True


def test_a_refund_gives_one_request_back():
    assert [hit("r", limit=1, window=60, now=5.0) for _ in range(2)] == [False, True]
    refund("r", window=60, now=5.0)
    refund("r", window=60, now=5.0)
    assert hit("r", limit=1, window=60, now=5.0) is False
