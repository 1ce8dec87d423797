"""Pages in Dutch and English: the visitor gets the language chosen with the switch."""

import pytest
from django.conf import settings
from wagtail.models import Locale, Site

from cms.models import ContentPage
from cms.site_tree import ensure_site_tree
from tests.cms.pages import make_editor, publish_child


def translate(page, **fields):
    english = Locale.objects.get(language_code="en")
    translated = page.copy_for_translation(english)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    translated.refresh_from_db()
    return translated


@pytest.fixture
def pages(db):
    home = ensure_site_tree()
    about = publish_child(
        home, ContentPage(title="Over ons", slug="over-ons", intro="Wie wij zijn.")
    )
    publish_child(home, ContentPage(title="Alleen Nederlands", slug="alleen-nl"))
    english_home = translate(home, title="Herstelcirkel (English)", intro="Together.")
    english_about = translate(about, title="About us", intro="Who we are.")
    return {
        "home": home,
        "about": about,
        "english_home": english_home,
        "english_about": english_about,
    }


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_dutch_tree_owns_the_site_root(pages):
    assert Site.objects.get(is_default_site=True).root_page_id == pages["home"].pk
    assert pages["home"].locale.language_code == "nl"


def test_dutch_visitor_gets_the_dutch_pages(client, pages):
    assert "<h1>Herstelcirkel</h1>" in client.get("/").text
    assert "<h1>Over ons</h1>" in client.get("/over-ons/").text


def test_english_visitor_gets_the_english_home_page(english, pages):
    response = english.get("/")
    assert response.status_code == 200
    assert "<h1>Herstelcirkel (English)</h1>" in response.text


def test_english_visitor_gets_the_english_translation_at_the_same_address(english, pages):
    response = english.get("/over-ons/")
    assert response.status_code == 200
    assert "<h1>About us</h1>" in response.text


def test_english_visitor_gets_the_dutch_page_when_there_is_no_translation(english, pages):
    response = english.get("/alleen-nl/")
    assert response.status_code == 200
    assert "<h1>Alleen Nederlands</h1>" in response.text
    assert '<html lang="en">' in response.text  # the interface stays English


def test_english_visitor_is_sent_to_a_translation_with_another_address(english, pages):
    about = pages["english_about"]
    about.slug = "about-us"
    about.save_revision().publish()
    response = english.get("/over-ons/?bron=nieuwsbrief")
    assert response.status_code == 302
    assert response["Location"] == "/about-us/?bron=nieuwsbrief"
    assert "<h1>About us</h1>" in english.get("/about-us/").text


def test_dutch_visitor_on_an_english_address_is_sent_to_the_dutch_page(client, pages):
    about = pages["english_about"]
    about.slug = "about-us"
    about.save_revision().publish()
    response = client.get("/about-us/")
    assert response.status_code == 302
    assert response["Location"] == "/over-ons/"


def test_a_draft_translation_is_not_shown(english, pages):
    pages["english_about"].unpublish()
    assert "<h1>Over ons</h1>" in english.get("/over-ons/").text


def test_unknown_address_is_still_not_found_in_either_language(client, english, pages):
    assert english.get("/bestaat-niet/").status_code == 404


def test_programme_manager_translates_a_page_in_the_admin(client, db):
    home = ensure_site_tree()
    english = Locale.objects.get(language_code="en")
    client.force_login(make_editor("redactie@example.org", "Programmabeheer"))
    response = client.post(f"/cms/translation/submit/page/{home.pk}/", {"locales": [english.pk]})
    assert response.status_code == 302
    assert home.get_translation(english).title == home.title  # a draft copy to translate
