"""Planning sessions and series: times in Amsterdam, stored in UTC, right across DST."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from sessions import selectors, services
from sessions.models import Session, SessionSeries

from .conftest import at

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
UTC = datetime.UTC


def test_series_dates_every_two_weeks_then_monthly():
    dates = services.series_dates(
        first_date=datetime.date(2026, 9, 8),  # the second Tuesday of September
        every_weeks=2,
        regular_count=6,
        monthly_count=3,
    )
    assert dates == [
        datetime.date(2026, 9, 8),
        datetime.date(2026, 9, 22),
        datetime.date(2026, 10, 6),
        datetime.date(2026, 10, 20),
        datetime.date(2026, 11, 3),
        datetime.date(2026, 11, 17),
        datetime.date(2026, 12, 8),  # then every second Tuesday of the month
        datetime.date(2027, 1, 12),
        datetime.date(2027, 2, 9),
    ]


def test_series_keeps_the_wall_clock_time_across_the_autumn_dst_change(world):
    # Summer time ends on Sunday 25 October 2026.
    sessions = services.create_series(
        cohort=world.cohort,
        by=world.sanne,
        title="Groepsbijeenkomst",
        first_date=datetime.date(2026, 10, 13),
        start_time=datetime.time(19, 0),
        end_time=datetime.time(21, 0),
        every_weeks=1,
        regular_count=4,
        place="Buurthuis",
    )
    stored = [s.starts_at.astimezone(UTC) for s in Session.objects.order_by("starts_at")]
    assert [t.strftime("%d-%m %H:%M") for t in stored] == [
        "13-10 17:00",
        "20-10 17:00",
        "27-10 18:00",
        "03-11 18:00",
    ]
    assert {s.starts_at.astimezone(AMSTERDAM).time() for s in sessions} == {datetime.time(19)}
    assert [s.title for s in sessions][-1] == "Groepsbijeenkomst 4"
    assert SessionSeries.objects.get().sessions.count() == 4


def test_series_keeps_the_wall_clock_time_across_the_spring_dst_change(world):
    # Summer time starts on Sunday 28 March 2027.
    services.create_series(
        cohort=world.cohort,
        by=world.sanne,
        title="Bijeenkomst",
        first_date=datetime.date(2027, 3, 9),
        start_time=datetime.time(19, 30),
        end_time=datetime.time(21, 0),
        every_weeks=2,
        regular_count=1,
        monthly_count=2,
        place="Buurthuis",
    )
    sessions = Session.objects.order_by("starts_at")
    assert [s.starts_at.astimezone(UTC).strftime("%d-%m %H:%M") for s in sessions] == [
        "09-03 18:30",
        "13-04 17:30",
        "11-05 17:30",
    ]
    assert all(s.ends_at - s.starts_at == datetime.timedelta(minutes=90) for s in sessions)


def test_a_session_ending_before_it_starts_is_refused(world, plan):
    with translation.override("nl"), pytest.raises(ValidationError):
        plan(hours=-1)
    assert not Session.objects.exists()


def test_overlapping_sessions_of_one_cohort_are_refused_in_dutch(world, plan):
    plan(days=7, hour=19)
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        plan(days=7, hour=20, title="Tweede")
    assert "overlapt" in str(error.value)
    assert Session.objects.count() == 1


def test_a_session_needs_a_place_or_an_online_link(world, plan):
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        plan(days=7, place="")
    assert "plaats of een link voor online" in str(error.value)
    assert plan(days=8, place="", online_url="https://meet.example.org/hc").online_url


def test_sessions_of_different_cohorts_may_overlap(world, plan):
    plan(days=7)
    plan(days=7, cohort=world.other_cohort, by=world.marloes)
    assert Session.objects.count() == 2


def test_a_cancelled_session_frees_its_time(world, plan):
    session = plan(days=7)
    services.cancel_session(session=session, by=world.sanne, reason="Ziek")
    plan(days=7, title="Vervanging")
    assert Session.objects.planned().count() == 1


def test_a_series_that_overlaps_saves_nothing(world, plan):
    plan(days=14)
    with pytest.raises(ValidationError) as error:
        services.create_series(
            cohort=world.cohort,
            by=world.sanne,
            title="Reeks",
            first_date=at(0).date(),
            start_time=datetime.time(19),
            end_time=datetime.time(21),
            every_weeks=1,
            regular_count=4,
            place="Buurthuis",
        )
    assert "3" in str(error.value)  # the third session is the one that collides
    assert Session.objects.count() == 1
    assert not SessionSeries.objects.exists()


def test_the_leader_is_the_coach_or_an_aanjager(world, plan):
    assert plan(days=3, facilitator=world.kees).facilitator == world.kees
    with pytest.raises(ValidationError):
        plan(days=5, facilitator=world.anna)
    assert plan(days=6, guest_facilitator="Mirjam, diëtist").guest_facilitator


def test_a_session_takes_only_its_own_groups_themes(world, plan, chosen_theme):
    assert list(plan(days=3, themes=[chosen_theme]).themes.all()) == [chosen_theme]
    other = services.propose_theme(cohort=world.other_cohort, by=world.otto, title="Elders")
    with pytest.raises(ValidationError):
        plan(days=5, themes=[other])


def test_moving_a_session_raises_its_sequence_and_tells_the_members(
    world, plan, mailoutbox, django_capture_on_commit_callbacks
):
    session = plan(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_session(
            session=session, by=world.kees, starts_at=at(8), ends_at=at(8, hour=21)
        )
    session.refresh_from_db()
    assert session.sequence == 1
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert recipients == ["anna@example.org", "kees@example.org", "sanne@example.org"]
    assert "Gewijzigd" in mailoutbox[0].subject


def test_changing_only_the_agenda_sends_nothing(
    world, plan, mailoutbox, django_capture_on_commit_callbacks
):
    session = plan(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_session(session=session, by=world.sanne, agenda="Voorstelronde")
    session.refresh_from_db()
    assert (session.sequence, session.agenda, mailoutbox) == (0, "Voorstelronde", [])


def test_cancelling_tells_the_members_with_the_reason(
    world, plan, mailoutbox, django_capture_on_commit_callbacks
):
    session = plan(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_session(session=session, by=world.sanne, reason="Het buurthuis is dicht")
    session.refresh_from_db()
    assert session.is_cancelled and session.sequence == 1
    assert len(mailoutbox) == 3
    assert "Het buurthuis is dicht" in mailoutbox[0].body
    assert "Afgelast" in mailoutbox[0].subject
    with pytest.raises(ValidationError):
        services.update_session(session=session, by=world.sanne, title="Toch")


def test_cancelling_needs_a_reason(world, plan):
    session = plan(days=7)
    with pytest.raises(ValidationError):
        services.cancel_session(session=session, by=world.sanne, reason="  ")
    session.refresh_from_db()
    assert not session.is_cancelled


def test_a_session_that_took_place_cannot_be_cancelled(world, plan, mailoutbox):
    session = plan(days=-2)
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        services.cancel_session(session=session, by=world.sanne, reason="Vergeten")
    assert "al geweest" in str(error.value)
    session.refresh_from_db()
    assert not session.is_cancelled and mailoutbox == []


def test_signing_up_and_off_until_the_start(world, plan):
    session = plan(days=7)
    services.answer_rsvp(session=session, person=world.anna, coming=True)
    services.answer_rsvp(session=session, person=world.anna, coming=False)
    assert list(session.rsvps.values_list("person", "coming")) == [(world.anna.pk, False)]
    started = plan(days=-1, title="Gisteren")
    with pytest.raises(ValidationError):
        services.answer_rsvp(session=started, person=world.anna, coming=True)


def test_only_participants_sign_up(world, plan):
    session = plan(days=7)
    for person in (world.otto, world.ivo, world.sanne):
        with pytest.raises(ValidationError):
            services.answer_rsvp(session=session, person=person, coming=True)
    assert not session.rsvps.exists()


# --- a series: its preview and its first date ----------------------------------------------


def test_series_slots_number_and_time_the_sessions_without_saving(world):
    slots = services.series_slots(
        title="Groepsbijeenkomst",
        first_date=datetime.date(2027, 3, 9),
        start_time=datetime.time(19),
        end_time=datetime.time(21),
        every_weeks=2,
        regular_count=2,
        monthly_count=1,
    )
    assert [(s.number, s.title, timezone.localtime(s.starts_at).date()) for s in slots] == [
        (1, "Groepsbijeenkomst 1", datetime.date(2027, 3, 9)),
        (2, "Groepsbijeenkomst 2", datetime.date(2027, 3, 23)),
        (3, "Groepsbijeenkomst 3", datetime.date(2027, 4, 13)),  # the second Tuesday
    ]
    assert not Session.objects.exists()


def test_series_slots_refuse_an_end_before_the_start(world):
    with pytest.raises(ValidationError):
        services.series_slots(
            title="X",
            first_date=datetime.date(2027, 3, 9),
            start_time=datetime.time(21),
            end_time=datetime.time(19),
        )


def test_the_first_date_of_a_series_is_a_week_after_the_last_planned_session(world, plan):
    today = timezone.localdate()
    defaults = selectors.series_defaults(cohort=world.cohort, today=today)
    assert defaults == {"first_date": today + datetime.timedelta(weeks=1)}
    plan(days=-3)  # a session in the past does not count
    assert selectors.series_defaults(cohort=world.cohort, today=today)["first_date"] == (
        today + datetime.timedelta(weeks=1)
    )
    plan(days=10, hour=14, hours=1)
    assert selectors.series_defaults(cohort=world.cohort, today=today) == {
        "first_date": today + datetime.timedelta(days=17),
        "start_time": datetime.time(14),
        "end_time": datetime.time(15),
    }
