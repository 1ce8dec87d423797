"""The whole enrolment as people do it: referral, GP consent, invitation, acceptance."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from tests import factories
from tests.conftest import STAFF_PASSWORD


def log_in_with_password(page, email):
    page.goto("/account/login/")
    form = page.locator("form").filter(has=page.get_by_label("Wachtwoord"))
    form.get_by_label("E-mailadres").fill(email)
    form.get_by_label("Wachtwoord").fill(STAFF_PASSWORD)
    form.get_by_role("button", name="Inloggen").click()


def log_out(page):
    page.get_by_role("navigation").get_by_role("button", name="Uitloggen").click()


def test_referral_to_first_view_of_the_group(page, world, mailoutbox):
    forming = factories.make_cohort(world.organisation, by=world.marloes, name="Groep Lent")

    # The practice nurse refers a patient.
    log_in_with_password(page, world.petra.email)
    page.get_by_role("link", name="Patiënt verwijzen").click()
    page.get_by_label("Groep").select_option(label="Groep Lent")
    page.get_by_label("Voornaam").fill("Lien")
    page.get_by_label("Achternaam").fill("Bakker")
    page.get_by_label("E-mailadres").fill("lien@example.org")
    page.get_by_label("Geboortedatum").fill("1961-04-12")
    page.get_by_label("Naam huisarts").fill("dr. Hermans")
    page.get_by_label("Heeft grote letters nodig").check()
    page.get_by_role("button", name="Verwijzen").click()
    expect(page.get_by_text("Lien Bakker is verwezen")).to_be_visible()
    assert mailoutbox == []  # no invitation before the GP's consent

    # She records the GP's explicit consent; that sends the invitation.
    page.get_by_label("Datum waarop de huisarts toestemming gaf").fill(
        (timezone.localdate() - datetime.timedelta(days=3)).isoformat()
    )
    page.get_by_label("Hoe de huisarts toestemming gaf").select_option("in_writing")
    page.get_by_role("button", name="Toestemming opslaan en uitnodigen").click()
    expect(page.get_by_text("De toestemming moet uitdrukkelijk zijn")).to_be_visible()
    page.get_by_label("De huisarts heeft uitdrukkelijk ingestemd").check()
    page.get_by_role("button", name="Toestemming opslaan en uitnodigen").click()
    expect(page.get_by_text("de uitnodiging is gemaild")).to_be_visible()
    assert [mail.to for mail in mailoutbox] == [["lien@example.org"]]
    invitation_path = re.search(r"https?://[^/]+(/welkom/\S+/)", mailoutbox[0].body).group(1)
    log_out(page)

    # Lien follows the link: the page greets her and sends the code in one press.
    page.goto(invitation_path)
    expect(page.get_by_role("heading", name="Welkom, Lien")).to_be_visible()
    expect(page.get_by_text("Petra nodigt u uit voor de groep Groep Lent.")).to_be_visible()
    page.get_by_role("button", name="Stuur mij de code").click()
    code = re.search(r"^\s*(\d{6})\s*$", mailoutbox[-1].body, re.MULTILINE).group(1)
    expect(page.get_by_label("Code", exact=True)).to_be_focused()
    page.get_by_label("Code", exact=True).fill(code)
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("heading", name="Welkom bij Groep Lent")).to_be_visible()
    page.get_by_label("Ik heb de deelnameafspraken gelezen").check()
    page.get_by_role("button", name="Ja, ik doe mee").click()
    expect(page.get_by_text("Ga akkoord met de privacyverklaring")).to_be_visible()
    page.get_by_label("Ik heb de privacyverklaring gelezen").check()
    page.get_by_role("button", name="Ja, ik doe mee").click()

    # Her first view of her group.
    expect(page.get_by_role("heading", name="Mijn groep: Groep Lent")).to_be_visible()
    expect(page.get_by_text("Sanne")).to_have_count(0)  # no coach assigned to this new group
    expect(page.get_by_text("Lien")).not_to_have_count(0)
    forming.refresh_from_db()
    assert forming.memberships.get(person__email="lien@example.org").status == "active"
