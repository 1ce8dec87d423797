"""The theme library: tag filter, Dutch search, members-only material and query counts."""

import re

import pytest
from django.db import connection
from wagtail.models import PageViewRestriction

from cms.selectors import theme_pages_for_choice
from tests.cms.pages import make_theme, make_theme_index

TITLES = re.compile(r'<h3><a href="[^"]+">([^<]+)</a></h3>')


def listed(response) -> list[str]:
    assert response.status_code == 200
    return TITLES.findall(response.text)


@pytest.fixture
def library(db):
    index = make_theme_index()
    make_theme(
        index,
        "Gezond eten",
        tags=("voeding",),
        text="<p>Eet elke dag groente en kies volkoren brood.</p>",
    )
    make_theme(
        index,
        "Zin en onzin van medicijnen",
        tags=("medicijnen",),
        summary="Wat doen medicijnen, en kunt u met minder toe?",
        text="<p>Stop nooit zelf met een medicijn. Overleg met uw huisarts.</p>",
    )
    make_theme(
        index,
        "Koken met een klein budget",
        tags=("voeding", "geld"),
        text="<p>Bonen en linzen zijn goedkoop en gezond. Groente uit de diepvries is prima.</p>",
    )
    return index


def test_library_lists_every_public_theme_with_its_tags(client, library):
    response = client.get(library.url)
    assert listed(response) == [
        "Gezond eten",
        "Zin en onzin van medicijnen",
        "Koken met een klein budget",
    ]
    for tag in ("voeding", "medicijnen", "geld"):
        assert f'href="?tag={tag}"' in response.text


def test_tag_filter_shows_only_themes_with_that_tag(client, library):
    response = client.get(library.url, {"tag": "voeding"})
    assert listed(response) == ["Gezond eten", "Koken met een klein budget"]
    # The chosen tag is marked in words, not by colour alone.
    assert re.search(
        r'aria-current="true">voeding <span class="tag-check">\(gekozen\)', response.text
    )


def test_unknown_tag_finds_nothing(client, library):
    assert listed(client.get(library.url, {"tag": "bestaat-niet"})) == []


def test_search_finds_words_in_the_body(client, library):
    assert listed(client.get(library.url, {"q": "linzen"})) == ["Koken met een klein budget"]


def test_search_finds_words_in_the_summary_and_title(client, library):
    assert listed(client.get(library.url, {"q": "medicijnen"})) == ["Zin en onzin van medicijnen"]


def test_search_and_tag_filter_combine(client, library):
    # Search results come best match first; which one ranks first depends on the backend.
    assert sorted(listed(client.get(library.url, {"q": "groente", "tag": "voeding"}))) == [
        "Gezond eten",
        "Koken met een klein budget",
    ]
    assert listed(client.get(library.url, {"q": "linzen", "tag": "medicijnen"})) == []


def test_search_form_works_without_javascript(client, library):
    text = client.get(library.url).text
    assert re.search(r'<form class="theme-search" method="get" action="/themas/"', text)
    assert re.search(r'<label for="theme-search-q">Zoek in de thema[^<]+</label>', text)
    assert 'id="theme-search-q" name="q"' in text


def test_members_only_theme_is_listed_for_members_only(client, anna, library):
    secret = make_theme(library, "Werkblad eetdagboek", tags=("voeding",))
    PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.LOGIN)
    assert "Werkblad eetdagboek" not in listed(client.get(library.url))
    client.force_login(anna)
    assert "Werkblad eetdagboek" in listed(client.get(library.url))


def test_draft_themes_are_not_listed(client, library):
    draft = make_theme(library, "Nog niet klaar")
    draft.unpublish()
    assert "Nog niet klaar" not in listed(client.get(library.url))
    assert "Nog niet klaar" not in [page.title for page in theme_pages_for_choice()]


def test_theme_page_links_its_tags_back_to_the_filtered_library(client, library):
    theme = library.get_children().get(slug="koken-met-een-klein-budget").specific
    text = client.get(theme.url).text
    assert 'href="/themas/?tag=geld"' in text
    assert "Taalniveau" in text


def test_library_queries_do_not_grow_with_the_number_of_themes(
    client, library, django_assert_max_num_queries
):
    # 24 themes on a page: a query per theme (for its tags) would far exceed the limit.
    for number in range(30):
        make_theme(library, f"Thema {number}", tags=(f"onderwerp-{number % 7}", "extra"))
    with django_assert_max_num_queries(30):
        response = client.get(library.url)
    assert len(listed(response)) == library.page_size
    with django_assert_max_num_queries(30):
        client.get(library.url, {"tag": "extra", "q": "thema"})


def test_theme_pages_for_choice_gives_live_dutch_themes_by_title(library):
    assert [page.title for page in theme_pages_for_choice()] == [
        "Gezond eten",
        "Koken met een klein budget",
        "Zin en onzin van medicijnen",
    ]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stemming needs PostgreSQL's Dutch configuration"
)
def test_search_on_postgresql_understands_dutch_word_forms(client, library, settings):
    assert settings.WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] == "dutch"
    # "medicijn" (singular) finds the page about "medicijnen" (plural).
    assert listed(client.get(library.url, {"q": "medicijn"})) == ["Zin en onzin van medicijnen"]


def test_menu_links_to_the_theme_library(client, library):
    # "Themabibliotheek": the group's own themes are "Onze thema's" (docs/glossary.md)
    assert '<li><a href="/themas/">Themabibliotheek</a></li>' in client.get("/").text


def test_menu_follows_the_library_being_unpublished_and_published_again(client, library):
    # The menu's address is kept in the shared cache (cms.library_link): a change forgets it.
    link = '<li><a href="/themas/">Themabibliotheek</a></li>'
    assert link in client.get("/").text
    library.unpublish()
    assert link not in client.get("/").text
    library.get_latest_revision().publish()
    assert link in client.get("/").text


def test_menu_leaves_out_a_library_that_gets_a_view_restriction(client, library):
    link = '<li><a href="/themas/">Themabibliotheek</a></li>'
    assert link in client.get("/").text
    PageViewRestriction.objects.create(page=library, restriction_type=PageViewRestriction.LOGIN)
    assert link not in client.get("/").text


def test_menu_follows_the_library_moving_to_another_address(client, library):
    assert 'href="/themas/"' in client.get("/").text
    library.slug = "bibliotheek"
    library.save_revision().publish()
    assert '<li><a href="/bibliotheek/">Themabibliotheek</a></li>' in client.get("/").text
