"""E-mail reminders two days before each session, queued once per session and person."""

import datetime

from django.utils import timezone

from notifications.selectors import Kind, wanting

from ..models import (
    ReminderSent,
    Session,
)
from ..tasks import remind_session, send_session_reminder

REMINDER_AHEAD = datetime.timedelta(days=2)


def enqueue_session_reminders(*, session: Session) -> int:
    """Enqueues a reminder for this session per member not yet reminded and not declined."""
    from ..selectors import members_to_notify  # selectors reads rank() from services

    if session.is_cancelled or session.starts_at <= timezone.now():
        return 0
    reminded = set(
        ReminderSent.objects.filter(session=session).values_list("person_id", flat=True)
    )
    count = 0
    people = wanting(
        members_to_notify(session=session, skip_declined=True), Kind.SESSION_REMINDERS
    )
    for person in people:
        if person.pk in reminded:
            continue
        send_session_reminder.enqueue(
            session_id=session.pk, person_id=person.pk, starts_at=session.starts_at.isoformat()
        )
        count += 1
    return count


def enqueue_due_reminders(*, now: datetime.datetime | None = None) -> int:
    """Enqueues the reminders of every session starting within two days.

    Safe to run as often as wanted (each person is reminded once per session): the
    `send_session_reminders` command runs it from a scheduler, and it is the only trigger
    where the task backend cannot defer work (the embedded mode).
    """
    now = now or timezone.now()
    due = Session.objects.planned().filter(starts_at__gt=now, starts_at__lte=now + REMINDER_AHEAD)
    return sum(
        enqueue_session_reminders(session=session) for session in due.select_related("cohort")
    )


def schedule_reminders(session: Session) -> None:
    """Defers `remind_session` to two days before the (new) start, if the backend can defer.

    With django-tasks-db the reminder then needs no scheduler; a task for an earlier start
    time does nothing when it runs. Backends that run at once (the embedded mode) rely on
    the `send_session_reminders` command instead.
    """
    if not remind_session.get_backend().supports_defer or session.starts_at <= timezone.now():
        return
    remind_session.using(run_after=session.starts_at - REMINDER_AHEAD).enqueue(
        session_id=session.pk, starts_at=session.starts_at.isoformat()
    )
