"""The group chooses a theme, the coach plans it and takes attendance, all in the browser."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from sessions import services
from sessions.models import Attendance, Session

from .test_enrolment_flow import log_in_with_password, log_out


def log_in_by_code(page, email, mailoutbox):
    page.goto("/account/login/")
    page.get_by_label("E-mailadres").first.fill(email)
    page.get_by_role("button", name="Stuur mij een code").click()
    code = re.search(r"^\s*(\d{6})\s*$", mailoutbox[-1].body, re.MULTILINE).group(1)
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Bevestigen").click()


def test_participant_proposes_and_votes_aanjager_closes_coach_plans_and_registers(
    page, world, mailoutbox
):
    services.propose_theme(cohort=world.cohort, by=world.kees, title="Slapen en suiker")
    services.open_voting_round(cohort=world.cohort, by=world.kees)

    # Anna proposes a theme and spreads her three votes.
    log_in_by_code(page, world.anna.email, mailoutbox)
    page.get_by_role("link", name="Thema's: voorstellen en stemmen").click()
    page.get_by_label("Thema:", exact=True).fill("Gezond eten zonder dieet")
    page.get_by_label("Waarom is dit belangrijk voor u?").fill("Ik wil weten wat wel kan.")
    page.get_by_role("button", name="Thema voorstellen").click()
    expect(page.get_by_text("Uw thema staat nu in de lijst")).to_be_visible()
    page.get_by_label("Stemmen voor “Gezond eten zonder dieet”").fill("2")
    page.get_by_label("Stemmen voor “Slapen en suiker”").fill("2")
    page.get_by_role("button", name="Mijn stemmen opslaan").click()
    expect(page.get_by_text("U gaf 4 stemmen, maar u heeft er 3")).to_be_visible()
    page.get_by_label("Stemmen voor “Gezond eten zonder dieet”").fill("2")
    page.get_by_label("Stemmen voor “Slapen en suiker”").fill("1")
    page.get_by_role("button", name="Mijn stemmen opslaan").click()
    expect(page.get_by_text("Uw stemmen zijn opgeslagen")).to_be_visible()
    expect(page.get_by_text("U heeft nog 0 stemmen over")).to_be_visible()
    log_out(page)

    # Kees, aanjager, closes the round: one theme is chosen.
    log_in_by_code(page, world.kees.email, mailoutbox)
    page.goto(f"/groepen/{world.cohort.pk}/themas/")
    page.get_by_label("Hoeveel thema's kiest de groep?").fill("1")
    page.get_by_role("button", name="Stemronde sluiten en de keuze vastleggen").click()
    expect(page.get_by_text("de keuze van de groep is opgeslagen")).to_be_visible()
    decision = page.locator("section.decision")
    expect(decision.get_by_role("row", name=re.compile("Gezond eten.*gekozen"))).to_be_visible()
    log_out(page)

    # Sanne, the coach, plans the chosen theme and fills in the register.
    log_in_with_password(page, world.sanne.email)
    page.goto(f"/groepen/{world.cohort.pk}/")
    page.get_by_role("link", name="Planningsoverzicht").click()
    page.get_by_role("link", name="Plan een bijeenkomst over “Gezond eten zonder dieet”").click()
    # Yesterday: the register opens only once a session has started.
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    page.get_by_label("Datum").fill(yesterday.isoformat())
    page.get_by_label("Begintijd").fill("19:00")
    page.get_by_label("Eindtijd").fill("21:00")
    page.get_by_label("Geleid door").select_option(label="Kees")
    page.get_by_role("button", name="Bijeenkomst plannen").click()
    expect(page.get_by_text("De bijeenkomst is gepland")).to_be_visible()
    expect(page.get_by_role("heading", name="Gezond eten zonder dieet")).to_be_visible()
    session = Session.objects.get()
    assert [t.title for t in session.themes.all()] == ["Gezond eten zonder dieet"]

    page.get_by_role("link", name="Aanwezigheidslijst invullen").click()
    page.get_by_role("group", name="Anna").get_by_label("aanwezig", exact=True).check()
    page.get_by_role("group", name="Kees").get_by_label("afgemeld met reden", exact=True).check()
    page.get_by_role("button", name="Lijst opslaan").click()
    expect(
        page.get_by_role("group", name="Kees").get_by_text("Vul de reden in waarom Kees er niet")
    ).to_be_visible()
    page.get_by_label("Reden voor Kees, als afgemeld met reden").fill("Op vakantie")
    page.get_by_role("button", name="Lijst opslaan").click()
    expect(page.get_by_text("De aanwezigheidslijst is opgeslagen")).to_be_visible()
    assert dict(Attendance.objects.values_list("person__first_name", "status")) == {
        "Anna": "present",
        "Kees": "excused",
    }
