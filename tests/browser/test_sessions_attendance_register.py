"""The attendance register on a phone (390x844): prefilled, "Iedereen aanwezig", errors."""

import datetime
import os

import pytest
import time_machine
from django.test import TestCase
from django.utils import timezone
from playwright.sync_api import expect

from groups import services as group_services
from sessions import services
from sessions.models import Attendance, Session
from tests import factories

from .test_sessions_theme_to_attendance import log_in_by_code

PHONE = {"width": 390, "height": 844}
NAMES = ("Ria", "Bert", "Cor", "Dirk", "Els", "Fatima", "Gerrit", "Hans")


@pytest.fixture
def phone(chromium, site_tree, live_server):
    context = chromium.new_context(base_url=live_server.url, locale="nl-NL", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def phone_without_javascript(chromium, site_tree, live_server):
    context = chromium.new_context(
        base_url=live_server.url, locale="nl-NL", viewport=PHONE, java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def running_session(world):
    """A group of eight, Ria its aanjager; a session that began ten minutes ago. Before it,
    Bert signed up and Ria signed off; the others said nothing."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        cohort = factories.make_cohort(world.organisation, by=world.marloes, name="Groep Oost")
        group_services.assign_coach(cohort=cohort, coach=world.sanne, by=world.marloes)
        people = {
            name: factories.enrol(
                cohort,
                nurse=world.petra,
                practice=world.practice,
                email=f"{name.lower()}@example.org",
                first_name=name,
            ).person
            for name in NAMES
        }
        group_services.start_cohort(
            cohort=cohort, by=world.sanne, confirm_small_start=True, reason="Proefgroep"
        )
        group_services.appoint_aanjager(
            membership=cohort.memberships.get(person=people["Ria"]), by=world.sanne
        )
    start = timezone.now() - datetime.timedelta(minutes=10)
    session = services.plan_session(
        cohort=cohort,
        by=world.sanne,
        title="Bewegen in de wijk",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="Buurthuis De Ster",
    )
    with time_machine.travel(start - datetime.timedelta(days=1)):
        services.answer_rsvp(session=session, person=people["Bert"], coming=True)
        services.answer_rsvp(session=session, person=people["Ria"], coming=False)
    return session


def _no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.evaluate("window.innerWidth"), f"the page is {width} px wide"


def _answers_fit(page):
    """No answer's text runs out of its button."""
    overflowing = page.evaluate(
        "[...document.querySelectorAll('label.segment')]"
        ".filter(el => el.scrollWidth > el.clientWidth + 1).length"
    )
    assert overflowing == 0, f"{overflowing} answers do not fit their button"


def _open_register(page, session, mailoutbox):
    log_in_by_code(page, "ria@example.org", mailoutbox)
    page.goto(f"/bijeenkomsten/{session.pk}/")
    page.get_by_role("link", name="Aanwezigheidslijst invullen").click()
    expect(page.get_by_role("heading", name="Aanwezigheidslijst")).to_be_visible()


def test_everyone_present_in_one_tap_then_one_correction_on_a_phone(
    phone, world, running_session, mailoutbox
):
    page = phone
    _open_register(page, running_session, mailoutbox)
    bert, ria = page.get_by_role("group", name="Bert"), page.get_by_role("group", name="Ria")
    # Prefilled from the sign-ups, and the sign-up said in words.
    expect(bert.get_by_label("aanwezig", exact=True)).to_be_checked()
    expect(bert.get_by_text("Aangemeld", exact=True)).to_be_visible()
    expect(ria.get_by_label("afgemeld met reden", exact=True)).to_be_checked()
    expect(ria.get_by_label("Reden voor Ria, als afgemeld met reden")).to_have_value("Afgemeld")
    cor = page.get_by_role("group", name="Cor")
    expect(cor.get_by_role("radio", checked=True)).to_have_count(0)
    # The reason appears only for "afgemeld met reden".
    expect(cor.get_by_label("Reden voor Cor, als afgemeld met reden")).to_be_hidden()
    _no_sideways_scroll(page)
    # Each answer is a big tap target, three side by side.
    box = cor.locator("label.segment").first.bounding_box()
    assert box and box["height"] >= 44 and box["width"] >= 88
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=f"{os.environ['SCREENSHOT_DIR']}/register-390.png", full_page=True)

    _answers_fit(page)
    page.get_by_role("button", name="Iedereen aanwezig").click()
    expect(
        page.get_by_role("status").filter(has_text="Iedereen staat op aanwezig")
    ).to_be_visible()
    expect(page.locator('input[type="radio"][value="present"]:checked')).to_have_count(8)
    assert not Attendance.objects.exists()  # nothing saved before "Lijst opslaan"
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=f"{os.environ['SCREENSHOT_DIR']}/register-all-present-390.png")
    # Only Dirk was not there.
    page.get_by_role("group", name="Dirk").get_by_label("afwezig", exact=True).check()
    page.get_by_role("button", name="Lijst opslaan").click()
    expect(page.get_by_text("De aanwezigheidslijst is opgeslagen")).to_be_visible()
    statuses = dict(Attendance.objects.values_list("person__first_name", "status"))
    assert statuses == {
        **dict.fromkeys(NAMES, "present"),
        "Dirk": "absent",
    }


def test_a_missing_reason_is_shown_at_its_row_and_the_summary_leads_there(
    phone, world, running_session, mailoutbox
):
    page = phone
    _open_register(page, running_session, mailoutbox)
    page.get_by_role("button", name="Iedereen aanwezig").click()
    els = page.get_by_role("group", name="Els")
    els.get_by_label("afgemeld met reden", exact=True).check()
    page.get_by_role("button", name="Lijst opslaan").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    message = "Vul de reden in waarom Els er niet was."
    expect(page.get_by_role("group", name="Els").get_by_text(message)).to_be_visible()
    summary.get_by_role("link", name=message).click()
    expect(page.get_by_label("Reden voor Els, als afgemeld met reden")).to_be_focused()
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(
            path=f"{os.environ['SCREENSHOT_DIR']}/register-error-390.png", full_page=True
        )
    _no_sideways_scroll(page)
    page.set_viewport_size({"width": 320, "height": 640})  # 400 % zoom (WCAG 1.4.10)
    _no_sideways_scroll(page)
    _answers_fit(page)
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=f"{os.environ['SCREENSHOT_DIR']}/register-320.png")
    # The largest text size on a phone: the answers stack and still fit.
    page.set_viewport_size(PHONE)
    page.get_by_role("button", name="Heel groot").click()
    expect(page.get_by_role("heading", name="Aanwezigheidslijst")).to_be_visible()
    _no_sideways_scroll(page)
    _answers_fit(page)
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(
            path=f"{os.environ['SCREENSHOT_DIR']}/register-very-large-390.png", full_page=True
        )
    assert not Attendance.objects.exists()


def test_everyone_present_works_without_javascript(
    phone_without_javascript, world, running_session, mailoutbox
):
    page = phone_without_javascript
    _open_register(page, running_session, mailoutbox)
    page.get_by_role("button", name="Iedereen aanwezig").click()
    expect(page.get_by_text("Iedereen staat op aanwezig")).to_be_visible()
    expect(page.locator('input[type="radio"][value="present"]:checked')).to_have_count(8)
    assert not Attendance.objects.exists()
    page.get_by_role("button", name="Lijst opslaan").click()
    expect(page.get_by_text("De aanwezigheidslijst is opgeslagen")).to_be_visible()
    assert Attendance.objects.filter(status="present").count() == 8


def test_a_series_is_previewed_on_a_phone_before_it_is_made(phone, world, mailoutbox):
    page = phone
    log_in_by_code(page, world.kees.email, mailoutbox)
    page.goto(f"/groepen/{world.cohort.pk}/bijeenkomsten/reeks/")
    first = timezone.localdate() + datetime.timedelta(weeks=1)
    expect(page.get_by_label("Datum van de eerste bijeenkomst")).to_have_value(first.isoformat())
    page.get_by_label("Aantal bijeenkomsten in dit eerste deel").fill("3")
    page.get_by_label("Daarna: aantal maandelijkse bijeenkomsten").fill("2")
    page.get_by_role("button", name="Toon de datums").click()
    expect(page.get_by_role("heading", name="Kijk de datums na")).to_be_visible()
    expect(page.locator(".series-preview li")).to_have_count(5)
    _no_sideways_scroll(page)
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(
            path=f"{os.environ['SCREENSHOT_DIR']}/series-preview-390.png", full_page=True
        )
    assert not Session.objects.exists()
    page.get_by_role("button", name="Terug").click()
    page.get_by_label("Daarna: aantal maandelijkse bijeenkomsten").fill("1")
    page.get_by_role("button", name="Toon de datums").click()
    expect(page.locator(".series-preview li")).to_have_count(4)
    page.get_by_role("button", name="Maak deze bijeenkomsten").click()
    expect(page.get_by_text("Er zijn 4 bijeenkomsten gepland")).to_be_visible()
    assert Session.objects.count() == 4
