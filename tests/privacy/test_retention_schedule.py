"""The daily retention run is a self-renewing task on the django-tasks-db queue."""

import datetime
import io
import zoneinfo

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from privacy import tasks
from privacy.models import Erasure
from tests.privacy import test_data_rights

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def queue(settings):
    settings.TASKS = QUEUE


def pending():
    return list(tasks.pending_retention_runs())


def at(year, month, day, hour, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


def test_the_next_run_is_the_next_three_oclock_in_amsterdam():
    assert tasks.next_run(at(2026, 11, 23, 2, 59)) == at(2026, 11, 23, 3)
    assert tasks.next_run(at(2026, 11, 23, 3)) == at(2026, 11, 24, 3)
    assert tasks.next_run(at(2026, 11, 23, 15)) == at(2026, 11, 24, 3)
    # across the change to summer time the hour stays 03:00 local
    assert tasks.next_run(at(2026, 3, 28, 12)) == at(2026, 3, 29, 3)


def test_seeding_twice_leaves_exactly_one_pending_run(db, queue):
    first = tasks.schedule_retention(now=at(2026, 11, 23, 15))
    second = tasks.schedule_retention(now=at(2026, 11, 23, 16))
    assert [row.id for row in pending()] == [first.id] == [second.id]
    assert first.run_after == at(2026, 11, 24, 3)
    assert first.task_path == "privacy.tasks.apply_retention"


def test_seeding_removes_duplicates_left_from_before(db, queue):
    for hour in (5, 3):
        tasks.apply_retention.using(run_after=at(2026, 11, 24, hour)).enqueue()
    kept = tasks.schedule_retention()
    assert [row.id for row in pending()] == [kept.id]
    assert kept.run_after == at(2026, 11, 24, 3)  # the earliest stays


def test_the_command_seeds_the_queue_and_is_safe_to_repeat(db, queue):
    out = io.StringIO()
    call_command("schedule_retention", stdout=out)
    call_command("schedule_retention", stdout=out)
    assert len(pending()) == 1
    assert out.getvalue().count("Retention run queued for") == 2


def test_without_a_queue_nothing_is_scheduled_or_run(world):
    # The embedded mode's immediate backend would run the task at once (and again and
    # again): seeding must not enqueue there.
    out = io.StringIO()
    call_command("schedule_retention", stdout=out)
    assert tasks.schedule_retention() is None
    assert "nothing scheduled" in out.getvalue()
    assert not DBTaskResult.objects.exists()


# The worker closes its database connections when it is done, as in production: that
# would end a test run inside one transaction, so these two commit for real.
@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_retention_and_queues_the_next_day(world, queue, settings):
    """Through the real worker: a due run pseudonymises, and one run is left for tomorrow."""
    settings.DATA_RETENTION_DAYS_AFTER_FINISH = 30
    test_data_rights.TestRetention()._finish(world, days_ago=31)
    seeded = tasks.schedule_retention()
    assert not Erasure.objects.exists()  # seeding runs nothing
    DBTaskResult.objects.filter(id=seeded.id).update(
        run_after=timezone.now() - datetime.timedelta(minutes=1)
    )

    call_command("db_worker", batch=True, no_startup_delay=True, stdout=io.StringIO())

    assert DBTaskResult.objects.get(id=seeded.id).status == "SUCCESSFUL"
    erased = set(Erasure.objects.values_list("person", flat=True))
    assert {world.anna.pk, world.kees.pk} <= erased
    [next_run] = pending()
    assert next_run.id != seeded.id
    assert next_run.run_after == tasks.next_run()


@pytest.mark.django_db(transaction=True)
def test_a_failing_run_still_leaves_tomorrows_run(db, queue, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("privacy.services.apply_retention", broken)
    seeded = tasks.schedule_retention()
    DBTaskResult.objects.filter(id=seeded.id).update(
        run_after=timezone.now() - datetime.timedelta(minutes=1)
    )
    call_command("db_worker", batch=True, no_startup_delay=True, stdout=io.StringIO())
    assert DBTaskResult.objects.get(id=seeded.id).status == "FAILED"
    [next_run] = pending()
    assert next_run.run_after == tasks.next_run()
