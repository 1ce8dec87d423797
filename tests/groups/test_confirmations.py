"""Destructive actions on the cohort pages: apart from the others, and confirmed first on a
page of their own (server-side, no JavaScript) that says what will happen."""

import re

import pytest
from django.urls import reverse

from groups.models import Membership


def url(name, *args):
    return reverse(f"groups:{name}", args=args)


def member(world, person):
    return world.cohort.memberships.get(person=person)


def actions_cells(html: str) -> list[str]:
    return re.findall(r'<td class="actions">(.*?)</td>', html, re.DOTALL)


def test_rows_hold_no_destructive_action_they_are_in_a_section_of_their_own(client, world):
    client.force_login(world.sanne)
    html = client.get(url("cohort_detail", world.cohort.pk)).text
    cells = actions_cells(html)
    assert cells, "the enrolment table has an actions column"
    assert not any("beeindigen" in cell or "beëindigen" in cell for cell in cells)
    assert "<form" not in "".join(cells)  # a link to a confirmation, never a one-tap POST
    table_end = html.index("</table>")
    zone = html.index('class="danger-zone"')
    assert zone > table_end
    anna_end = url("membership_end", world.cohort.pk, member(world, world.anna).pk)
    assert html.index(anna_end) > zone
    assert html.index(url("cohort_finish", world.cohort.pk)) > zone


@pytest.mark.parametrize(
    ("name", "person", "says"),
    [
        ("aanjager_appoint", "anna", "Anna aanjager maken?"),
        ("aanjager_step_down", "kees", "Is Kees geen aanjager meer?"),
    ],
)
def test_aanjager_change_asks_first_and_changes_nothing_until_confirmed(
    client, world, name, person, says
):
    client.force_login(world.sanne)
    membership = member(world, getattr(world, person))
    before = membership.role
    response = client.get(url(name, world.cohort.pk, membership.pk))
    assert response.status_code == 200
    assert says in response.text
    assert "Wat er gebeurt" in response.text
    assert f'href="{url("cohort_detail", world.cohort.pk)}">Annuleren, ga terug</a>' in (
        response.text
    )
    membership.refresh_from_db()
    assert membership.role == before

    response = client.post(url(name, world.cohort.pk, membership.pk))
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role != before


def test_step_down_is_confirmed_with_the_danger_button(client, world):
    client.force_login(world.sanne)
    response = client.get(url("aanjager_step_down", world.cohort.pk, member(world, world.kees).pk))
    assert 'class="button-danger">Ja, Kees is geen aanjager meer</button>' in response.text


def test_removing_a_coach_is_confirmed_first(client, world):
    client.force_login(world.marloes)
    coach = world.cohort.memberships.get(role=Membership.Role.COACH)
    edit = client.get(url("cohort_edit", world.cohort.pk)).text
    remove = url("coach_remove", world.cohort.pk, coach.pk)
    assert f'class="danger-link" href="{remove}"' in edit
    page = client.get(remove)
    assert "Sanne weghalen als coach van Herstelcirkel Noord?" in page.text
    coach.refresh_from_db()
    assert coach.status == Membership.Status.ACTIVE
    client.post(remove)
    coach.refresh_from_db()
    assert coach.status != Membership.Status.ACTIVE


def test_ending_a_membership_page_says_what_will_happen(client, world):
    client.force_login(world.sanne)
    page = client.get(url("membership_end", world.cohort.pk, member(world, world.anna).pk)).text
    assert "De plaats in de groep komt vrij." in page
    assert "Er wordt geen nieuwe maandelijkse bijdrage meer gevraagd." in page
    assert 'class="button-danger">Lidmaatschap beëindigen</button>' in page
    assert "Annuleren, ga terug</a>" in page


def test_finishing_the_cohort_asks_first(client, world):
    client.force_login(world.sanne)
    page = client.get(url("cohort_finish", world.cohort.pk)).text
    assert 'class="button-danger">Groep afronden</button>' in page
    world.cohort.refresh_from_db()
    assert world.cohort.status == "running"
