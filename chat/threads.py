"""Where the chat socket does its database and cache work: a small pool of its own threads.

``channels.db.database_sync_to_async`` runs every call of a process on one shared thread
(thread-sensitive mode), so one slow commit in one room holds up the messages of every
room on that process. The chat's calls are independent of each other (the room row lock
orders the messages of one room, in any thread or process), so they run on this bounded
pool instead, and the rooms' database round trips overlap.

After each call the thread tidies its connections as Django does at the end of a request
(``close_old_connections``): a connection that failed, or is older than ``CONN_MAX_AGE``,
is closed. With ``CONN_MAX_AGE = 0`` (the default, and the tests) that is after every
call, so no connection outlives its call and a test database can be dropped; with
persistent connections each pool thread keeps at most one, so a process holds at most
POOL_SIZE chat connections. Between those moments the tidy-up runs at most once per
TIDY_SECONDS per thread, because each one makes the next query begin with a health-check
round trip (``conn_health_checks``), which would otherwise cost one per message.

SQLite takes one writer at a time, so there the pool has a single thread.
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from functools import cache, wraps

from asgiref.sync import SyncToAsync
from django.db import close_old_connections, connection, connections

POOL_SIZE = 8
TIDY_SECONDS = 1.0

_thread = threading.local()


@cache
def _executor() -> ThreadPoolExecutor:
    size = 1 if connection.vendor == "sqlite" else POOL_SIZE
    return ThreadPoolExecutor(max_workers=size, thread_name_prefix="chat-db")


def _must_tidy(now: float) -> bool:
    if now >= getattr(_thread, "next_tidy", 0.0):
        return True
    return any(
        conn.connection is not None
        and (conn.errors_occurred or (conn.close_at is not None and now >= conn.close_at))
        for conn in connections.all(initialized_only=True)
    )


def _tidy_connections() -> None:
    now = time.monotonic()
    if _must_tidy(now):
        close_old_connections()
        _thread.next_tidy = now + TIDY_SECONDS


class _PoolCall(SyncToAsync):
    def thread_handler(self, loop, *args, **kwargs):
        try:
            return super().thread_handler(loop, *args, **kwargs)
        finally:
            _tidy_connections()


def in_pool(func):
    """``func`` as a coroutine function that runs on the chat's pool (usable as a decorator)."""

    @wraps(func)
    async def run(*args, **kwargs):
        call = _PoolCall(func, thread_sensitive=False, executor=_executor())
        return await call(*args, **kwargs)

    return run
