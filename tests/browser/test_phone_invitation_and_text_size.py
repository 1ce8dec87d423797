"""On a phone (390 x 844): the invitation link to the first log-in, and the text size."""

import os
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from groups import invitations

PHONE = {"width": 390, "height": 844}


def shot(page, name: str) -> None:
    """Screenshots for a person to look at, only when asked (never committed)."""
    folder = os.environ.get("HC_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


def _phone(chromium, live_server, **options):
    context = chromium.new_context(
        base_url=live_server.url, viewport=PHONE, locale="nl-NL", **options
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


@pytest.fixture
def phone(chromium, site_tree, live_server):
    context, page = _phone(chromium, live_server)
    yield page
    context.close()


@pytest.fixture
def phone_without_js(chromium, site_tree, live_server):
    context, page = _phone(chromium, live_server, java_script_enabled=False)
    yield page
    context.close()


def no_sideways_scroll(page) -> None:
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{page.url} scrolls sideways: {width}"


def code_from(mailoutbox) -> str:
    return re.search(r"^\s*(\d{6})\s*$", mailoutbox[-1].body, re.MULTILINE).group(1)


def test_invitation_link_to_the_agreement_on_a_phone(phone, world, mailoutbox):
    membership = world.cohort.memberships.get(person=world.ivo)
    phone.goto(reverse("groups:invitation_welcome", args=[invitations.token_for(membership)]))
    expect(phone.get_by_role("heading", name="Welkom, Ivo")).to_be_visible()
    expect(
        phone.get_by_text("Petra nodigt u uit voor de groep Herstelcirkel Noord.")
    ).to_be_visible()
    expect(phone.locator("main input[type=email], main input[type=password]")).to_have_count(0)
    no_sideways_scroll(phone)
    shot(phone, "invitation")

    phone.get_by_role("button", name="Stuur mij de code").click()
    code_field = phone.get_by_label("Code", exact=True)
    expect(code_field).to_be_focused()
    expect(code_field).to_have_attribute("inputmode", "numeric")
    expect(code_field).to_have_attribute("autocomplete", "one-time-code")
    expect(phone.get_by_text("De code werkt 15 minuten.")).to_be_visible()
    # One main button; the others are links.
    main_buttons = phone.locator("main button:not(.link-button)")
    expect(main_buttons).to_have_count(1)
    expect(main_buttons).to_have_text("Bevestigen")
    cancel = phone.get_by_role("button", name="Annuleren")
    assert cancel.evaluate("el => getComputedStyle(el).textDecorationLine") == "underline"
    assert cancel.evaluate("el => getComputedStyle(el).backgroundColor") == "rgba(0, 0, 0, 0)"
    no_sideways_scroll(phone)
    shot(phone, "code-screen")

    phone.keyboard.type(code_from(mailoutbox))  # typed straight into the focused field
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("heading", name="Welkom bij Herstelcirkel Noord")).to_be_visible()


def test_very_large_text_is_remembered_everywhere_without_sideways_scroll(
    phone_without_js, world, mailoutbox
):
    phone = phone_without_js  # the switch is a plain form: no JavaScript needed
    phone.goto("/account/login/")
    body_size = "parseFloat(getComputedStyle(document.body).fontSize)"
    normal = phone.evaluate(body_size)
    phone.get_by_role("button", name="Heel groot").click()
    expect(phone.locator("html")).to_have_class(re.compile(r"\btext-very-large\b"))
    expect(phone.get_by_role("button", name="Heel groot")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert phone.url.endswith("/account/login/")  # back where the reader was
    assert phone.evaluate(body_size) >= normal * 1.3
    no_sideways_scroll(phone)

    # Log in as a participant: the size stays, on every page she opens.
    form = phone.locator("form").filter(has=phone.get_by_role("button", name="Stuur mij een code"))
    form.get_by_label("E-mailadres").fill(world.anna.email)
    form.get_by_role("button", name="Stuur mij een code").click()
    phone.get_by_label("Code", exact=True).fill(code_from(mailoutbox))
    phone.get_by_role("button", name="Bevestigen").click()
    expect(phone.get_by_role("heading", name="Welkom, Anna")).to_be_visible()
    for path in (
        reverse("dashboard"),
        reverse("groups:cohort_detail", args=[world.cohort.pk]),
        reverse("privacy:overview"),
        "/",
    ):
        phone.goto(path)
        expect(phone.locator("html")).to_have_class(re.compile(r"\btext-very-large\b"))
        no_sideways_scroll(phone)
    phone.goto(reverse("dashboard"))
    shot(phone, "overview-very-large")

    # Back to normal in one press.
    phone.get_by_role("button", name="Normaal").click()
    expect(phone.locator("html")).not_to_have_class(re.compile(r"\btext-very-large\b"))
    assert phone.evaluate(body_size) == normal
    world.anna.refresh_from_db()
    assert world.anna.text_size == "normal"
