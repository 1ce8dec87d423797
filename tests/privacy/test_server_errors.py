"""Addresses that once answered 500: they answer 404 now."""

from django.urls import reverse


def test_a_referral_page_for_a_coachs_own_membership_is_not_found(client, world):
    own = world.cohort.memberships.get(person=world.sanne)
    client.force_login(world.sanne)
    response = client.get(reverse("groups:referral_detail", args=[own.pk]))
    assert response.status_code == 404


def test_a_referral_page_for_a_participant_still_works_for_the_nurse(client, world):
    membership = world.cohort.memberships.get(person=world.anna)
    client.force_login(world.petra)
    assert client.get(reverse("groups:referral_detail", args=[membership.pk])).status_code == 200
