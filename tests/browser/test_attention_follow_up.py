"""The coach opens "Wie verdient aandacht?" on a phone, sees Anna's signals in words and
records a follow-up; the list then shows it as the last contact."""

import datetime
from concurrent.futures import ThreadPoolExecutor

from django.utils import timezone
from playwright.sync_api import expect

from attention.models import FollowUp
from tests.attention.conftest import plan
from tests.browser.test_enrolment_flow import log_in_with_password


def _next_session(world):
    start = timezone.now().replace(minute=0, second=0, microsecond=0)
    plan(world, start + datetime.timedelta(days=3), "Samen koken")


def no_sideways_scrolling(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width


def test_the_coach_records_a_follow_up_on_a_phone(page, world):
    # Services broadcast with async_to_sync: not on the thread of Playwright's event loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(_next_session, world).result()
    page.set_viewport_size({"width": 390, "height": 844})
    log_in_with_password(page, world.sanne.email)
    page.goto(f"/groepen/{world.cohort.pk}/")
    page.get_by_role("link", name="Wie verdient aandacht?").click()
    expect(page.get_by_role("heading", name="Wie verdient aandacht?", level=1)).to_be_visible()
    anna = page.locator("li").filter(has=page.get_by_role("link", name="Anna Test"))
    expect(anna).to_contain_text("Niet aangemeld voor de volgende bijeenkomst (Samen koken)")
    expect(anna).to_contain_text("Nog geen contact genoteerd.")
    no_sideways_scrolling(page)
    page.screenshot(path="/tmp/attention-list-390.png", full_page=True)

    page.get_by_role("link", name="Anna Test").click()
    page.get_by_label("Wat is er gebeurd?").fill("Gebeld, komt volgende keer")
    no_sideways_scrolling(page)
    page.get_by_role("button", name="Opvolging opslaan").click()
    expect(page.get_by_text("De opvolging is opgeslagen.")).to_be_visible()
    page.screenshot(path="/tmp/attention-member-390.png", full_page=True)
    page.get_by_role("link", name="Terug naar de lijst").click()
    expect(anna).to_contain_text("Laatste contact")
    expect(anna).to_contain_text("Gebeld, komt volgende keer")
    follow_up = FollowUp.objects.get()
    assert follow_up.by == world.sanne
    assert follow_up.contacted_on == timezone.localdate()
