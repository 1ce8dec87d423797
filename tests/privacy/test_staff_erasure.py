"""The programme manager carries out a former participant's erasure from a page."""

import pytest
from django.urls import reverse

from accounts.models import User
from groups import services as group_services
from privacy import services
from privacy.models import AccessLogEntry, Erasure

REQUEST = {"reason": "request", "note": "Verzoek per brief van 12 november", "confirm": "on"}


def erase_url(person):
    return reverse("privacy:erase_participant", args=[person.pk])


@pytest.fixture
def anna_left(world):
    membership = world.cohort.memberships.get(person=world.anna)
    group_services.leave_cohort(
        membership=membership, by=world.anna, reason="Geen tijd meer", category="other"
    )
    return world.anna


def test_the_manager_erases_a_participant_who_left_at_their_request(client, world, anna_left):
    client.force_login(world.marloes)
    response = client.post(erase_url(anna_left), REQUEST)
    assert response.status_code == 302
    assert response["Location"] == reverse("privacy:former_participants")

    anna = User.objects.get(pk=anna_left.pk)
    assert anna.first_name == "" and not anna.is_active
    assert anna.email.endswith("@herstelcirkel.invalid")
    erasure = Erasure.objects.get(person=anna)
    assert (erasure.reason, erasure.note) == ("request", REQUEST["note"])
    [entry] = AccessLogEntry.objects.filter(action="erase")
    assert (entry.actor, entry.subject, entry.data_kind) == (world.marloes, anna, "all_data")
    assert (entry.actor_role, entry.organisation) == ("manager", world.organisation)


def test_after_leaving_the_manager_gives_the_reason(client, world, anna_left):
    client.force_login(world.marloes)
    data = {**REQUEST, "reason": "left", "note": "Verhuisd, gegevens niet meer nodig"}
    assert client.post(erase_url(anna_left), data).status_code == 302
    assert Erasure.objects.get(person=anna_left).reason == "left"


def test_it_goes_through_the_same_service_as_the_self_service_path(
    client, world, anna_left, monkeypatch
):
    calls = []
    real = services.erase_person

    def spy(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(services, "erase_person", spy)
    client.force_login(world.marloes)
    client.post(erase_url(anna_left), REQUEST)
    assert [(c["person"], c["by"], c["reason"]) for c in calls] == [
        (anna_left, world.marloes, "request")
    ]


def test_an_explanation_and_the_confirmation_are_required(client, world, anna_left):
    client.force_login(world.marloes)
    for missing in ("note", "confirm", "reason"):
        data = {k: v for k, v in REQUEST.items() if k != missing}
        response = client.post(erase_url(anna_left), data)
        assert response.status_code == 400, missing
        assert missing in response.context["form"].errors
    response = client.post(erase_url(anna_left), {**REQUEST, "note": "   "})
    assert response.status_code == 400
    assert not Erasure.objects.exists()


def test_someone_still_in_a_group_is_not_erased(client, world):
    client.force_login(world.marloes)
    response = client.get(erase_url(world.anna))
    assert response.status_code == 200
    assert response.context["refusal"]
    assert "button-danger" not in response.text
    assert client.post(erase_url(world.anna), REQUEST).status_code == 400
    assert not Erasure.objects.exists()


def test_opening_the_page_is_logged(client, world, anna_left):
    client.force_login(world.marloes)
    assert client.get(erase_url(anna_left)).status_code == 200
    [entry] = AccessLogEntry.objects.all()
    assert (entry.actor, entry.subject, entry.action, entry.data_kind) == (
        world.marloes,
        anna_left,
        "view",
        "profile",
    )


def test_the_list_shows_only_former_participants_and_logs_them(client, world, anna_left):
    client.force_login(world.marloes)
    response = client.get(reverse("privacy:former_participants"))
    assert response.status_code == 200
    assert [m.person for m in response.context["memberships"]] == [anna_left]
    assert erase_url(anna_left) in response.text
    assert [e.subject for e in AccessLogEntry.objects.all()] == [anna_left]


def test_the_erased_person_drops_off_the_list(client, world, anna_left):
    services.erase_person(person=anna_left, by=anna_left)
    client.force_login(world.marloes)
    response = client.get(reverse("privacy:former_participants"))
    assert list(response.context["memberships"]) == []


def test_the_privacy_page_links_the_manager_to_the_list(client, world):
    client.force_login(world.marloes)
    assert reverse("privacy:former_participants") in client.get(reverse("privacy:overview")).text
    client.force_login(world.sanne)
    assert (
        reverse("privacy:former_participants") not in client.get(reverse("privacy:overview")).text
    )


@pytest.mark.parametrize("name", ["petra", "sanne", "kees", "frank", "olga", "otto"])
def test_nobody_else_can_erase(client, world, anna_left, name):
    client.force_login(getattr(world, name))
    assert client.post(erase_url(anna_left), REQUEST).status_code == 403
    assert client.get(reverse("privacy:former_participants")).status_code == 403
    assert not Erasure.objects.exists()


def test_a_manager_of_another_organisation_gets_404(client, world, anna_left):
    from groups.models import StaffRole
    from tests import factories

    other = factories.make_organisation("Zorggroep Elders")
    manager = factories.make_person("m2@example.org")
    group_services.grant_staff_role(
        person=manager, role=StaffRole.Role.MANAGER, organisation=other
    )
    factories.give_second_factor(manager)
    client.force_login(manager)
    assert client.post(erase_url(anna_left), REQUEST).status_code == 404
    assert client.get(reverse("privacy:former_participants")).status_code == 200
    assert not Erasure.objects.exists()


def test_staff_cannot_be_erased_this_way(client, world):
    client.force_login(world.marloes)
    # sanne coaches the cohort: she is not a participant, so the page does not know her
    assert client.get(erase_url(world.sanne)).status_code == 404
