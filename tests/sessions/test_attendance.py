"""The attendance register and the rates computed from it."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from sessions import selectors, services
from sessions.models import Attendance

PRESENT, ABSENT, EXCUSED = "present", "absent", "excused"


def test_the_register_is_filled_in_and_can_be_corrected(world, plan):
    session = plan(days=-7)
    services.record_attendance(
        session=session,
        by=world.kees,
        entries={world.anna.pk: (ABSENT, ""), world.kees.pk: (PRESENT, "")},
    )
    services.record_attendance(
        session=session, by=world.sanne, entries={world.anna.pk: (EXCUSED, "Naar de tandarts")}
    )
    lines = {a.person_id: (a.status, a.reason, a.recorded_by_id) for a in Attendance.objects.all()}
    assert lines == {
        world.anna.pk: (EXCUSED, "Naar de tandarts", world.sanne.pk),
        world.kees.pk: (PRESENT, "", world.kees.pk),
    }


def test_attendance_for_a_non_member_is_refused_and_nothing_saved(world, plan):
    session = plan(days=-7)
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        services.record_attendance(
            session=session,
            by=world.sanne,
            entries={world.anna.pk: (PRESENT, ""), world.otto.pk: (PRESENT, "")},
        )
    assert "leden van deze groep" in str(error.value)
    assert not Attendance.objects.exists()


def test_excused_needs_a_reason(world, plan):
    with pytest.raises(ValidationError):
        services.record_attendance(
            session=plan(days=-7), by=world.sanne, entries={world.anna.pk: (EXCUSED, "")}
        )
    assert not Attendance.objects.exists()


def test_no_register_before_the_session_starts_even_on_the_day_itself(world, plan):
    session = plan(days=2)
    an_hour_before = session.starts_at - datetime.timedelta(hours=1)
    with (
        time_machine.travel(an_hour_before, tick=False),
        translation.override("nl"),
        pytest.raises(ValidationError) as error,
    ):
        services.record_attendance(
            session=session, by=world.sanne, entries={world.anna.pk: (PRESENT, "")}
        )
    assert "gaat open als de bijeenkomst begint" in str(error.value)
    assert not Attendance.objects.exists()
    with time_machine.travel(session.starts_at, tick=False):
        services.record_attendance(
            session=session, by=world.sanne, entries={world.anna.pk: (PRESENT, "")}
        )
    assert Attendance.objects.get().status == PRESENT


def test_the_register_starts_from_the_sign_ups(world, plan):
    session = plan(days=2)
    services.answer_rsvp(session=session, person=world.anna, coming=True)
    services.answer_rsvp(session=session, person=world.kees, coming=False)
    with translation.override("nl"):
        rows = {
            row.membership.person.first_name: row.suggestion
            for row in selectors.attendance_register(session=session)
        }
    assert rows == {"Anna": (PRESENT, ""), "Kees": (EXCUSED, "Afgemeld")}


def test_a_saved_line_wins_over_the_sign_up(world, plan):
    session = plan(days=2)
    services.answer_rsvp(session=session, person=world.anna, coming=True)
    with time_machine.travel(session.ends_at, tick=False):
        services.record_attendance(
            session=session, by=world.sanne, entries={world.anna.pk: (ABSENT, "")}
        )
    [anna, kees] = selectors.attendance_register(session=session)
    assert anna.suggestion == (ABSENT, "")
    assert kees.suggestion == (None, "")  # no sign-up and no line: the coach chooses


def test_attendance_rates_per_participant_and_per_session(world, plan):
    first, second, third = plan(days=-21), plan(days=-14), plan(days=-7)
    register = {
        first: {world.anna.pk: (PRESENT, ""), world.kees.pk: (PRESENT, "")},
        second: {world.anna.pk: (ABSENT, ""), world.kees.pk: (PRESENT, "")},
        third: {world.anna.pk: (EXCUSED, "Ziek"), world.kees.pk: (PRESENT, "")},
    }
    for session, entries in register.items():
        services.record_attendance(session=session, by=world.sanne, entries=entries)
    plan(days=-3)  # no register yet: does not count

    by_person = {
        m.person.first_name: (r.present, r.absent, r.excused, r.percentage)
        for m, r in selectors.attendance_by_participant(cohort=world.cohort)
    }
    assert by_person == {"Anna": (1, 1, 1, 33), "Kees": (3, 0, 0, 100)}
    by_session = [
        (s, r.percentage) for s, r in selectors.attendance_by_session(cohort=world.cohort)
    ]
    assert by_session == [(first, 100), (second, 50), (third, 50)]


def test_planning_lists_chosen_themes_without_a_session(world, plan, chosen_theme):
    plan(days=3)  # a session without a theme does not hide the unscheduled ones
    assert selectors.planning(cohort=world.cohort).unscheduled_themes == [chosen_theme]
    plan(days=5, themes=[chosen_theme])
    planning = selectors.planning(cohort=world.cohort)
    assert planning.unscheduled_themes == []
    assert [s.title for s in planning.without_facilitator] == ["Bijeenkomst 3", "Bijeenkomst 5"]
