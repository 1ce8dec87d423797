"""Scheduled work of the privacy app: the daily retention run (see README/SECURITY.md).

Django's tasks API has no periodic schedule, so the retention task plans its own next
run: each run first enqueues the next one (tomorrow at RETENTION_TIME, Amsterdam time),
then pseudonymises whoever is past the retention period. ``schedule_retention()`` seeds
the chain and is safe to call any number of times (``manage.py schedule_retention``, which
``make worker`` runs before the worker starts, and after every ``migrate``): it leaves
exactly one pending run in the queue.

Only a queue that keeps deferred tasks (django-tasks-db, production) can hold the chain;
with the embedded mode's immediate backend nothing is scheduled and
``manage.py apply_retention`` is the way to run it.
"""

import datetime
import zlib
import zoneinfo

from django.db import connection, transaction
from django.tasks import TaskResultStatus, task
from django.utils import timezone

RETENTION_TIME = datetime.time(3, 0)  # a quiet hour
AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
_SEED_LOCK = zlib.crc32(b"privacy.tasks.schedule_retention")  # a PostgreSQL advisory lock


@task
def apply_retention() -> int:
    """Pseudonymises former participants of cohorts past the retention period, daily."""
    from .services import apply_retention as apply

    # The next run first: a failure today must not end the chain. This run is RUNNING,
    # not pending, so exactly one pending run is left behind.
    schedule_retention()
    return apply()


def next_run(now: datetime.datetime | None = None) -> datetime.datetime:
    """The first RETENTION_TIME in Amsterdam after ``now``."""
    local = (now or timezone.now()).astimezone(AMSTERDAM)
    candidate = datetime.datetime.combine(local.date(), RETENTION_TIME, tzinfo=AMSTERDAM)
    if candidate <= local:
        candidate = datetime.datetime.combine(
            local.date() + datetime.timedelta(days=1), RETENTION_TIME, tzinfo=AMSTERDAM
        )
    return candidate


def _queue_keeps_deferred_tasks(backend) -> bool:
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(backend, DatabaseBackend)


def pending_retention_runs():
    """The queued, not yet started retention runs (django-tasks-db), the next one first."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=apply_retention.module_path, status=TaskResultStatus.READY
    ).order_by("run_after", "id")


def schedule_retention(*, now: datetime.datetime | None = None):
    """Makes sure exactly one retention run is pending; returns it (None: no queue).

    An existing pending run is kept, also an overdue one (the worker was down: it runs as
    soon as a worker is up). Processes seeding at once take turns (an advisory lock on
    PostgreSQL); any duplicates left from before are removed, keeping the earliest.
    """
    backend = apply_retention.get_backend()
    if not _queue_keeps_deferred_tasks(backend):
        return None
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_SEED_LOCK])
        pending = list(pending_retention_runs().select_for_update())
        if not pending:
            apply_retention.using(run_after=next_run(now)).enqueue()
            pending = list(pending_retention_runs())
        keep, *extra = pending
        if extra:
            pending_retention_runs().filter(id__in=[row.id for row in extra]).delete()
    return keep
