""" "Mijn overzicht" first: the next session, unread chat, an open vote and open
questionnaires come first, as clear blocks; the rest follows."""

import datetime
import zoneinfo

import time_machine
from django.urls import reverse

from chat import services as chat_services
from sessions import services as session_services

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def main_of(html: str) -> str:
    return html.split('id="main"', 1)[1]


def at_the_start_of(cohort):
    """The baseline measurement window is open around the cohort's start date."""
    start = datetime.datetime.combine(cohort.start_date, datetime.time(10), tzinfo=AMSTERDAM)
    return time_machine.travel(start, tick=False)


def test_the_four_blocks_come_first_and_say_what_is_open(client, world):
    cohort = world.cohort
    with at_the_start_of(cohort):
        now = datetime.datetime.now(tz=AMSTERDAM)
        session_services.plan_session(
            cohort=cohort,
            by=world.sanne,
            title="Eten met plezier",
            starts_at=now + datetime.timedelta(days=3),
            ends_at=now + datetime.timedelta(days=3, hours=2),
            place="Buurthuis De Ster",
        )
        session_services.propose_theme(cohort=cohort, by=world.kees, title="Slapen")
        session_services.open_voting_round(cohort=cohort, by=world.sanne)
        chat_services.post_message(cohort=cohort, author=world.kees, body="Hallo allemaal")

        client.force_login(world.anna)
        main = main_of(client.get(reverse("dashboard")).text)

    order = [
        "Nu voor u",
        "Volgende bijeenkomst",
        "Groepschat",
        "Stemmen over thema",
        "Vragenlijsten",
    ]
    positions = [main.index(label) for label in order]
    assert positions == sorted(positions)
    assert positions[-1] < main.index("Mijn groep: Herstelcirkel Noord")
    assert "Eten met plezier" in main
    assert "1 nieuw bericht" in main
    assert "Er is een stemronde open. U hebt nog 3 stemmen." in main
    assert main.count("Te doen") == 2  # the vote and the questionnaire
    membership = cohort.memberships.get(person=world.anna)
    assert reverse("health:questionnaire_fill", args=[membership.pk, "who5"]) in main
    assert main.count("Volgende bijeenkomst") == 1  # not repeated further down


def test_quiet_blocks_say_there_is_nothing_to_do(client, world):
    client.force_login(world.anna)
    main = main_of(client.get(reverse("dashboard")).text)
    assert "Er is nog geen bijeenkomst gepland." in main
    assert "Er zijn geen nieuwe berichten." in main
    assert "Er is nu geen stemronde." in main
    assert "Te doen" not in main


def test_staff_get_no_participant_blocks(client, world):
    client.force_login(world.sanne)
    main = main_of(client.get(reverse("dashboard")).text)
    assert "Nu voor u" not in main
    assert "Groepschat" in main  # the coach still finds the chat of her groups


def test_the_overview_takes_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.anna)
    with django_assert_max_num_queries(60):
        client.get(reverse("dashboard"))
