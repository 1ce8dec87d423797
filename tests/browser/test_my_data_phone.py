"""The printable "Mijn gegevens" page on a 390 px phone: no sideways scrolling."""

import datetime
from concurrent.futures import ThreadPoolExecutor

from django.test import Client
from django.utils import timezone

from chat import services as chat_services
from health import services as health_services


def _annas_records(world):
    anna = world.anna
    membership = world.cohort.memberships.get(person=anna)
    goal = health_services.create_goal(
        membership=membership,
        by=anna,
        sharing="group",
        title="Elke dag een halfuur wandelen met de buurvrouw en de hond",
        actions="Na het ontbijt, ook als het regent; anders op de hometrainer",
    )
    health_services.record_check_in(goal=goal, by=anna, confidence=6, note="Twee keer gelukt")
    health_services.record_measurements(
        membership=membership,
        by=world.petra,
        measured_on=timezone.localdate() - datetime.timedelta(days=2),
        source="annual_checkup",
        values={"weight": "82,5"},
    )
    chat_services.post_message(
        cohort=world.cohort, author=anna, body="Wie wil er dinsdag mee naar de markt? " * 5
    )


def test_my_data_fits_a_phone_without_sideways_scrolling(page, live_server, world, tmp_path):
    # Services broadcast with async_to_sync: not on the thread of Playwright's event loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(_annas_records, world).result()
    client = Client()
    client.force_login(world.anna)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/privacy/mijn-gegevens.html")
    assert page.locator("h1").inner_text() in {"Mijn gegevens", "My data"}
    page.screenshot(path=str(tmp_path / "my-data-390.png"), full_page=True)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    too_wide = page.evaluate(
        """[...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > 391)
            .slice(0, 5).map(e => e.tagName + ' ' + e.textContent.slice(0, 40))"""
    )
    assert scroll_width <= 390, f"{scroll_width} px wide on a 390 px phone: {too_wide}"
