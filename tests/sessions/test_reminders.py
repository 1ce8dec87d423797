"""Reminders two days ahead: once per session and person, again only when it moves."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from sessions import services
from sessions.models import ReminderSent

from .conftest import at


def test_a_reminder_goes_once_to_members_who_did_not_decline(world, plan, mailoutbox):
    session = plan(days=1)
    plan(days=5)  # too far ahead
    services.answer_rsvp(session=session, person=world.kees, coming=False)
    assert services.enqueue_due_reminders() == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["anna@example.org", "sanne@example.org"]
    assert "Herinnering" in mailoutbox[0].subject
    assert services.enqueue_due_reminders() == 0
    assert len(mailoutbox) == 2


def test_running_the_task_twice_sends_once(world, plan, mailoutbox):
    from sessions.tasks import send_session_reminder

    session = plan(days=1)
    for _run in range(2):
        send_session_reminder.call(
            session_id=session.pk, person_id=world.anna.pk, starts_at=session.starts_at.isoformat()
        )
    assert len(mailoutbox) == 1
    assert ReminderSent.objects.count() == 1


def test_a_session_moved_before_its_reminder_is_reminded_for_its_new_time(world, plan, mailoutbox):
    session = plan(days=1, hour=10)
    services.update_session(session=session, by=world.sanne, starts_at=at(4), ends_at=at(4, 21))
    assert services.enqueue_due_reminders() == 0  # no longer within two days
    mailoutbox.clear()
    assert services.enqueue_due_reminders(now=at(4) - datetime.timedelta(days=1)) == 3
    assert {r.starts_at for r in ReminderSent.objects.all()} == {at(4)}
    assert all(at(4).strftime("%H:%M") in m.body for m in mailoutbox)


def test_a_session_moved_after_its_reminder_is_not_reminded_twice(world, plan, mailoutbox):
    session = plan(days=1, hour=10)
    assert services.enqueue_due_reminders() == 3
    services.update_session(session=session, by=world.sanne, starts_at=at(2, 9), ends_at=at(2, 11))
    mailoutbox.clear()
    assert services.enqueue_due_reminders(now=at(2, 9) - datetime.timedelta(days=1)) == 0
    assert mailoutbox == [] and ReminderSent.objects.count() == 3


def test_someone_who_signs_off_after_the_reminder_was_queued_gets_none(world, plan, mailoutbox):
    from sessions.tasks import send_session_reminder

    session = plan(days=1)
    services.answer_rsvp(session=session, person=world.anna, coming=False)
    send_session_reminder.call(
        session_id=session.pk, person_id=world.anna.pk, starts_at=session.starts_at.isoformat()
    )
    assert mailoutbox == [] and not ReminderSent.objects.exists()


def test_a_stale_reminder_for_an_old_time_is_not_sent(world, plan, mailoutbox):
    from sessions.tasks import send_session_reminder

    session = plan(days=1)
    old_start = session.starts_at.isoformat()
    services.update_session(session=session, by=world.sanne, starts_at=at(3), ends_at=at(3, 21))
    mailoutbox.clear()
    send_session_reminder.call(session_id=session.pk, person_id=world.anna.pk, starts_at=old_start)
    assert mailoutbox == []


def test_cancelled_sessions_get_no_reminder(world, plan, mailoutbox):
    services.cancel_session(session=plan(days=1), by=world.sanne, reason="Ziek")
    mailoutbox.clear()
    assert services.enqueue_due_reminders() == 0


def test_the_command_sends_due_reminders(world, plan, mailoutbox, capsys):
    plan(days=1)
    call_command("send_session_reminders")
    assert "3 reminder(s) queued" in capsys.readouterr().out
    assert len(mailoutbox) == 3
    assert timezone.now() < ReminderSent.objects.first().starts_at


DEFERRING = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def queued(task_name):
    from django.tasks import default_task_backend

    return [r for r in default_task_backend.results if r.task.name == task_name]


def test_with_a_deferring_backend_planning_schedules_the_reminder_two_days_ahead(
    world, plan, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DEFERRING
    with django_capture_on_commit_callbacks(execute=True):
        session = plan(days=7)
    [scheduled] = queued("remind_session")
    assert scheduled.task.run_after == session.starts_at - datetime.timedelta(days=2)
    assert scheduled.kwargs == {
        "session_id": session.pk,
        "starts_at": session.starts_at.isoformat(),
    }

    # Moving it schedules again for the new time; the old task will find nothing to do.
    with django_capture_on_commit_callbacks(execute=True):
        services.update_session(
            session=session, by=world.sanne, starts_at=at(9), ends_at=at(9, 21)
        )
    old, new = queued("remind_session")
    assert new.task.run_after == at(9) - datetime.timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_session(session=session, by=world.sanne, agenda="Alleen de agenda")
    assert len(queued("remind_session")) == 2  # same start: nothing new to schedule

    from sessions.tasks import remind_session

    remind_session.call(**old.kwargs)
    assert queued("send_session_reminder") == []
    remind_session.call(**new.kwargs)
    assert sorted(r.kwargs["person_id"] for r in queued("send_session_reminder")) == sorted(
        [world.anna.pk, world.kees.pk, world.sanne.pk]
    )


def test_the_immediate_backend_schedules_nothing_ahead(
    world, plan, mailoutbox, django_capture_on_commit_callbacks
):
    # It cannot defer (enqueueing with run_after would raise InvalidTask): the command
    # sends the reminder in time instead, and nothing goes out a week early.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        plan(days=7)
    assert callbacks and mailoutbox == []
