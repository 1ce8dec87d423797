"""RFC 5545 output: one VEVENT per session, with a stable UID and a rising SEQUENCE."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, Event

from .models import Session

PRODID = "-//Herstelcirkel//Bijeenkomsten//NL"


def _event(session: Session) -> Event:
    event = Event()
    event.add("uid", session.uid)
    event.add("dtstamp", session.updated_at.astimezone(datetime.UTC))
    event.add("dtstart", session.starts_at.astimezone(datetime.UTC))
    event.add("dtend", session.ends_at.astimezone(datetime.UTC))
    event.add("sequence", session.sequence)
    event.add("summary", f"{session.title} ({session.cohort.name})")
    event.add("status", "CANCELLED" if session.is_cancelled else "CONFIRMED")
    location = session.place or session.online_url
    if location:
        event.add("location", location)
    url = settings.SITE_URL + reverse("sessions:session_detail", args=[session.pk])
    event.add("url", url)
    description = [session.agenda] if session.agenda else []
    if session.online_url:
        description.append(session.online_url)
    if session.is_cancelled and session.cancel_reason:
        description.append(session.cancel_reason)
    description.append(url)
    event.add("description", "\n\n".join(description))
    return event


def calendar_bytes(sessions: Iterable[Session], *, name: str, method: str = "") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for session in sessions:
        calendar.add_component(_event(session))
    return calendar.to_ical()
