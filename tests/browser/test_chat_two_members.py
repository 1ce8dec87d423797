"""Two members chat in two Chromium pages over a real WebSocket connection.

pytest-django's live server speaks only HTTP (WSGI), so this test serves the project's
ASGI application with Uvicorn in a thread of the test process: that way it shares the test
database, even SQLite's in-memory one, and the in-memory channel layer.
"""

import datetime
import socket
import threading
import time

import pytest
import uvicorn
from django.utils import formats, timezone, translation
from playwright.sync_api import expect

from config.asgi import application
from tests.chat.conftest import session_cookie


@pytest.fixture
def asgi_server(transactional_db, site_tree):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            application,
            host="127.0.0.1",
            port=port,
            log_level="warning",
            lifespan="off",
            ws="websockets-sansio",  # as in production (README)
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("Uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def member_page(chromium, asgi_server):
    contexts = []

    def open_as(user):
        context = chromium.new_context(base_url=asgi_server, locale="nl-NL")
        context.add_cookies(
            [{"name": "sessionid", "value": session_cookie(user), "url": asgi_server}]
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.csp_errors = []
        page.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text and page.csp_errors.append(message.text)
            ),
        )
        return page

    yield open_as
    for context in contexts:
        context.close()


def test_two_members_chat_live(world, member_page):
    chat_path = f"/groepen/{world.cohort.pk}/chat/"
    anna = member_page(world.anna)
    kees = member_page(world.kees)
    for page in (anna, kees):
        page.goto(chat_path)
        expect(page.get_by_role("status")).to_have_text(
            "Verbonden: nieuwe berichten verschijnen vanzelf."
        )
    expect(kees.locator("#chat-members li", has_text="Anna")).to_contain_text("online")

    anna.get_by_label("Uw bericht").fill(
        '<img src=x id="evil"> Kijk op https://example.org/recept, lekker!'
    )
    anna.get_by_role("button", name="Versturen").click()
    expect(anna.get_by_label("Uw bericht")).to_have_value("")

    message = kees.locator(".chat-message").filter(has_text="Kijk op")
    expect(message).to_contain_text('<img src=x id="evil"> Kijk op https://example.org/recept')
    expect(message.get_by_role("link", name="https://example.org/recept")).to_have_attribute(
        "href", "https://example.org/recept"
    )
    assert kees.locator("#evil").count() == 0  # shown as text, never as HTML
    expect(message.locator(".chat-author")).to_have_text("Anna")
    expect(message.get_by_role("link", name="Bewerken")).to_have_count(0)  # not his message
    expect(message.get_by_role("link", name="Verbergen")).to_be_visible()  # kees moderates

    # Kees answers with the keyboard only: Ctrl+Enter sends.
    kees.get_by_label("Uw bericht").fill("Goed idee, Anna!")
    kees.get_by_label("Uw bericht").press("Control+Enter")
    reply = anna.locator(".chat-message").filter(has_text="Goed idee, Anna!")
    expect(reply.locator(".chat-author")).to_have_text("Kees")
    # The time reads the Dutch way ("1 december 2026, 21:05"), in Amsterdam time, for the
    # moment the message was stored: compared with that moment, never with a literal month.
    stamp = reply.locator("time")
    sent_at = datetime.datetime.fromisoformat(stamp.get_attribute("datetime"))
    assert abs(timezone.now() - sent_at) < datetime.timedelta(minutes=5)
    with translation.override("nl"):
        shown = formats.date_format(timezone.localtime(sent_at), "j F Y, H:i")
    expect(stamp).to_have_text(shown)

    # A message that is too long gets a clear message instead of being dropped.
    anna.get_by_label("Uw bericht").fill("x" * 2001)
    anna.get_by_role("button", name="Versturen").click()
    expect(anna.get_by_role("alert")).to_contain_text("hoogstens 2000 tekens")

    # Kees leaves the page: Anna sees him go offline.
    kees.close()
    expect(anna.locator("#chat-members li", has_text="Kees")).to_contain_text("niet online")
    assert anna.csp_errors == []
