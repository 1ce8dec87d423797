"""The link with the theme library (cms/): proposing a theme page, a session's material,
and the theme page listing the member's group sessions on it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from sessions import services
from sessions.models import ThemeProposal
from tests.cms.pages import make_theme, make_theme_index

from .conftest import at


@pytest.fixture
def theme_page(db):
    index = make_theme_index()
    make_theme(index, "Slapen en stress")
    return make_theme(index, "Zin en onzin van medicijnen", tags=("medicijnen",))


def section(response) -> str:
    """The part of a theme page that the sessions app adds (empty when there is none)."""
    text = response.text
    start = text.find('class="panel theme-page-sessions"')
    return "" if start < 0 else text[start : text.index("</section>", start)]


def test_a_proposal_from_the_library_takes_the_pages_title(world, theme_page):
    proposal = services.propose_theme(cohort=world.cohort, by=world.sanne, library_page=theme_page)
    assert (proposal.title, proposal.library_page_id) == (theme_page.title, theme_page.pk)
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        services.propose_theme(
            cohort=world.cohort, by=world.anna, title="Pillen", library_page=theme_page
        )
    assert "al voorgesteld" in str(error.value)
    assert ThemeProposal.objects.count() == 1


def test_a_proposal_needs_a_title_or_a_page(world):
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        services.propose_theme(cohort=world.cohort, by=world.anna, title="   ")
    assert "naam" in str(error.value)
    assert not ThemeProposal.objects.exists()


def test_the_coach_proposes_a_library_page_through_the_theme_list(client, world, theme_page):
    client.force_login(world.sanne)
    form = client.get(reverse("sessions:theme_list", args=[world.cohort.pk])).text
    assert f'<option value="{theme_page.pk}">{theme_page.title}</option>' in form
    client.post(
        reverse("sessions:theme_propose", args=[world.cohort.pk]),
        {"title": "", "library_page": theme_page.pk},
    )
    proposal = ThemeProposal.objects.get()
    assert (proposal.title, proposal.library_page_id) == (theme_page.title, theme_page.pk)
    page = client.get(reverse("sessions:theme_list", args=[world.cohort.pk])).text
    assert f'href="{theme_page.url}"' in page


def test_the_session_page_links_its_material_and_its_themes_library_page(
    client, world, plan, theme_page
):
    other = make_theme(theme_page.get_parent(), "Bewegen met pijn")
    proposal = services.propose_theme(cohort=world.cohort, by=world.anna, library_page=other)
    session = plan(days=5, material_page=theme_page, themes=[proposal])
    client.force_login(world.anna)
    text = client.get(reverse("sessions:session_detail", args=[session.pk])).text
    assert f'<a href="{theme_page.url}">{theme_page.title}</a>' in text
    assert f'<a href="{other.url}">{other.title}</a>' in text


def test_planning_a_theme_from_the_library_offers_its_page_as_material(client, world, theme_page):
    proposal = services.propose_theme(cohort=world.cohort, by=world.anna, library_page=theme_page)
    voting_round = services.open_voting_round(cohort=world.cohort, by=world.kees)
    services.cast_votes(voting_round=voting_round, voter=world.anna, allocation={proposal.pk: 3})
    services.close_voting_round(voting_round=voting_round, by=world.kees)
    client.force_login(world.sanne)
    url = reverse("sessions:session_create", args=[world.cohort.pk]) + f"?thema={proposal.pk}"
    assert f'<option value="{theme_page.pk}" selected>' in client.get(url).text


def test_the_theme_page_lists_the_members_group_sessions_on_it(client, world, plan, theme_page):
    proposal = services.propose_theme(cohort=world.cohort, by=world.anna, library_page=theme_page)
    by_theme = plan(days=3, title="Medicijnavond", themes=[proposal])
    by_material = plan(days=10, title="Vervolg medicijnen", material_page=theme_page)
    plan(days=17, title="Over iets anders")
    plan(
        days=3,
        cohort=world.other_cohort,
        by=world.marloes,
        title="Elders",
        material_page=theme_page,
    )

    client.force_login(world.anna)
    part = section(client.get(theme_page.url))
    for session in (by_theme, by_material):
        assert reverse("sessions:session_detail", args=[session.pk]) in part
    assert "Over iets anders" not in part and "Elders" not in part
    assert "op de lijst met thema's van uw groep" in part

    client.force_login(world.otto)  # a member of the other group sees only theirs
    part = section(client.get(theme_page.url))
    assert "Elders" in part and "Medicijnavond" not in part

    client.logout()
    assert section(client.get(theme_page.url)) == ""


def test_a_participant_proposes_the_theme_page_to_the_group_from_the_page(
    client, world, theme_page
):
    client.force_login(world.anna)
    part = section(client.get(theme_page.url))
    assert "Stel dit thema voor aan mijn groep" in part
    assert "nog geen bijeenkomst over dit thema" in part
    client.post(
        reverse("sessions:theme_propose", args=[world.cohort.pk]),
        {"library_page": theme_page.pk},
    )
    proposal = ThemeProposal.objects.get()
    assert (proposal.title, proposal.proposed_by, proposal.library_page_id) == (
        theme_page.title,
        world.anna,
        theme_page.pk,
    )
    part = section(client.get(theme_page.url))
    assert "Stel dit thema voor" not in part


def test_someone_without_a_group_sees_no_section(client, world, theme_page):
    client.force_login(world.frank)  # the funder has no membership in a group
    assert section(client.get(theme_page.url)) == ""


def test_a_session_later_shows_on_the_page_at_its_new_time(client, world, plan, theme_page):
    session = plan(days=3, material_page=theme_page)
    services.update_session(session=session, by=world.sanne, starts_at=at(4), ends_at=at(4, 21))
    client.force_login(world.anna)
    part = section(client.get(theme_page.url))
    assert f'datetime="{at(4).isoformat()}"' in part
    assert f'datetime="{at(3).isoformat()}"' not in part
