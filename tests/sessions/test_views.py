"""Every page: works, anonymous to log-in, outsiders 404, members without the right 403, 405."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from sessions import services
from sessions.models import Attendance, Rsvp, Session, ThemeProposal, Vote
from tests.view_matrix import view_matrix

from .conftest import at


def url(name, *args):
    return reverse(f"sessions:{name}", args=args)


@pytest.fixture
def session(world):
    """A session that began half an hour ago (the register opens at the start)."""
    start = timezone.now() - datetime.timedelta(minutes=30)
    return services.plan_session(
        cohort=world.cohort,
        by=world.sanne,
        title="Nu bezig",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="Buurthuis De Ster",
    )


# (url builder, allowed person, member without the right, outsider, method not allowed)
VIEWS = {
    "theme_list": (lambda w, s: url("theme_list", w.cohort.pk), "anna", "petra", "otto", "post"),
    "session_list": (
        lambda w, s: url("session_list", w.cohort.pk),
        "anna",
        "frank",
        "otto",
        "post",
    ),
    "session_month": (
        lambda w, s: url("session_list", w.cohort.pk) + "?maand=2026-10",
        "anna",
        "frank",
        "olga",
        "delete",
    ),
    "session_create": (
        lambda w, s: url("session_create", w.cohort.pk),
        "kees",
        "anna",
        "otto",
        "put",
    ),
    "series_create": (
        lambda w, s: url("series_create", w.cohort.pk),
        "sanne",
        "marloes",
        "otto",
        "put",
    ),
    "planning": (lambda w, s: url("planning", w.cohort.pk), "sanne", "anna", "otto", "post"),
    "attendance_overview": (
        lambda w, s: url("attendance_overview", w.cohort.pk),
        "kees",
        "anna",
        "otto",
        "post",
    ),
    "session_detail": (lambda w, s: url("session_detail", s.pk), "anna", "petra", "otto", "post"),
    "session_edit": (lambda w, s: url("session_edit", s.pk), "sanne", "anna", "otto", "put"),
    "session_cancel": (lambda w, s: url("session_cancel", s.pk), "kees", "anna", "otto", "put"),
    "session_attendance": (
        lambda w, s: url("session_attendance", s.pk),
        "kees",
        "anna",
        "otto",
        "put",
    ),
    "session_ics": (lambda w, s: url("session_ics", s.pk), "anna", "frank", "otto", "post"),
}


(
    test_view_works_for_the_allowed_person,
    test_view_sends_anonymous_visitor_to_log_in,
    test_view_gives_403_to_member_without_the_right,
    test_view_gives_404_to_outsider,
    test_view_refuses_wrong_method,
) = view_matrix(VIEWS, extra=["session"], not_html=["session_ics"])


def test_a_missing_session_is_404(client, world):
    client.force_login(world.anna)
    assert client.get(url("session_detail", 999999)).status_code == 404


POST_ONLY = {
    "theme_propose": (lambda w, s: url("theme_propose", w.cohort.pk), "anna", "marloes", "otto"),
    "theme_vote": (lambda w, s: url("theme_vote", w.cohort.pk), "anna", "sanne", "otto"),
    "round_open": (lambda w, s: url("round_open", w.cohort.pk), "kees", "anna", "otto"),
    "session_rsvp": (lambda w, s: url("session_rsvp", s.pk), "anna", "sanne", "otto"),
    "my_calendar_renew": (lambda w, s: url("my_calendar_renew"), "anna", None, None),
}


@pytest.mark.parametrize("view", list(POST_ONLY))
def test_post_only_views(client, world, session, view):
    build, allowed, without_right, outsider = POST_ONLY[view]
    target = build(world, session)
    assert client.post(target).status_code == 302
    assert client.post(target).url.startswith(reverse("account_login"))
    client.force_login(getattr(world, allowed))
    assert client.get(target).status_code == 405
    if without_right:
        client.force_login(getattr(world, without_right))
        assert client.post(target).status_code == 403
        client.force_login(getattr(world, outsider))
        assert client.post(target).status_code == 404


def test_round_close_is_post_only_and_guarded(client, world):
    services.propose_theme(cohort=world.cohort, by=world.anna, title="Eten")
    voting_round = services.open_voting_round(cohort=world.cohort, by=world.kees)
    target = url("round_close", world.cohort.pk, voting_round.pk)
    client.force_login(world.anna)
    assert client.post(target).status_code == 403
    client.force_login(world.otto)
    assert client.post(target).status_code == 404
    client.force_login(world.kees)
    assert client.get(target).status_code == 405
    assert client.post(target, {"themes_to_choose": 2}).status_code == 302
    voting_round.refresh_from_db()
    assert not voting_round.is_open


def test_propose_and_vote_through_the_pages(client, world):
    client.force_login(world.anna)
    response = client.post(
        url("theme_propose", world.cohort.pk), {"title": "Slapen", "reason": "Slecht"}, follow=True
    )
    assert "Uw thema staat nu in de lijst" in response.text
    proposal = ThemeProposal.objects.get()
    client.force_login(world.kees)
    client.post(url("round_open", world.cohort.pk), {"votes_per_person": 3})
    client.force_login(world.anna)
    response = client.post(url("theme_vote", world.cohort.pk), {f"votes_{proposal.pk}": 4})
    assert response.status_code == 200 and not Vote.objects.exists()
    response = client.post(
        url("theme_vote", world.cohort.pk), {f"votes_{proposal.pk}": 2}, follow=True
    )
    assert "Uw stemmen zijn opgeslagen" in response.text
    assert "U heeft nog 1 stem over" in response.text


def test_the_running_tally_and_its_ties_are_visible_to_the_group(client, world):
    eten = services.propose_theme(cohort=world.cohort, by=world.anna, title="Eten")
    slapen = services.propose_theme(cohort=world.cohort, by=world.kees, title="Slapen")
    services.propose_theme(cohort=world.cohort, by=world.kees, title="Bewegen")
    voting_round = services.open_voting_round(cohort=world.cohort, by=world.sanne)
    services.cast_votes(voting_round=voting_round, voter=world.anna, allocation={eten.pk: 2})
    services.cast_votes(voting_round=voting_round, voter=world.kees, allocation={slapen.pk: 2})
    client.force_login(world.sanne)  # the coach does not vote, but sees the tally
    text = client.get(url("theme_list", world.cohort.pk)).text
    assert "Tot nu toe hebben 2 personen gestemd" in text
    rows = {
        title: " ".join(row.split())
        for row in text.split("<tr>")
        for title in ("Eten", "Slapen", "Bewegen")
        if f">{title}<" in row or f"{title}<br>" in row
    }
    assert "2</td> <td>1 (gedeelde plaats)" in rows["Eten"]
    assert "2</td> <td>1 (gedeelde plaats)" in rows["Slapen"]
    assert "0</td> <td>–" in rows["Bewegen"]


@pytest.mark.parametrize(("titles", "suggested"), [(3, 2), (5, 3)])
def test_the_close_form_suggests_fewer_themes_than_there_are_proposals(
    client, world, titles, suggested
):
    for number in range(titles):
        services.propose_theme(cohort=world.cohort, by=world.anna, title=f"Thema {number}")
    services.open_voting_round(cohort=world.cohort, by=world.kees)
    client.force_login(world.kees)
    text = client.get(url("theme_list", world.cohort.pk)).text
    assert f'name="themes_to_choose" value="{suggested}"' in text


def test_a_proposal_without_a_name_shows_a_dutch_error(client, world):
    client.force_login(world.anna)
    response = client.post(url("theme_propose", world.cohort.pk), {"title": " ", "reason": "x"})
    assert response.status_code == 200
    assert "Geef het thema een naam" in response.text
    assert not ThemeProposal.objects.exists()


def test_a_bad_session_form_shows_dutch_errors_and_saves_nothing(client, world, plan):
    plan(days=7)
    client.force_login(world.sanne)
    day = at(7).date().isoformat()
    data = {"title": "X", "date": day, "start_time": "20:00", "end_time": "19:00", "place": "Hier"}
    response = client.post(url("session_create", world.cohort.pk), data)
    assert "Een bijeenkomst moet eindigen na de begintijd" in response.text
    data["end_time"] = "22:00"
    response = client.post(url("session_create", world.cohort.pk), data)
    assert "overlapt met de bijeenkomst" in response.text
    assert Session.objects.count() == 1


def test_planning_a_chosen_theme_from_the_planning_view(client, world, chosen_theme):
    client.force_login(world.sanne)
    planning = client.get(url("planning", world.cohort.pk))
    link = url("session_create", world.cohort.pk) + f"?thema={chosen_theme.pk}"
    assert link in planning.text
    form = client.get(link)
    assert 'value="Gezond eten"' in form.text
    data = {
        "title": "Gezond eten",
        "date": at(10).date().isoformat(),
        "start_time": "19:00",
        "end_time": "21:00",
        "place": "Buurthuis",
        "themes": [chosen_theme.pk],
        "facilitator": world.kees.pk,
    }
    response = client.post(url("session_create", world.cohort.pk), data)
    session = Session.objects.get()
    assert response.url == url("session_detail", session.pk)
    assert link not in client.get(url("planning", world.cohort.pk)).text


def test_rsvp_and_attendance_through_the_pages(client, world, session):
    future = services.plan_session(
        cohort=world.cohort,
        by=world.sanne,
        title="Later",
        starts_at=at(3),
        ends_at=at(3, 21),
        place="Hier",
    )
    client.force_login(world.anna)
    client.post(url("session_rsvp", future.pk), {"coming": "yes"})
    assert Rsvp.objects.get().coming is True
    assert "Anna" in client.get(url("session_detail", future.pk)).text
    client.force_login(world.kees)
    data = {
        f"status_{world.anna.pk}": "excused",
        f"reason_{world.anna.pk}": "Ziek",
        f"status_{world.kees.pk}": "present",
    }
    response = client.post(url("session_attendance", session.pk), data)
    assert response.status_code == 302
    assert Attendance.objects.count() == 2


def test_a_cancelled_session_shows_so(client, world, plan):
    session = plan(days=3)
    client.force_login(world.sanne)
    client.post(url("session_cancel", session.pk), {"reason": "Buurthuis dicht"})
    response = client.get(url("session_detail", session.pk))
    assert "Deze bijeenkomst is afgelast" in response.text and "Buurthuis dicht" in response.text


def test_the_dashboard_shows_the_next_session_and_the_cohort_page_links(client, world, plan):
    plan(days=3, title="Eten en bewegen")
    client.force_login(world.anna)
    dashboard = client.get(reverse("dashboard")).text
    assert "Volgende bijeenkomst" in dashboard and "Eten en bewegen" in dashboard
    cohort_page = client.get(reverse("groups:cohort_detail", args=[world.cohort.pk])).text
    assert url("theme_list", world.cohort.pk) in cohort_page
    assert url("planning", world.cohort.pk) not in cohort_page
    client.force_login(world.sanne)
    cohort_page = client.get(reverse("groups:cohort_detail", args=[world.cohort.pk])).text
    assert url("planning", world.cohort.pk) in cohort_page


@pytest.fixture
def busy_cohort(world, plan):
    """A group of 16 with 20 sessions (themes, RSVPs, registers) and ten voted proposals."""
    from groups import services as group_services
    from tests import factories

    cohort = factories.make_cohort(world.organisation, by=world.marloes, name="Groot")
    group_services.assign_coach(cohort=cohort, coach=world.sanne, by=world.marloes)
    members = [
        factories.enrol(cohort, nurse=world.petra, practice=world.practice).person
        for _n in range(16)
    ]
    group_services.start_cohort(cohort=cohort, by=world.sanne)
    group_services.appoint_aanjager(
        membership=cohort.memberships.get(person=members[0]), by=world.sanne
    )
    proposals = [
        services.propose_theme(cohort=cohort, by=members[n], title=f"Thema {n}") for n in range(10)
    ]
    voting_round = services.open_voting_round(cohort=cohort, by=world.sanne)
    for n, person in enumerate(members):
        services.cast_votes(
            voting_round=voting_round, voter=person, allocation={proposals[n % 10].pk: 3}
        )
    services.close_voting_round(voting_round=voting_round, by=world.sanne, themes_to_choose=5)
    second = services.open_voting_round(cohort=cohort, by=world.sanne)
    for person in members:
        services.cast_votes(voting_round=second, voter=person, allocation={proposals[9].pk: 1})
    # Never today: a session at 19:00 today has begun in the evening, and RSVPs close.
    for days in range(-29, 30, 3):
        session = plan(days=days, cohort=cohort, themes=proposals[:2], facilitator=members[0])
        if days < 0:
            services.record_attendance(
                session=session,
                by=world.sanne,
                entries={p.pk: ("present", "") for p in members},
            )
        else:
            for person in members:
                services.answer_rsvp(session=session, person=person, coming=True)
    return cohort, members[1]


@pytest.mark.parametrize(
    "name,who",
    [
        ("theme_list", "participant"),
        ("session_list", "participant"),
        ("planning", "coach"),
        ("attendance_overview", "coach"),
    ],
)
def test_list_pages_use_a_fixed_number_of_queries(
    client, world, busy_cohort, name, who, django_assert_max_num_queries
):
    # About 20 queries are the same on every page (log-in, permissions, the menu); the
    # busy cohort has 20 sessions, 16 members and 10 proposals, so a query per row would
    # far exceed the limit.
    cohort, participant = busy_cohort
    client.force_login(participant if who == "participant" else world.sanne)
    with django_assert_max_num_queries(30):
        response = client.get(url(name, cohort.pk))
    assert response.status_code == 200


def test_the_month_view_uses_a_fixed_number_of_queries(
    client, busy_cohort, django_assert_max_num_queries
):
    cohort, participant = busy_cohort
    client.force_login(participant)
    month = at(0).strftime("%Y-%m")
    with django_assert_max_num_queries(20):
        response = client.get(url("session_list", cohort.pk) + f"?maand={month}")
    assert response.status_code == 200
    assert response.text.count("month-session") >= 9


def test_after_signing_up_the_page_says_so_and_offers_only_signing_off(client, world, plan):
    later = plan(days=3)
    client.force_login(world.anna)
    before = client.get(url("session_detail", later.pk)).text
    assert "U heeft nog niet laten weten of u komt" in before
    assert "Ja, ik kom" in before and "Nee, ik kan niet komen" in before
    response = client.post(url("session_rsvp", later.pk), {"coming": "yes"}, follow=True)
    assert "U bent aangemeld." in response.text
    assert "Ja, ik kom" not in response.text
    assert "Afmelden: ik kan toch niet komen" in response.text
    response = client.post(url("session_rsvp", later.pk), {"coming": "no"}, follow=True)
    assert "rsvp-declined" in response.text and "U heeft zich afgemeld." in response.text
    assert "Afmelden: ik kan toch niet komen" not in response.text
    assert "Aanmelden: ik kan toch komen" in response.text


# --- the attendance register --------------------------------------------------------------


def _signed_up_and_off(world, session):
    """Anna signs up and Kees signs off, a day before the session (RSVPs close at the start)."""
    with time_machine.travel(session.starts_at - datetime.timedelta(days=1)):
        services.answer_rsvp(session=session, person=world.anna, coming=True)
        services.answer_rsvp(session=session, person=world.kees, coming=False)


def _checked(text, name):
    """The value of the checked radio button called `name` in the page."""
    for tag in text.split("<input")[1:]:
        tag = tag.split(">")[0]
        if f'name="{name}"' in tag and "checked" in tag:
            return tag.split('value="')[1].split('"')[0]
    return None


def test_the_register_is_prefilled_from_the_sign_ups(client, world, session):
    _signed_up_and_off(world, session)
    client.force_login(world.kees)
    text = client.get(url("session_attendance", session.pk)).text
    assert _checked(text, f"status_{world.anna.pk}") == "present"
    assert _checked(text, f"status_{world.kees.pk}") == "excused"
    assert f'name="reason_{world.kees.pk}" value="Afgemeld"' in text
    assert "Aangemeld" in text and "Afgemeld" in text  # the sign-up in words per row


def test_everyone_present_without_javascript_fills_in_every_row_but_saves_nothing(
    client, world, session
):
    _signed_up_and_off(world, session)
    client.force_login(world.kees)
    response = client.post(url("session_attendance", session.pk), {"action": "everyone_present"})
    assert response.status_code == 200
    assert _checked(response.text, f"status_{world.anna.pk}") == "present"
    assert _checked(response.text, f"status_{world.kees.pk}") == "present"
    assert "Iedereen staat op aanwezig" in response.text
    assert not Attendance.objects.exists()


def test_register_errors_are_shown_at_their_row_and_linked_from_the_summary(
    client, world, session
):
    client.force_login(world.sanne)
    response = client.post(
        url("session_attendance", session.pk), {f"status_{world.anna.pk}": "excused"}
    )
    assert response.status_code == 200
    text = response.text
    missing_reason = "Vul de reden in waarom Anna er niet was."
    missing_choice = "Kies voor Kees: aanwezig, afwezig of afgemeld met reden."
    assert f'<a href="#id_reason_{world.anna.pk}">{missing_reason}</a>' in text
    assert f'<a href="#id_status_{world.kees.pk}_0">{missing_choice}</a>' in text
    rows = text.split('<fieldset class="attendance-row')
    anna_row = next(row for row in rows if f'name="reason_{world.anna.pk}"' in row)
    kees_row = next(row for row in rows if f'name="status_{world.kees.pk}"' in row)
    assert "field-error" in anna_row and missing_reason in anna_row
    assert "field-error" in kees_row and missing_choice in kees_row
    assert missing_choice not in anna_row
    assert not Attendance.objects.exists()


def test_the_register_says_when_it_opens_and_refuses_before_the_start(client, world, plan):
    later = plan(days=2)
    client.force_login(world.kees)
    detail = client.get(url("session_detail", later.pk)).text
    assert url("session_attendance", later.pk) not in detail
    assert "De aanwezigheidslijst gaat open als de bijeenkomst begint, om 19:00 uur." in detail
    page = client.get(url("session_attendance", later.pk)).text
    assert "De lijst is nog niet open" in page and "om 19:00 uur" in page
    assert 'name="status_' not in page
    response = client.post(
        url("session_attendance", later.pk),
        {f"status_{world.anna.pk}": "present", f"status_{world.kees.pk}": "present"},
    )
    assert response.status_code == 200
    assert not Attendance.objects.exists()


# --- planning a series: the form, the preview, then the sessions ------------------------------

SERIES = {
    "title": "Groepsbijeenkomst",
    "first_date": "2027-03-09",
    "start_time": "19:00",
    "end_time": "21:00",
    "every_weeks": "2",
    "regular_count": "2",
    "monthly_count": "1",
    "place": "Buurthuis De Ster",
}


@pytest.fixture
def frozen_monday():
    with time_machine.travel(
        datetime.datetime(2027, 3, 1, 10, tzinfo=services.local_zone()), tick=False
    ):
        yield


def test_the_series_form_starts_a_week_from_today(client, world, frozen_monday):
    client.force_login(world.sanne)
    text = client.get(url("series_create", world.cohort.pk)).text
    assert 'name="first_date" value="2027-03-08"' in text


def test_the_series_preview_lists_the_dates_in_dutch_and_saves_nothing(
    client, world, frozen_monday
):
    client.force_login(world.sanne)
    response = client.post(url("series_create", world.cohort.pk), SERIES)
    assert response.status_code == 200
    text = response.text
    assert "Dit worden 3 bijeenkomsten" in text
    for line in (
        "dinsdag 9 maart 2027, 19:00–21:00",
        "dinsdag 23 maart 2027, 19:00–21:00",
        "dinsdag 13 april 2027, 19:00–21:00",
    ):
        assert line in text
    assert ">Terug</button>" in text and ">Maak deze bijeenkomsten</button>" in text
    assert not Session.objects.exists()

    back = client.post(url("series_create", world.cohort.pk), {**SERIES, "action": "back"})
    assert 'name="first_date" value="2027-03-09"' in back.text  # the form, as filled in
    assert not Session.objects.exists()

    done = client.post(url("series_create", world.cohort.pk), {**SERIES, "action": "create"})
    assert done.status_code == 302
    assert [s.title for s in Session.objects.order_by("starts_at")] == [
        "Groepsbijeenkomst 1",
        "Groepsbijeenkomst 2",
        "Groepsbijeenkomst 3",
    ]


def test_the_series_preview_shows_a_clash_and_offers_only_going_back(client, world, frozen_monday):
    start = datetime.datetime(2027, 3, 23, 20, tzinfo=services.local_zone())
    services.plan_session(
        cohort=world.cohort,
        by=world.sanne,
        title="Uitje",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="Park",
    )
    client.force_login(world.sanne)
    text = client.post(url("series_create", world.cohort.pk), SERIES).text
    assert "Valt samen met “Uitje”" in text
    assert "Maak deze bijeenkomsten" not in text
    assert Session.objects.count() == 1


def test_the_session_list_shows_my_own_answer_in_words(client, world, plan):
    coming, not_coming, open_question = plan(days=3), plan(days=5), plan(days=8)
    services.answer_rsvp(session=coming, person=world.anna, coming=True)
    services.answer_rsvp(session=not_coming, person=world.anna, coming=False)
    services.answer_rsvp(session=open_question, person=world.kees, coming=True)
    client.force_login(world.anna)
    text = client.get(url("session_list", world.cohort.pk)).text
    items = {
        title: item
        for item in text.split('<li class="session-item')[1:]
        for title in ("Bijeenkomst 3", "Bijeenkomst 5", "Bijeenkomst 8")
        if f">{title}</a>" in item
    }
    assert "U bent aangemeld" in items["Bijeenkomst 3"]
    assert "U heeft zich afgemeld" in items["Bijeenkomst 5"]
    assert "U bent aangemeld" not in items["Bijeenkomst 8"]  # Kees's answer, not Anna's
    assert "U heeft zich afgemeld" not in items["Bijeenkomst 8"]
