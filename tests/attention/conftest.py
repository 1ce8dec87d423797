"""Sessions, answers and registers built through the real services at chosen moments."""

import datetime

import time_machine
from django.test import TestCase
from django.utils import timezone

from sessions.models import Attendance
from sessions.services.attendance import answer_rsvp, record_attendance
from sessions.services.planning import plan_session

DAY = datetime.timedelta(days=1)
WEEK = datetime.timedelta(weeks=1)


def member(world, name="anna"):
    return world.cohort.memberships.get(person=getattr(world, name))


def at(moment):
    """The clock stands still at this moment (the live server and services see it too)."""
    return time_machine.travel(moment, tick=False)


def plan(world, starts_at, title="Bijeenkomst"):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return plan_session(
            cohort=world.cohort,
            by=world.sanne,
            title=title,
            place="Buurthuis De Ster",
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=2),
        )


def register(world, session, **statuses):
    """The coach fills in the register after the start: name=status (present, absent...)."""
    register_people(
        world, session, {getattr(world, name): status for name, status in statuses.items()}
    )


def register_people(world, session, statuses):
    with at(session.starts_at + datetime.timedelta(hours=3)):
        record_attendance(
            session=session,
            by=world.sanne,
            entries={
                person.pk: (status, "ziek" if status == "excused" else "")
                for person, status in statuses.items()
            },
        )


def rsvp(world, session, name, coming):
    with at(session.starts_at - DAY):
        answer_rsvp(session=session, person=getattr(world, name), coming=coming)


def weekly(world, count, first_in=DAY):
    """``count`` weekly sessions, the first ``first_in`` from now."""
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + first_in
    return [
        plan(world, start + index * WEEK, f"Bijeenkomst {index + 1}") for index in range(count)
    ]


PRESENT, ABSENT, EXCUSED = (
    Attendance.Status.PRESENT,
    Attendance.Status.ABSENT,
    Attendance.Status.EXCUSED,
)
