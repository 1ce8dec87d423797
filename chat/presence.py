"""Who is online, kept in the shared cache with an expiry so it works across processes.

Each open connection refreshes its member's key every PING_SECONDS; a key that is not
refreshed within ONLINE_SECONDS expires, so a crashed process leaves nobody "online".

A join or leave is told to the room ANNOUNCE_SECONDS later, once for all joins and leaves
in that room meanwhile, on every process: when a restarted process takes back its members,
a room of 20 heard 10 joins, each a frame to all 20 (and a read of the room's keys), where
one or two frames with the same end state do. Whoever makes a change claims the room's
announcement in the shared cache (``claim_announcement``); only the one that got the claim
sends it (``announce``). The claim is let go just before the list is read, so the list
holds every key marked before that moment, by any process, and a change after the read
claims the next announcement. A claim whose process died lapses after CLAIM_SECONDS. No
state is kept in the process (ARCHITECTURE: nothing may assume a single process).
"""

import asyncio

from .caching import shared
from .threads import in_pool

PING_SECONDS = 20
ONLINE_SECONDS = 60
ANNOUNCE_SECONDS = 0.25
CLAIM_SECONDS = 2  # whole seconds: the Redis cache rounds a timeout down


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


def _announce_key(cohort_id: int) -> str:
    return f"chat:announce:{int(cohort_id)}"


def claim_announcement(*, cohort_id: int) -> bool:
    """True when no announcement for the room is on its way from any process: the caller
    then sends one with ``announce``; otherwise the one on its way includes this change."""
    return shared().add(_announce_key(cohort_id), 1, timeout=CLAIM_SECONDS)


def mark_offline_and_claim(*, cohort_id: int, user_id: int) -> bool:
    """A leave: the member's key goes, and the room's announcement is claimed (one trip to
    the pool for both)."""
    mark_offline(cohort_id=cohort_id, user_id=user_id)
    return claim_announcement(cohort_id=cohort_id)


def mark_online_and_claim(*, cohort_id: int, user_id: int) -> bool:
    """Refreshes the member's key; True when it had expired and the caller holds the
    room's announcement (one trip to the pool for both)."""
    return mark_online(cohort_id=cohort_id, user_id=user_id) and claim_announcement(
        cohort_id=cohort_id
    )


def _release_and_read(cohort_id: int, member_ids: list[int]) -> list[int]:
    shared().delete(_announce_key(cohort_id))  # before the read: a later change claims anew
    return online_ids(cohort_id=cohort_id, member_ids=member_ids)


async def announce(*, cohort_id: int, member_ids: list[int], channel_layer, group: str):
    """Sends who is online to the room's ``group`` in ANNOUNCE_SECONDS; for the holder of
    the room's claim."""
    try:
        await asyncio.sleep(ANNOUNCE_SECONDS)
    except asyncio.CancelledError:
        shared().delete(_announce_key(cohort_id))  # the process stops: let the claim go
        raise
    ids = await in_pool(_release_and_read)(cohort_id, member_ids)
    await channel_layer.group_send(group, {"type": "chat.presence", "online": ids})
