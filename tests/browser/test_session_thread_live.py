"""A session's thread on a phone, over the real socket: a question in the thread appears
live there, stays out of the main chat, and the main chat's list of threads counts it."""

import datetime
import os

from django.utils import timezone
from playwright.sync_api import expect

from sessions import services as session_services
from tests.browser.test_chat_two_members import (  # noqa: F401 (fixtures)
    asgi_server,
    member_page,
)

PHONE = {"width": 390, "height": 844}


def plan_eating(world):
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
    return session_services.plan_session(
        cohort=world.cohort,
        by=world.sanne,
        title="Eten met plezier",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        place="Buurthuis De Ster",
    )


def open_on_phones(world, open_page, session):
    """Anna on the main chat, Kees in the session's thread, both connected."""
    anna = open_page(world.anna)
    kees = open_page(world.kees)
    for page in (anna, kees):
        page.set_viewport_size(PHONE)
    anna.goto(f"/groepen/{world.cohort.pk}/chat/")
    kees.goto(f"/bijeenkomsten/{session.pk}/gesprek/")
    for page in (anna, kees):
        expect(page.locator("#chat-status")).to_have_text(
            "Verbonden: nieuwe berichten verschijnen vanzelf."
        )
    return anna, kees


def test_a_thread_question_arrives_live_and_is_counted_on_the_chat_page(
    world,
    member_page,  # noqa: F811 (the fixture imported above)
):
    session = plan_eating(world)
    anna, kees = open_on_phones(world, member_page, session)
    thread_item = anna.locator(f'#chat-threads [data-thread="{session.pk}"]')
    expect(thread_item).to_contain_text("Eten met plezier")
    expect(thread_item.locator(".chat-thread-count")).to_be_hidden()

    kees.get_by_label("Uw bericht").fill("Mag ik iemand meenemen?")
    kees.get_by_role("button", name="Versturen").click()
    expect(kees.locator("#chat-messages")).to_contain_text("Mag ik iemand meenemen?")
    expect(thread_item.locator(".chat-thread-count")).to_have_text("1 nieuw bericht")
    expect(anna.locator("#chat-messages")).not_to_contain_text("Mag ik iemand meenemen?")
    if os.environ.get("SCREENSHOTS"):
        kees.screenshot(path=os.path.join(os.environ["SCREENSHOTS"], "thread.png"), full_page=True)
        anna.screenshot(path=os.path.join(os.environ["SCREENSHOTS"], "room.png"), full_page=True)

    thread_item.get_by_role("link", name="Eten met plezier").click()
    expect(anna.locator("#chat-messages")).to_contain_text("Mag ik iemand meenemen?")
    assert anna.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_thread_with_more_than_99_new_messages_keeps_saying_so_live(
    world,
    member_page,  # noqa: F811 (the fixture imported above)
    monkeypatch,
):
    """The count stops at 99; a message arriving live does not turn "more than 99" into
    "1 new message"."""
    from chat import services as chat_services
    from chat import unread

    monkeypatch.setattr(chat_services, "_check_rate_limit", lambda **kwargs: None)
    session = plan_eating(world)
    for number in range(unread.UNREAD_SHOWN + 1):
        chat_services.post_message(
            cohort=world.cohort,
            author=world.kees,
            body=f"Bericht {number}",
            session=session,
            broadcast=False,
        )
    anna, kees = open_on_phones(world, member_page, session)
    badge = anna.locator(f'#chat-threads [data-thread="{session.pk}"] .chat-thread-count')
    expect(badge).to_have_text("Meer dan 99 nieuwe berichten")

    kees.get_by_label("Uw bericht").fill("Nog eentje")
    kees.get_by_role("button", name="Versturen").click()
    expect(kees.locator("#chat-messages")).to_contain_text("Nog eentje")
    anna.wait_for_timeout(500)  # the live event has reached the page by now
    expect(badge).to_have_text("Meer dan 99 nieuwe berichten")
    assert anna.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    if os.environ.get("SCREENSHOTS"):
        anna.screenshot(
            path=os.path.join(os.environ["SCREENSHOTS"], "room-99.png"), full_page=True
        )
