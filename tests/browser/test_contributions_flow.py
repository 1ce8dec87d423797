"""The coach records a cash payment and waives a month; the participant sees her months
but not the reason for waiving."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from contributions import services
from contributions.models import LedgerLine
from groups.models import Membership, add_months
from tests.conftest import STAFF_PASSWORD


def log_in_with_password(page, email):
    page.goto("/account/login/")
    form = page.locator("form").filter(has=page.get_by_label("Wachtwoord"))
    form.get_by_label("E-mailadres").fill(email)
    form.get_by_label("Wachtwoord").fill(STAFF_PASSWORD)
    form.get_by_role("button", name="Inloggen").click()


def test_coach_records_cash_and_waives_a_month(page, world, settings):
    settings.STRIPE_SECRET_KEY = ""  # the embedded default: payments recorded by hand
    this_month = timezone.localdate().replace(day=1)
    start = add_months(this_month, -1)
    services.set_plan(
        cohort=world.cohort, amount_cents=1000, start_month=start, end_month=None, by=world.marloes
    )
    Membership.objects.filter(cohort=world.cohort, person=world.anna).update(
        accepted_at=timezone.make_aware(datetime.datetime.combine(start, datetime.time(10)))
    )

    log_in_with_password(page, world.sanne.email)
    page.get_by_role("link", name="Wie heeft betaald in Herstelcirkel Noord").click()
    expect(page.get_by_text("Achter: 1 maand open")).to_be_visible()
    page.get_by_role("link", name="Maanden van Anna Test").click()

    record = page.locator("form").filter(has=page.get_by_role("button", name="Betaling noteren"))
    record.get_by_label("Maand").select_option(index=0)
    record.get_by_label("contant").check()
    record.get_by_role("button", name="Betaling noteren").click()
    expect(page.get_by_text("is genoteerd")).to_be_visible()

    waive = page.locator("form").filter(
        has=page.get_by_role("button", name="Deze maand kwijtschelden")
    )
    waive.get_by_label("Reden").fill("Tijdelijk geen inkomen")
    waive.get_by_role("button", name="Deze maand kwijtschelden").click()
    expect(page.get_by_text("is kwijtgescholden")).to_be_visible()
    expect(page.get_by_role("cell", name="Tijdelijk geen inkomen")).to_be_visible()

    statuses = set(
        LedgerLine.objects.filter(membership__person=world.anna).values_list("status", flat=True)
    )
    assert statuses == {"paid", "waived"}

    # Anna sees both months settled, paid by hand, but not the reason (staff only).
    world.anna.set_password(STAFF_PASSWORD)
    world.anna.save()
    page.context.clear_cookies()
    log_in_with_password(page, world.anna.email)
    page.get_by_role("link", name="Mijn bijdrage: stand en betalingen").click()
    expect(page.get_by_role("heading", name="Mijn maandelijkse bijdrage")).to_be_visible()
    expect(page.get_by_text("Bij, 1 maand kwijtgescholden")).to_be_visible()
    months = page.get_by_role("table")
    expect(months.get_by_text("kwijtgescholden")).to_be_visible()
    expect(months.get_by_text("contant")).to_be_visible()
    expect(page.get_by_text("Tijdelijk geen inkomen")).to_have_count(0)
    expect(
        page.get_by_text("U betaalt contant of per bankoverschrijving bij uw coach")
    ).to_be_visible()
