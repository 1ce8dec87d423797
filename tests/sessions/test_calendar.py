"""iCalendar output (parsed back with the icalendar library), feed tokens and downloads."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from sessions import selectors, services

from .conftest import at


def parse(response):
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return calendar, list(calendar.walk("VEVENT"))


def feed_url(person):
    feed = services.ensure_calendar_feed(person=person)
    return reverse("sessions:calendar_feed", args=[selectors.feed_token(feed)])


def test_the_feed_is_valid_rfc5545_and_follows_changes(world, plan, client):
    moved, cancelled = plan(days=7, title="Eten"), plan(days=14, title="Bewegen")
    plan(days=7, cohort=world.other_cohort, by=world.marloes, title="Van een andere groep")
    url = feed_url(world.anna)

    calendar, events = parse(client.get(url))
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    assert [(str(e["UID"]), e["SEQUENCE"], str(e["STATUS"])) for e in events] == [
        (moved.uid, 0, "CONFIRMED"),
        (cancelled.uid, 0, "CONFIRMED"),
    ]
    assert events[0].decoded("DTSTART") == moved.starts_at
    assert events[0].decoded("DTSTART").utcoffset().total_seconds() == 0  # UTC
    assert "Buurthuis De Ster" in str(events[0]["LOCATION"])

    services.update_session(session=moved, by=world.sanne, starts_at=at(8), ends_at=at(8, 21))
    services.cancel_session(session=cancelled, by=world.sanne, reason="Ziek")
    _calendar, events = parse(client.get(url))
    assert [(str(e["UID"]), e["SEQUENCE"], str(e["STATUS"])) for e in events] == [
        (moved.uid, 1, "CONFIRMED"),
        (cancelled.uid, 1, "CANCELLED"),
    ]
    assert events[0].decoded("DTSTART") == at(8)


def test_the_feed_works_without_log_in_and_only_with_the_right_token(world, plan, client):
    plan(days=7)
    url = feed_url(world.anna)
    assert client.get(url).status_code == 200
    tampered = url[: -len("abcdef.ics")] + "abcdef.ics"
    assert tampered != url
    assert client.get(tampered).status_code == 404
    assert client.get(reverse("sessions:calendar_feed", args=["nonsense"])).status_code == 404
    assert client.post(url).status_code == 405


def test_a_new_address_revokes_the_old_one(world, plan, client):
    old = feed_url(world.anna)
    services.renew_calendar_feed(person=world.anna)
    new = feed_url(world.anna)
    assert old != new
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_a_member_who_left_no_longer_sees_sessions(world, plan, client):
    from groups import services as group_services

    plan(days=7)
    url = feed_url(world.anna)
    membership = world.cohort.memberships.get(person=world.anna)
    group_services.leave_cohort(membership=membership, by=world.anna, reason="Verhuisd")
    _calendar, events = parse(client.get(url))
    assert events == []


def test_the_session_download_needs_membership(world, plan, client):
    session = plan(days=7)
    url = reverse("sessions:session_ics", args=[session.pk])
    assert client.get(url).status_code == 302
    client.force_login(world.otto)
    assert client.get(url).status_code == 404
    client.force_login(world.frank)
    assert client.get(url).status_code == 403
    client.force_login(world.anna)
    response = client.get(url)
    _calendar, events = parse(response)
    assert [str(e["UID"]) for e in events] == [session.uid]
    assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize("name", ["anna", "sanne"])
def test_my_calendar_page_shows_the_address_after_making_it(world, client, name):
    client.force_login(getattr(world, name))
    page = reverse("sessions:my_calendar")
    assert "/agenda/" not in client.get(page).text.replace(page, "")
    client.post(reverse("sessions:my_calendar_renew"))
    response = client.get(page)
    assert selectors.feed_token(getattr(world, name).calendar_feed) in response.text
