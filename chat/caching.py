"""The chat's cache: one backend object per process, shared by all its sockets and threads.

Django's ``caches`` (and ``cache``) give every asyncio context a backend object of its own,
and every chat socket runs in a context of its own. With Redis each socket therefore made
its own connection pool, and its first cache call (presence, at connect) opened a new
connection with its own set-up round trips: in a reconnect storm, one new Redis connection
per member, which was most of the time a connect took. redis-py's connection pool is
thread-safe, so one backend object serves the whole process (the local-memory cache of the
embedded mode keeps its data per name, so a second object shares it too).
"""

from functools import cache

from django.core.cache import DEFAULT_CACHE_ALIAS, BaseCache, caches


@cache
def shared() -> BaseCache:
    return caches.create_connection(DEFAULT_CACHE_ALIAS)
