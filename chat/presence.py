"""Who is online, kept in the shared cache with an expiry so it works across processes.

Each open connection refreshes its member's key every PING_SECONDS; a key that is not
refreshed within ONLINE_SECONDS expires, so a crashed process leaves nobody "online".
"""

from .caching import shared

PING_SECONDS = 20
ONLINE_SECONDS = 60


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
