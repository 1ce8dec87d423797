"""The chat's database thread pool leaves no connection open after a call (CONN_MAX_AGE=0)."""

import threading

import pytest
from django.db import connection, connections

from chat import selectors
from chat.threads import in_pool

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


async def test_a_pooled_call_closes_its_connection_when_connections_do_not_persist(world):
    assert connection.settings_dict["CONN_MAX_AGE"] == 0

    @in_pool
    def check():
        allowed = selectors.may_use_chat(user=world.anna, cohort_id=world.cohort.pk)
        return allowed, connections["default"], threading.get_ident()  # this thread's own

    allowed, wrapper, thread = await check()
    assert allowed
    assert thread != threading.get_ident()  # it ran on the pool, not on the event loop
    if connection.vendor == "sqlite" and wrapper.is_in_memory_db():
        assert wrapper.connection is not None  # Django never closes the in-memory test database
    else:
        assert wrapper.connection is None
