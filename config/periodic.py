"""Repeating tasks on a queue without a schedule: each run queues its own next run.

Django's tasks API has no periodic schedule. As ``privacy.tasks.apply_retention`` does for
the daily retention run, a repeating task first calls ``keep_one_pending`` for its next
run, then does its work: a failure today does not end the chain. ``keep_one_pending`` is
also the seed (``manage.py schedule_periodic_tasks``, run by ``make worker``, and after
every ``migrate``): it leaves exactly one pending run of the task, keeps an overdue one
(it runs as soon as a worker is up), removes duplicates, and takes turns with concurrent
seeders on a PostgreSQL advisory lock.

Only a queue that keeps deferred tasks (django-tasks-db, production) can hold a chain;
with the embedded mode's immediate backend nothing is scheduled and the management
commands are the way to run the work (README, "Background tasks").
"""

import datetime
import zlib
import zoneinfo

from django.db import connection, transaction
from django.tasks import Task, TaskResultStatus
from django.utils import timezone

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def queue_keeps_deferred_tasks(task: Task) -> bool:
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(task.get_backend(), DatabaseBackend)


def pending_runs(task: Task):
    """The queued, not yet started runs of the task (django-tasks-db), the next one first."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=task.module_path, status=TaskResultStatus.READY
    ).order_by("run_after", "id")


def keep_one_pending(task: Task, run_after: datetime.datetime):
    """Makes sure exactly one run of the task is pending; returns it (None: no queue)."""
    if not queue_keeps_deferred_tasks(task):
        return None
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                lock = zlib.crc32(task.module_path.encode())
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock])
        pending = list(pending_runs(task).select_for_update())
        if not pending:
            task.using(run_after=run_after).enqueue()
            pending = list(pending_runs(task))
        keep, *extra = pending
        if extra:
            pending_runs(task).filter(id__in=[row.id for row in extra]).delete()
    return keep


def next_daily(at: datetime.time, now: datetime.datetime | None = None) -> datetime.datetime:
    """The first ``at`` (Amsterdam wall-clock time) after ``now``."""
    local = (now or timezone.now()).astimezone(AMSTERDAM)
    candidate = datetime.datetime.combine(local.date(), at, tzinfo=AMSTERDAM)
    if candidate <= local:
        candidate = datetime.datetime.combine(
            local.date() + datetime.timedelta(days=1), at, tzinfo=AMSTERDAM
        )
    return candidate


def next_every(minutes: int, now: datetime.datetime | None = None) -> datetime.datetime:
    """``minutes`` from now (a run that took long does not make the next one late twice)."""
    return (now or timezone.now()) + datetime.timedelta(minutes=minutes)
