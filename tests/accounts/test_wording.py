"""One voice: participants are "u", the second factor is "tweestapsverificatie", and the
header's theme link says it opens the library. allauth's own Dutch catalogue says "je"
and "twee-factor-authenticatie": the root locale rewords every phrase of the parts we use."""

import re
from pathlib import Path

import allauth
import polib
import pytest
from django.urls import reverse
from django.utils import translation

from tests.cms.pages import make_theme_index

INFORMAL = re.compile(r"\b(je|jij|jouw|jou|jezelf|twee-factor\w*)\b", re.IGNORECASE)
ALLAUTH_PO = Path(allauth.__file__).parent / "locale/nl/LC_MESSAGES/django.po"
USED = ("account/", "mfa/", "usersessions/")
UNUSED = ("socialaccount", "phone", "idp/")


def allauth_phrases_we_show():
    for entry in polib.pofile(str(ALLAUTH_PO)):
        places = " ".join(path for path, _line in entry.occurrences)
        if (
            entry.obsolete
            or not any(p in places for p in USED)
            or any(p in places for p in UNUSED)
        ):
            continue
        yield entry


def test_the_check_finds_informal_dutch():
    assert INFORMAL.search("Je bent nu ingelogd als Anna.")
    assert INFORMAL.search("Beveiligd met twee-factor-authenticatie")
    assert not INFORMAL.search("U bent nu ingelogd als Anna.")


def test_every_allauth_phrase_we_show_says_u(db):
    informal = []
    with translation.override("nl"):
        for entry in allauth_phrases_we_show():
            if entry.msgid_plural:
                shown = translation.ngettext(entry.msgid, entry.msgid_plural, 2)
            else:
                shown = translation.gettext(entry.msgid)
            if INFORMAL.search(shown):
                informal.append(f"{entry.msgid[:60]!r} -> {shown[:60]!r}")
    assert informal == [], "reword in locale/nl/LC_MESSAGES/django.po:\n" + "\n".join(informal)


def test_logging_in_says_u(client, anna, mailoutbox):
    client.post(reverse("account_request_login_code"), {"email": anna.email})
    code = re.search(r"^\s*(\d{6})\s*$", mailoutbox[-1].body, re.MULTILINE).group(1)
    page = client.post(reverse("account_confirm_login_code"), {"code": code}, follow=True).text
    assert "U bent nu ingelogd als Anna." in page
    assert "Je bent" not in page


def test_our_own_catalogues_never_say_je():
    root = Path(__file__).resolve().parents[2]
    found = []
    for path in root.glob("**/locale/nl/LC_MESSAGES/django.po"):
        if ".venv" in path.parts:
            continue
        for entry in polib.pofile(str(path)):
            texts = [entry.msgstr, *entry.msgstr_plural.values()]
            if any(INFORMAL.search(text) for text in texts):
                found.append(f"{path.relative_to(root)}: {entry.msgid[:60]!r}")
    assert found == []


@pytest.mark.django_db(transaction=True)
def test_the_header_says_theme_library_not_themes(client, site_tree):
    make_theme_index()
    page = client.get("/account/login/").text
    header = page.split("</header>")[0]
    assert ">Themabibliotheek</a>" in header
    assert ">Thema's</a>" not in header
