"""Who is online, kept in the shared cache with an expiry so it works across processes.

Each open connection refreshes its member's key every PING_SECONDS; a key that is not
refreshed within ONLINE_SECONDS expires, so a crashed process leaves nobody "online".

A join or leave is told to the room ANNOUNCE_SECONDS later (``announce_soon``), once for
all of a process's joins and leaves in that room meanwhile: when a restarted process takes
back its members, a room of 20 heard 10 joins, each a frame to all 20 (and a read of the
room's keys), where one or two frames with the same end state do. The list is read from
the shared cache when it is sent, so it holds every key marked before that moment, also
by other processes; a change after the read schedules the next announcement.
"""

import asyncio

from .caching import shared
from .threads import in_pool

PING_SECONDS = 20
ONLINE_SECONDS = 60
ANNOUNCE_SECONDS = 0.25

# The announcements this process has scheduled, by (event loop, room): not data, only
# "one is coming", so that a room's joins and leaves share it.
_scheduled: dict[tuple[asyncio.AbstractEventLoop, int], asyncio.Task] = {}


def _key(cohort_id: int, user_id: int) -> str:
    return f"chat:online:{int(cohort_id)}:{int(user_id)}"


def mark_online(*, cohort_id: int, user_id: int) -> bool:
    """Marks the member online for ONLINE_SECONDS; True when they were not online yet."""
    key = _key(cohort_id, user_id)
    if shared().add(key, 1, timeout=ONLINE_SECONDS):
        return True
    shared().touch(key, timeout=ONLINE_SECONDS)
    return False


def mark_offline(*, cohort_id: int, user_id: int) -> None:
    shared().delete(_key(cohort_id, user_id))


def online_ids(*, cohort_id: int, member_ids: list[int]) -> list[int]:
    keys = {_key(cohort_id, user_id): user_id for user_id in member_ids}
    found = shared().get_many(list(keys))
    return sorted(keys[key] for key in found)


def announce_soon(*, cohort_id: int, member_ids: list[int], channel_layer, group: str) -> None:
    """Sends who is online to the room's ``group`` in ANNOUNCE_SECONDS, unless this process
    has already scheduled that (then the one on its way includes this change too)."""
    key = (asyncio.get_running_loop(), cohort_id)
    if key not in _scheduled:
        _scheduled[key] = asyncio.create_task(
            _announce(key, cohort_id, member_ids, channel_layer, group)
        )


async def _announce(key, cohort_id: int, member_ids: list[int], channel_layer, group: str):
    try:
        await asyncio.sleep(ANNOUNCE_SECONDS)
    finally:
        del _scheduled[key]  # before the read: a change after it schedules the next one
    ids = await in_pool(online_ids)(cohort_id=cohort_id, member_ids=member_ids)
    await channel_layer.group_send(group, {"type": "chat.presence", "online": ids})
