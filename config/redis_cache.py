"""The cache of the scale-out mode: Django's Redis cache, with one redis-py client per pool.

Django's ``RedisCacheClient.get_client`` makes a new ``redis.Redis`` object for every cache
call, and its ``__init__`` fills a dictionary of some hundred response callbacks each time:
in a reconnect storm (bench/reconnect_storm.py) that was about 7 % of the restarted
process's time, for the presence keys of every connect. A client over a connection pool
may be shared between threads (redis-py takes a connection from the thread-safe pool for
each command and gives it back after; pipelines and pub/sub make objects of their own), so
each of the backend's pools gets one client, made on first use.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}  # id of a pool (kept in self._pools) -> client

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]  # not in the stubs
        client = self._clients.get(id(pool))
        if client is None:  # two threads may both make one: either serves
            made = self._client(connection_pool=pool)  # type: ignore[attr-defined]
            client = self._clients.setdefault(id(pool), made)
        return client


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
