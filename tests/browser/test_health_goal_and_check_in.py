"""A participant writes a goal on her phone, shares it with the group and checks in;
a fellow member cheers it on."""

import re

from playwright.sync_api import expect

from health.models import CheckIn, Cheer, Goal


def log_in_by_code(page, email, mailoutbox):
    page.goto("/account/login/")
    form = page.locator("form").filter(has=page.get_by_role("button", name="Stuur mij een code"))
    form.get_by_label("E-mailadres").fill(email)
    form.get_by_role("button", name="Stuur mij een code").click()
    code = re.search(r"^\s*(\d{6})\s*$", mailoutbox[-1].body, re.MULTILINE).group(1)
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Bevestigen").click()


def test_participant_writes_shares_and_checks_in_on_a_goal(page, world, mailoutbox):
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    log_in_by_code(page, world.anna.email, mailoutbox)

    # From the overview to her plan, and a goal in her own words.
    expect(page.get_by_role("heading", name="Mijn plan")).to_be_visible()
    page.get_by_role("link", name="Mijn plan en doelen").click()
    page.get_by_role("link", name="Doel toevoegen").click()
    page.get_by_label("Mijn doel, in mijn eigen woorden").fill("Elke dag een halfuur wandelen")
    page.get_by_label("Waarom dit belangrijk voor mij is").fill("Met mijn kleinzoon voetballen")
    expect(page.get_by_label("Privé: alleen ik en mijn coach")).to_be_checked()
    page.get_by_role("button", name="Mijn doel opslaan").click()
    expect(page.get_by_text("Uw doel is opgeslagen.")).to_be_visible()
    expect(page.get_by_role("heading", name="Elke dag een halfuur wandelen")).to_be_visible()

    # She chooses to share it with the group.
    page.get_by_role("button", name="Delen met mijn groep").click()
    expect(page.get_by_text("Uw doel is nu gedeeld met uw groep.")).to_be_visible()
    assert Goal.objects.get().is_shared

    # A check-in: one tap on the scale, a few words, save.
    page.get_by_role("link", name="Voortgang bijhouden").first.click()
    page.get_by_label("7", exact=True).check()
    page.get_by_label("Hoe gaat het? (niet verplicht)").fill("Drie keer gelopen")
    page.get_by_role("button", name="Voortgang opslaan").click()
    expect(page.get_by_text("Uw voortgang is opgeslagen. Goed gedaan!")).to_be_visible()
    table = page.get_by_role("table", name="Voortgang, oudste eerst")
    expect(table.get_by_role("cell", name="Drie keer gelopen")).to_be_visible()
    expect(page.locator("figure.health-chart svg")).to_be_visible()
    assert CheckIn.objects.get().confidence == 7
    page.get_by_role("navigation").get_by_role("button", name="Uitloggen").click()

    # Kees, from the same group, sees the shared goal and cheers it on.
    log_in_by_code(page, world.kees.email, mailoutbox)
    page.get_by_role("link", name="Doelen gedeeld in mijn groep").click()
    expect(page.get_by_role("heading", name="Elke dag een halfuur wandelen")).to_be_visible()
    page.get_by_role("button", name=re.compile("^Aanmoedigen")).click()
    expect(page.get_by_text("U heeft dit doel aangemoedigd.").first).to_be_visible()
    assert Cheer.objects.filter(person=world.kees).count() == 1
