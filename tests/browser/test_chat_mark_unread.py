"""'Markeer als ongelezen' from the chat's own menu, with the script on: the message stays
unread while the page stays open and new messages keep arriving."""

from concurrent.futures import ThreadPoolExecutor

from playwright.sync_api import expect

from chat import services, unread
from tests.browser.test_chat_two_members import (  # noqa: F401 (fixtures)
    asgi_server,
    member_page,
)


def say(world, body):
    """Posts as Kees; the broadcast's async_to_sync may not run on Playwright's loop."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(
            services.post_message, cohort=world.cohort, author=world.kees, body=body
        ).result()


def test_mark_as_unread_from_the_menu_keeps_the_message_unread(
    world,
    member_page,  # noqa: F811 (the fixture imported above)
):
    first = say(world, "Wie komt er?")
    anna = member_page(world.anna)
    anna.set_viewport_size({"width": 390, "height": 844})
    anna.goto(f"/groepen/{world.cohort.pk}/chat/")
    expect(anna.locator("#chat-status")).to_have_text(
        "Verbonden: nieuwe berichten verschijnen vanzelf."
    )
    assert unread.main_unread_count(cohort=world.cohort, person=world.anna) == 0

    message = anna.locator(f"#bericht-{first.seq}")
    message.get_by_role("button", name="Markeer als ongelezen").click()
    expect(anna.locator("#chat-status")).to_contain_text("Dit bericht is weer ongelezen.")
    assert unread.main_unread_count(cohort=world.cohort, person=world.anna) == 1

    # A new message arrives live; the page does not read the place again.
    say(world, "Ik neem koffie mee")
    expect(anna.locator("#chat-messages")).to_contain_text("Ik neem koffie mee")
    anna.wait_for_timeout(1000)  # a 'read' frame, had the page sent one, is handled by now
    assert unread.main_unread_count(cohort=world.cohort, person=world.anna) == 2
    assert anna.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
