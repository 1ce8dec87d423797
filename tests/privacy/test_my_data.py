"""The data download: the person's own data only, a readable page, a documented JSON."""

import datetime
import json

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from chat import services as chat_services
from health import services as health_services
from privacy import export
from sessions import services as session_services


def _membership(world, person):
    return world.cohort.memberships.get(person=person)


@pytest.fixture
def busy_world(world):
    """Anna's proposal with other people's votes, her goal cheered, and her own records."""
    theme = session_services.propose_theme(
        cohort=world.cohort, by=world.anna, title="Gezond eten", reason="Minder snoepen."
    )
    voting_round = session_services.open_voting_round(cohort=world.cohort, by=world.kees)
    session_services.cast_votes(
        voting_round=voting_round, voter=world.kees, allocation={theme.pk: 2}
    )
    session_services.cast_votes(
        voting_round=voting_round, voter=world.anna, allocation={theme.pk: 1}
    )
    goal = health_services.create_goal(
        membership=_membership(world, world.anna),
        by=world.anna,
        sharing="group",
        title="Elke dag de trap nemen",
    )
    health_services.cheer_goal(goal=goal, by=world.kees)
    health_services.record_check_in(goal=goal, by=world.anna, confidence=7, note="Gaat goed")
    health_services.record_measurements(
        membership=_membership(world, world.anna),
        by=world.petra,
        measured_on=timezone.localdate() - datetime.timedelta(days=3),
        source="annual_checkup",
        values={"weight": "82,5"},
    )
    chat_services.post_message(cohort=world.cohort, author=world.anna, body="Hallo allemaal")
    chat_services.post_message(cohort=world.cohort, author=world.kees, body="Hoi Anna")
    return world


def _user_fields(label):
    model = apps.get_model(label)
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return [
        f.attname
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model is user_model
    ]


def test_the_json_holds_no_one_elses_votes_cheers_or_ids(busy_world):
    anna = busy_world.anna
    data = export.as_data(anna)["data"]
    votes = data["meetings.vote"]
    assert [v["voter_id"] for v in votes] == [anna.pk]
    assert "health.cheer" not in data  # kees's cheer is his, not hers
    for label, rows in data.items():
        for name in _user_fields(label):
            for row in rows:
                assert row[name] in (anna.pk, None), f"{label}.{name} names someone else"
    messages = [m["body"] for m in data["chat.chatmessage"]]
    assert messages == ["Hallo allemaal"]


def test_every_exported_field_is_documented(busy_world):
    download = export.as_data(busy_world.anna)
    for label, rows in download["data"].items():
        documented = download["fields"][label]
        assert set(rows[0]) == set(documented), label
        assert all(text.strip() for text in documented.values()), label
    assert "password" not in json.dumps(download)


READABLE_HEADINGS = [
    "Mijn gegevens",
    "Over mij",
    "Mijn groep",
    "Doelen en check-ins",
    "Waarden",
    "Vragenlijsten",
    "Bijdragen",
    "Chatberichten",
    "Toestemmingen",
    "Wie bekeek mijn gegevens",
]
INTERNAL = [
    "Supergebruikerstatus",
    "Raw score",
    "Last read seq",
    "Aanjager seat",
    "seq",
    "Stripe",
    "Wachtwoord",
    "_id",
]


def test_the_printable_page_is_in_plain_dutch_per_topic(client, busy_world):
    client.force_login(busy_world.anna)
    page = client.get(reverse("privacy:download_html"))
    assert page.status_code == 200
    text = page.content.decode()
    for heading in READABLE_HEADINGS:
        assert f">{heading}</h" in text, heading
    for internal in INTERNAL:
        assert internal not in text, internal
    assert "82,5 kg" in text
    assert "Elke dag de trap nemen" in text
    assert "Hallo allemaal" in text
    assert "Hoi Anna" not in text and "Kees" not in text


def test_the_printable_page_takes_a_fixed_number_of_queries(
    client, busy_world, django_assert_max_num_queries
):
    anna = busy_world.anna
    client.force_login(anna)
    from django.core.cache import cache

    for number in range(30):
        if number % 8 == 0:
            cache.clear()  # the chat's rate limit: these are not typed by a person
        chat_services.post_message(cohort=busy_world.cohort, author=anna, body=f"Bericht {number}")
    goal = health_services.create_goal(
        membership=_membership(busy_world, anna), by=anna, title="Meer water drinken"
    )
    for number in range(10):
        health_services.record_check_in(goal=goal, by=anna, confidence=number % 10 + 1)
    for days in range(1, 15):
        health_services.record_measurements(
            membership=_membership(busy_world, anna),
            by=anna,
            measured_on=timezone.localdate() - datetime.timedelta(days=days),
            source="other",
            values={"weight": "80"},
        )
    with django_assert_max_num_queries(30):
        assert client.get(reverse("privacy:download_html")).status_code == 200
