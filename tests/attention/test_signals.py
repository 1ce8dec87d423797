"""The signals, worked out from data built through the services at chosen moments."""

import datetime

from django.utils import timezone

from attention import services
from attention.selectors import PARTICIPATION_KINDS, Kind, cohort_signals
from contributions.services.ledger import bring_ledger_up_to_date
from health.services.goals import create_goal, record_check_in

from .conftest import ABSENT, DAY, EXCUSED, PRESENT, WEEK, at, member, register, rsvp, weekly


def kinds_of(world, name, **kwargs):
    rows = {row.membership.person_id: row for row in cohort_signals(cohort=world.cohort, **kwargs)}
    return {signal.kind for signal in rows[getattr(world, name).pk].signals}


def signal(world, name, kind):
    rows = cohort_signals(cohort=world.cohort)
    row = next(row for row in rows if row.membership.person_id == getattr(world, name).pk)
    return next(s for s in row.signals if s.kind == kind)


def test_two_sessions_missed_in_a_row_is_a_signal_since_the_first_of_them(world):
    first, second, third, _next = weekly(world, 4)
    register(world, first, anna=PRESENT, kees=PRESENT)
    register(world, second, anna=ABSENT, kees=PRESENT)
    rsvp(world, third, "anna", coming=False)  # signed off, nobody registered her
    register(world, third, kees=ABSENT)
    with at(third.starts_at + DAY):
        assert Kind.MISSED in kinds_of(world, "anna")
        assert Kind.MISSED not in kinds_of(world, "kees")  # one absence only
        assert (
            signal(world, "anna", Kind.MISSED).since == timezone.localtime(second.starts_at).date()
        )


def test_an_excused_absence_counts_and_one_present_ends_the_streak(world):
    first, second, third = weekly(world, 3)
    register(world, first, anna=EXCUSED, kees=ABSENT)
    register(world, second, anna=EXCUSED, kees=ABSENT)
    register(world, third, anna=PRESENT, kees=ABSENT)
    with at(third.starts_at + DAY):
        assert Kind.MISSED not in kinds_of(world, "anna")
        assert Kind.MISSED in kinds_of(world, "kees")


def test_no_sign_up_shows_within_the_days_before_the_next_session(world):
    (session,) = weekly(world, 1, first_in=3 * WEEK)
    rsvp(world, session, "kees", coming=True)
    with at(session.starts_at - 8 * DAY):
        assert Kind.NO_SIGNUP not in kinds_of(world, "anna")
    with at(session.starts_at - 6 * DAY):
        assert Kind.NO_SIGNUP in kinds_of(world, "anna")
        assert Kind.NO_SIGNUP not in kinds_of(world, "kees")


def test_the_threshold_is_the_programmes_own(world):
    (session,) = weekly(world, 1, first_in=3 * WEEK)
    services.set_thresholds(organisation=world.organisation, by=world.marloes, signup_days=10)
    with at(session.starts_at - 8 * DAY):
        assert Kind.NO_SIGNUP in kinds_of(world, "anna")


def test_new_participants_get_attention_in_their_first_sessions(world):
    sessions = weekly(world, 3)
    for session in sessions[:2]:
        register(world, session, anna=PRESENT, kees=PRESENT)
    with at(sessions[1].starts_at + DAY):
        assert Kind.NEW in kinds_of(world, "anna")
    register(world, sessions[2], anna=PRESENT, kees=PRESENT)
    with at(sessions[2].starts_at + DAY):
        assert Kind.NEW not in kinds_of(world, "anna")


def test_no_log_in_and_no_chat_for_weeks(world, client):
    joined = member(world).accepted_at
    with at(joined + 2 * WEEK):
        client.force_login(world.kees)  # sets his last log-in
    with at(joined + 4 * WEEK):
        assert Kind.QUIET in kinds_of(world, "anna")
        assert Kind.QUIET not in kinds_of(world, "kees")
    with at(joined + 6 * WEEK):
        assert Kind.QUIET in kinds_of(world, "kees")


def test_an_active_goal_without_a_check_in_for_weeks(world):
    anna = member(world)
    goal = create_goal(membership=anna, by=world.anna, title="Elke dag een half uur wandelen")
    with at(goal.created_at + 3 * WEEK):
        assert Kind.NO_CHECK_IN not in kinds_of(world, "anna")
    with at(goal.created_at + 5 * WEEK):
        assert Kind.NO_CHECK_IN in kinds_of(world, "anna")
        record_check_in(goal=goal, by=world.anna, confidence=7)
        assert Kind.NO_CHECK_IN not in kinds_of(world, "anna")
    assert Kind.NO_CHECK_IN not in kinds_of(world, "kees")  # no goal, nothing to check in on


def test_a_month_not_paid_after_it_ended_is_a_signal(world):
    later = timezone.localdate() + datetime.timedelta(days=70)
    with at(timezone.now() + datetime.timedelta(days=70)):
        bring_ledger_up_to_date(cohort=world.cohort, today=later)
        assert Kind.CONTRIBUTION in kinds_of(world, "anna")


def test_the_switch_from_weekly_to_monthly(world):
    weekly_sessions = weekly(world, 3)
    (monthly,) = weekly(world, 1, first_in=DAY + 2 * WEEK + 5 * WEEK)
    last_weekly = weekly_sessions[-1].starts_at
    with at(last_weekly - DAY):
        assert Kind.RHYTHM not in kinds_of(world, "anna")
    with at(last_weekly + WEEK):
        assert Kind.RHYTHM in kinds_of(world, "anna")
        assert signal(world, "anna", Kind.RHYTHM).since == timezone.localtime(last_weekly).date()
    with at(last_weekly + 7 * WEEK):
        assert Kind.RHYTHM not in kinds_of(world, "anna")
    assert monthly.starts_at > last_weekly


def test_the_participation_kinds_leave_out_goals_and_payments(world):
    goal = create_goal(membership=member(world), by=world.anna, title="Minder suiker")
    later = timezone.now() + datetime.timedelta(days=70)
    with at(later):
        bring_ledger_up_to_date(cohort=world.cohort, today=timezone.localdate())
        found = kinds_of(world, "anna", kinds=PARTICIPATION_KINDS)
        assert found <= PARTICIPATION_KINDS
        assert {Kind.NO_CHECK_IN, Kind.CONTRIBUTION} <= kinds_of(world, "anna")
    assert goal.pk
