"""Script typed into any free-text field stays text in the browser (issue 10).

The goal, a check-in note, a chat message, a theme proposal and a session's agenda and
notes each carry markup that would run if it were not escaped; the pages show it as text,
no element is injected, and the Content-Security-Policy has nothing to block.
"""

import datetime
from concurrent.futures import ThreadPoolExecutor

from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from chat import services as chat_services
from health import services as health_services
from sessions import services as session_services

PAYLOAD = (
    '<img src=x id="xss-img" onerror="document.title=\'XSS\'">'
    "<script>document.title='XSS'</script>"
)


def _log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def _free_text_everywhere(world):
    membership = world.cohort.memberships.get(person=world.anna)
    goal = health_services.create_goal(
        membership=membership,
        by=world.anna,
        sharing="group",
        title=f"Doel {PAYLOAD}"[:200],
        why=f"Waarom {PAYLOAD}",
    )
    health_services.record_check_in(
        goal=goal, by=world.anna, confidence=7, note=f"Notitie {PAYLOAD}"
    )
    chat_services.post_message(cohort=world.cohort, author=world.anna, body=f"Chat {PAYLOAD}")
    session_services.propose_theme(
        cohort=world.cohort,
        by=world.anna,
        title=f"Thema {PAYLOAD}"[:200],
        reason=f"Reden {PAYLOAD}",
    )
    start = timezone.now() + datetime.timedelta(days=7)
    session = session_services.plan_session(
        cohort=world.cohort,
        by=world.sanne,
        title="Bijeenkomst",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="Buurthuis",
        agenda=f"Agenda {PAYLOAD}",
        notes=f"Verslag {PAYLOAD}",
    )
    return goal, session


def test_free_text_is_rendered_inert(page, live_server, world):
    # Playwright's event loop runs in this thread; the services publish with
    # async_to_sync, so the data are written from a thread of their own.
    with ThreadPoolExecutor(max_workers=1) as pool:
        goal, session = pool.submit(_free_text_everywhere, world).result()

    csp_errors = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and csp_errors.append(message.text)
        ),
    )
    page.on("dialog", lambda dialog: dialog.dismiss())
    _log_in(page, live_server, world.anna)
    pages = {
        f"/doelen/{goal.pk}/": ["Doel <img", "Waarom <img", "Notitie <img"],
        f"/groepen/{world.cohort.pk}/doelen/": ["Doel <img"],
        f"/groepen/{world.cohort.pk}/chat/": ["Chat <img"],
        f"/groepen/{world.cohort.pk}/themas/": ["Thema <img"],
        f"/bijeenkomsten/{session.pk}/": ["Agenda <img"],
    }
    for path, texts in pages.items():
        page.goto(path)
        for text in texts:
            expect(page.get_by_text(text, exact=False).first).to_be_visible()
        assert page.locator("#xss-img").count() == 0, path
        assert page.title() != "XSS", path
    assert csp_errors == []
