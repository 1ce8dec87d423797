"""A notice from the aanjager, acknowledged by a participant on a 390 px phone: live above
the chat (over the real WebSocket), and on her overview with the plain form."""

from playwright.sync_api import expect

from notices.models import NoticeRead
from tests.browser.test_chat_two_members import (  # noqa: F401 (fixtures)
    asgi_server,
    member_page,
)

PHONE = {"width": 390, "height": 844}


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _post_notice(kees, world, text):
    kees.goto(f"/groepen/{world.cohort.pk}/mededelingen/nieuw/")
    kees.get_by_label("Uw mededeling aan de groep").fill(text)
    kees.get_by_role("button", name="Plaats de mededeling").click()
    expect(kees.get_by_text("Uw mededeling staat nu bovenaan voor de groep.")).to_be_visible()


def test_anna_acknowledges_a_notice_on_her_phone(world, member_page):  # noqa: F811
    anna = member_page(world.anna)
    anna.set_viewport_size(PHONE)
    anna.goto(f"/groepen/{world.cohort.pk}/chat/")
    expect(anna.locator("#chat-status")).to_have_text(
        "Verbonden: nieuwe berichten verschijnen vanzelf."
    )
    expect(anna.locator("#notices-pinned")).to_be_hidden()

    kees = member_page(world.kees)
    _post_notice(kees, world, "Donderdag zijn we in de grote zaal. <b>Neem water mee.</b>")

    notice = anna.locator("#notice-list .notice")
    expect(notice).to_have_count(1)  # live, without reloading
    expect(notice).to_contain_text("Mededeling van Kees")
    expect(notice).to_contain_text("<b>Neem water mee.</b>")  # text, never HTML
    assert _fits(anna)
    button = notice.get_by_role("button", name="Gelezen")
    button.focus()
    anna.keyboard.press("Enter")  # with the keyboard, as with a tap
    expect(notice).to_have_count(0)
    expect(anna.locator("#notices-status")).to_have_text("Dank u. De mededeling staat op gelezen.")
    assert NoticeRead.objects.filter(person=world.anna).count() == 1
    anna.reload()
    expect(anna.locator("#notice-list .notice")).to_have_count(0)
    assert anna.csp_errors == []

    # A second notice waits on her overview ("Mijn overzicht"), rendered by the server.
    _post_notice(kees, world, "Volgende week is er geen bijeenkomst.")
    anna.goto("/mijn/")
    pinned = anna.locator("#notices-pinned .notice")
    expect(pinned).to_contain_text("Volgende week is er geen bijeenkomst.")
    assert _fits(anna)
    pinned.get_by_role("button", name="Gelezen").click()
    expect(anna.get_by_text("Dank u. De mededeling staat op gelezen.")).to_be_visible()
    assert anna.url.endswith("/mijn/")
    expect(anna.locator("#notices-pinned")).to_have_count(0)
    assert NoticeRead.objects.filter(person=world.anna).count() == 2
