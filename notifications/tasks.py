"""Background work of the notifications app (Django's tasks API; a worker in production)."""

import datetime

from django.tasks import task

from config.periodic import keep_one_pending, next_every

EVERY_MINUTES = 15


@task
def send_chat_digests() -> int:
    """Sends every chat e-mail that is due; safe to run as often as wanted."""
    from .digests import run_digests

    return run_digests()


@task
def run_chat_digests() -> int:
    """The chat e-mails every quarter of an hour: queues the next run first (config.periodic)."""
    from .digests import run_digests

    schedule_chat_digests()
    return run_digests()


def schedule_chat_digests(*, now: datetime.datetime | None = None):
    """Leaves exactly one pending run (None without a queue that keeps deferred tasks)."""
    return keep_one_pending(run_chat_digests, next_every(EVERY_MINUTES, now))
