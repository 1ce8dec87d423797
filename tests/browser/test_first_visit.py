import re

from playwright.sync_api import expect


def login_code(mailoutbox) -> str:
    return re.search(r"^\s*(\d{6})\s*$", mailoutbox[-1].body, re.MULTILINE).group(1)


def test_visitor_reads_dutch_switches_to_english_and_logs_in_by_code(page, anna, mailoutbox):
    # The browser asks for English, but the site is Dutch until the visitor chooses.
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    menu = page.get_by_role("navigation")
    expect(menu.get_by_role("link", name="Inloggen")).to_be_visible()

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    menu.get_by_role("link", name="Log in").click()
    page.get_by_label("E-mail address").fill(anna.email)
    page.get_by_role("button", name="Send me a code").click()

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert len(mailoutbox) == 1
    page.get_by_label("Code").fill(login_code(mailoutbox))
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", name="Welcome, Anna")).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    expect(menu.get_by_role("link", name="Log in")).to_be_visible()


def test_skip_link_is_the_first_stop_for_keyboard_users(page, db):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Direct naar de inhoud")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_stylesheet_loads_and_base_text_is_large(page, db):
    page.goto("/")
    size = page.evaluate("getComputedStyle(document.body).fontSize")
    assert float(size.removesuffix("px")) >= 18
