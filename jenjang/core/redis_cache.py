"""Django's Redis cache backend, keeping one client object per connection pool.

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` around the
pool on every cache call, and redis-py 5+ fills a table of several hundred
response callbacks in each one: about a quarter of a millisecond, more than
the round trip to Redis itself. A signed-in request makes three or four
cache calls, so the backend keeps the client; it is safe to share, as the
connections come from the pool (which redis-py resets after a fork).
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients[index] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
