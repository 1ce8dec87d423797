"""The scale-out cache (config.redis_cache) on a real Redis: one client per pool, shared by
threads, and still Django's cache in everything it does.

Redis on 127.0.0.1 is always there in CI, in both runs (HC_CLUSTER_REDIS_URL points
elsewhere); each test uses a key prefix of its own.
"""

import os
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from config.redis_cache import SharedClientRedisCache

REDIS = os.environ.get("HC_CLUSTER_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def cache():
    backend = SharedClientRedisCache(REDIS, {"KEY_PREFIX": f"test-{uuid.uuid4().hex[:8]}"})
    yield backend
    keys = backend._cache.get_client(write=True).keys(f"{backend.key_prefix}:*")
    if keys:
        backend._cache.get_client(write=True).delete(*keys)


def test_every_call_gets_the_same_client(cache):
    first = cache._cache.get_client("a", write=True)
    assert cache._cache.get_client("b", write=True) is first
    assert cache._cache.get_client("a") is first  # one server: reads use its pool too


def test_the_client_is_shared_by_threads(cache):
    cache.set("counter", 0)
    clients = set()

    def add_some(_):
        clients.add(id(cache._cache.get_client(write=True)))
        for _step in range(50):
            cache.incr("counter")

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(add_some, range(8)))
    assert cache.get("counter") == 400
    assert len(clients) == 1


def test_it_is_still_djangos_cache(cache):
    assert cache.add("key", {"a": 1}, timeout=30)
    assert not cache.add("key", "other", timeout=30)
    assert cache.get("key") == {"a": 1}
    cache.set_many({"x": 1, "y": 2}, timeout=30)
    assert cache.get_many(["x", "y", "z"]) == {"x": 1, "y": 2}
    cache.delete("key")
    assert cache.get("key") is None
