"""The repeating tasks (config.periodic): the morning run of attention and the chat e-mails
every quarter of an hour queue their own next run on the django-tasks-db queue."""

import datetime
import io
import zoneinfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from attention import tasks
from config.periodic import next_daily, pending_runs
from notifications import tasks as notification_tasks

from .conftest import DAY, at

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def queue(settings):
    settings.TASKS = QUEUE


def test_the_next_morning_is_seven_oclock_in_amsterdam_also_across_summer_time():
    before = datetime.datetime(2027, 3, 27, 8, 0, tzinfo=AMSTERDAM)
    assert next_daily(datetime.time(7), before) == datetime.datetime(
        2027, 3, 28, 7, 0, tzinfo=AMSTERDAM
    )
    early = datetime.datetime(2027, 3, 28, 6, 59, tzinfo=AMSTERDAM)
    assert next_daily(datetime.time(7), early).day == 28


def test_seeding_twice_leaves_exactly_one_pending_run_of_each(db, queue):
    out = io.StringIO()
    call_command("schedule_periodic_tasks", stdout=out)
    call_command("schedule_periodic_tasks", stdout=out)
    assert len(pending_runs(tasks.run_daily_attention)) == 1
    assert len(pending_runs(notification_tasks.run_chat_digests)) == 1
    assert "queued for" in out.getvalue()


def test_without_a_queue_nothing_is_scheduled(db):
    out = io.StringIO()
    call_command("schedule_periodic_tasks", stdout=out)
    assert "no task queue" in out.getvalue()
    assert not DBTaskResult.objects.exists()


# The worker closes connections that are not in autocommit (inside a test's transaction
# on PostgreSQL): these run in autocommit, as the worker does in production.
@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_morning_run_and_queues_the_next_one(world, queue):
    """Through the real worker: ivo's reminder goes out, and tomorrow's run is left."""
    with at(timezone.now() + 8 * DAY):
        seeded = tasks.schedule_daily_attention()
        DBTaskResult.objects.filter(id=seeded.id).update(
            run_after=timezone.now() - datetime.timedelta(minutes=1)
        )
        call_command("db_worker", batch=True, no_startup_delay=True, stdout=io.StringIO())
        assert DBTaskResult.objects.get(id=seeded.id).status == "SUCCESSFUL"
        assert [m.to for m in mail.outbox if "Herinnering" in m.subject] == [["ivo@example.org"]]
        [next_run] = pending_runs(tasks.run_daily_attention)
        assert next_run.id != seeded.id
        assert next_run.run_after == next_daily(tasks.DAILY_AT)


@pytest.mark.django_db(transaction=True)
def test_the_chat_chain_queues_the_next_quarter_of_an_hour(world, queue):
    seeded = notification_tasks.schedule_chat_digests()
    DBTaskResult.objects.filter(id=seeded.id).update(
        run_after=timezone.now() - datetime.timedelta(minutes=1)
    )
    call_command("db_worker", batch=True, no_startup_delay=True, stdout=io.StringIO())
    [next_run] = pending_runs(notification_tasks.run_chat_digests)
    assert next_run.id != seeded.id
    assert next_run.run_after > timezone.now() + datetime.timedelta(minutes=14)
