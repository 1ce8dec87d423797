"""A participant chooses her e-mails on a 390 px phone, then turns one off from a link."""

import os

from django.test import Client

from notifications.models import NotificationSettings
from notifications.selectors import Kind
from notifications.unsubscribe import token_for

SHOTS = os.environ.get("NOTIFY_SCREENSHOTS")  # a folder outside the tree, to look at them


def _log_in(page, live_server, person):
    client = Client()
    client.force_login(person)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_anna_chooses_the_quiet_e_mail_on_her_phone(page, live_server, world, tmp_path):
    _log_in(page, live_server, world.anna)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/mijn/")
    page.get_by_role("link", name="Welke e-mails ik krijg").click()
    assert page.locator("h1").inner_text() == "Welke e-mails wilt u krijgen?"
    assert page.get_by_label("Eén keer per dag een kort overzicht").is_checked()
    assert _fits(page)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/notification-settings-390.png", full_page=True)
    page.get_by_label("Eén keer, als het even stil is in de groep").check()
    page.get_by_label("Stil gedurende").select_option(label="twee uur")
    page.get_by_role("button", name="Mijn keuzes opslaan").click()
    page.get_by_text("Uw keuzes zijn opgeslagen.").wait_for()
    row = NotificationSettings.objects.get(person=world.anna)
    assert (row.chat, row.quiet_minutes, row.chat_text) == ("quiet", 120, False)


def test_the_link_in_an_e_mail_turns_reminders_off_without_logging_in(page, live_server, world):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/e-mails/uitzetten/{token_for(person=world.anna, kind=Kind.SESSION_REMINDERS)}/")
    assert _fits(page)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/unsubscribe-390.png", full_page=True)
    page.get_by_role("button", name="Ja, zet ze uit").click()
    page.get_by_text("Klaar. U krijgt geen herinneringen voor elke bijeenkomst meer.").wait_for()
    assert NotificationSettings.objects.get(person=world.anna).session_reminders is False
