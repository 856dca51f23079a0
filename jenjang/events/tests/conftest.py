import pytest
from django.core.cache import cache

from jenjang.events import live


@pytest.fixture(autouse=True)
def _empty_cache():
    # The live room keeps versions and renders in the cache; row ids repeat
    # between tests on SQLite, so each test starts from an empty cache.
    cache.clear()
    live._SESSION_EVENT.clear()
    yield
    cache.clear()
    live._SESSION_EVENT.clear()
