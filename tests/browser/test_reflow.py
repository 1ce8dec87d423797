"""Reflow (WCAG 2.1, success criterion 1.4.10): every page fits without scrolling sideways.

Every page of the permission matrix (tests/privacy/test_full_matrix.PAGES), opened in
Chromium by everyone who may see it, at a 390 x 844 phone, at 640 CSS px wide (a 1280 px
window at 200 % zoom), at 320 (400 % zoom) and on the phone with very large text, in
Dutch, whose long words are what breaks a narrow layout. The check is the criterion's own:
``document.documentElement.scrollWidth <= window.innerWidth``. A table may scroll inside
its own labelled region; the page itself may not.

Downloads (JSON, CSV, XLSX, PDF, the calendar feed, FHIR) are not pages and are left out:
a request with Django's test client tells which responses are HTML.
"""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.test import Client
from django.urls import reverse

from accounts.text_size import COOKIE_NAME, TextSize
from tests.conftest import build_world
from tests.privacy.test_full_matrix import ANONYMOUS, PAGES, PEOPLE, build_scene

# (viewport, text size): a phone; a 1280 px window at 200 % zoom; at 400 % zoom, the
# criterion's own 320 px; and the phone with the text-size setting at "heel groot"
VIEWPORTS = (
    ({"width": 390, "height": 844}, TextSize.NORMAL),
    ({"width": 640, "height": 800}, TextSize.NORMAL),
    ({"width": 320, "height": 640}, TextSize.NORMAL),
    ({"width": 390, "height": 844}, TextSize.VERY_LARGE),
)
ANONYMOUS_PAGES = ("/", reverse("account_login"))

OVERFLOW = """() => {
    const width = window.innerWidth;
    if (document.documentElement.scrollWidth <= width) return null;
    const wide = [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > width + 1)
        .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > width + 1));
    return document.documentElement.scrollWidth + ' px: ' + wide.slice(0, 3)
        .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
             + ' "' + e.textContent.trim().slice(0, 30) + '"').join(', ');
}"""


@pytest.fixture
def scene(transactional_db, site_tree):
    # The services broadcast with async_to_sync: not on the thread of Playwright's loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: build_scene(build_world())).result()


def html_pages_of(scene, name: str) -> list[tuple[str, str]]:
    """(key, url) of every HTML page that ``name`` may open, as the matrix says."""
    client = Client()
    if name == ANONYMOUS:
        return [(url, url) for url in ANONYMOUS_PAGES]
    client.force_login(scene.person(name))
    pages = []
    for key, row in PAGES.items():
        if row.post_only or name not in row.allowed:
            continue
        url = row.build(scene)
        response = client.get(url, follow=True)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages.append((key, response.redirect_chain[-1][0] if response.redirect_chain else url))
    return pages


@pytest.mark.parametrize("name", (*PEOPLE, ANONYMOUS))
def test_no_page_scrolls_sideways_on_a_phone_or_at_200_percent_zoom(
    chromium, live_server, scene, name
):
    pages = html_pages_of(scene, name)
    assert pages, f"{name} may open no page: the matrix changed?"
    context = chromium.new_context(base_url=live_server.url, locale="nl-NL")
    if name != ANONYMOUS:
        client = Client()
        client.force_login(scene.person(name))
        cookie = client.cookies["sessionid"].value
        context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(10_000)
    too_wide = []
    root_font = {}
    try:
        for viewport, size in VIEWPORTS:
            page.set_viewport_size(viewport)
            text_size = {"name": COOKIE_NAME, "value": size, "url": live_server.url}
            context.add_cookies([text_size])
            for key, url in pages:
                page.goto(url)
                root_font[size] = page.evaluate(
                    "parseFloat(getComputedStyle(document.documentElement).fontSize)"
                )
                overflow = page.evaluate(OVERFLOW)
                if overflow:
                    where = f"{viewport['width']} px, text {size}"
                    too_wide.append(f"{where}, {key} ({url}): {overflow}")
    finally:
        context.close()
    assert root_font[TextSize.VERY_LARGE] > root_font[TextSize.NORMAL]  # the setting applied
    assert not too_wide, f"{name}: pages wider than the window:\n" + "\n".join(too_wide)
