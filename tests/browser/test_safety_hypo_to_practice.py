"""A participant reports a hypo on her phone and sees what to do now; the practice nurse
gets an e-mail with only a link, and acknowledges the alert on her worklist."""

import re

from playwright.sync_api import expect

from safety.models import Alert
from tests.browser.test_enrolment_flow import log_in_with_password, log_out


def log_in_by_code(page, email, mailoutbox):
    page.goto("/account/login/")
    form = page.locator("form").filter(has=page.get_by_role("button", name="Stuur mij een code"))
    form.get_by_label("E-mailadres").fill(email)
    form.get_by_role("button", name="Stuur mij een code").click()
    code = re.search(r"^\s*(\d{6})\s*$", mailoutbox[-1].body, re.MULTILINE).group(1)
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Bevestigen").click()


def no_sideways_scrolling(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width


def test_hypo_on_a_phone_reaches_the_practice_nurse(page, world, mailoutbox):
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    log_in_by_code(page, world.anna.email, mailoutbox)
    page.get_by_role("link", name="Een hypo melden").click()
    page.get_by_label("Bloedsuiker (mmol/L), als u heeft gemeten").fill("3,2")
    page.get_by_label("trillen of beven").check()
    page.get_by_label("zweten").check()
    page.get_by_label("Ik nam suiker (druivensuiker, limonade, sap)").check()
    page.get_by_label("Nee, het lukte mij zelf").check()
    no_sideways_scrolling(page)
    page.get_by_role("button", name="Melding versturen").click()

    expect(
        page.get_by_role("heading", name="Uw bloedsuiker is te laag: neem nu suiker")
    ).to_be_visible()
    steps = page.locator("ol.advice-steps")
    expect(steps).to_contain_text("Meet na 15 minuten opnieuw.")
    expect(steps).to_contain_text("Bel 112")
    no_sideways_scrolling(page)
    page.screenshot(path="/tmp/safety-advice-390.png", full_page=True)
    alert = Alert.objects.get()
    assert alert.practice == world.practice and alert.is_open

    # The nurse's e-mail says only that there is an alert, with a link.
    message = next(m for m in mailoutbox if m.to == [world.petra.email])
    assert "3,2" not in message.body and "3.2" not in message.body and "Anna" not in message.body
    link = re.search(r"https?://\S+(/meldingen/\d+/)", message.body).group(1)
    log_out(page)

    log_in_with_password(page, world.petra.email)
    page.goto(link)
    expect(page.get_by_role("heading", name="hypo (lage bloedsuiker)")).to_be_visible()
    page.get_by_label("Opmerking").fill("Anna gebeld, het gaat weer goed.")
    page.get_by_role("button", name="Melding gezien").click()
    expect(page.get_by_text("De melding is afgehandeld als gezien.")).to_be_visible()
    expect(page.get_by_text("Gezien door")).to_be_visible()
    alert.refresh_from_db()
    assert alert.acknowledged_by == world.petra
    assert alert.comments.get().text == "Anna gebeld, het gaat weer goed."
