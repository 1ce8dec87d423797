"""Each kind of access to a named participant's data writes one access log entry."""

import json

from django.urls import reverse

from privacy.models import AccessLogEntry


def entries():
    return list(AccessLogEntry.objects.order_by("pk"))


def test_the_nurse_opening_a_referral_is_logged(client, world):
    membership = world.cohort.memberships.get(person=world.anna)
    client.force_login(world.petra)
    assert client.get(reverse("groups:referral_detail", args=[membership.pk])).status_code == 200
    [entry] = entries()
    assert (entry.actor, entry.subject, entry.action, entry.data_kind) == (
        world.petra,
        world.anna,
        "view",
        "referral",
    )
    assert entry.organisation == world.organisation
    assert entry.actor_role == "nurse"


def test_the_referral_list_logs_every_named_patient_once(client, world):
    client.force_login(world.petra)
    response = client.get(reverse("groups:referral_list"))
    assert response.status_code == 200
    shown = {m.person_id for m in response.context["referrals"]}
    logged = [e.subject_id for e in entries()]
    assert sorted(logged) == sorted(shown)
    assert {world.anna.pk, world.kees.pk, world.otto.pk} <= set(logged)


def test_recording_gp_consent_is_logged_as_a_change(client, world):
    from tests import factories

    membership = factories.refer(
        world.other_cohort, nurse=world.petra, practice=world.practice, email="new@example.org"
    )
    client.force_login(world.petra)
    response = client.post(
        reverse("groups:referral_detail", args=[membership.pk]),
        {
            "gp_name": "dr. Hermans",
            "given_on": "2026-01-05",
            "method": "in_writing",
            "explicit": "on",
        },
    )
    assert response.status_code == 302
    [entry] = entries()
    assert (entry.action, entry.data_kind, entry.subject_id) == (
        "change",
        "referral",
        membership.person_id,
    )


def test_the_coach_opening_the_end_membership_form_is_logged(client, world):
    membership = world.cohort.memberships.get(person=world.anna)
    client.force_login(world.sanne)
    url = reverse("groups:membership_end", args=[world.cohort.pk, membership.pk])
    assert client.get(url).status_code == 200
    [entry] = entries()
    assert (entry.actor, entry.subject, entry.action, entry.actor_role) == (
        world.sanne,
        world.anna,
        "view",
        "coach",
    )


def test_an_outsider_refused_leaves_no_entry(client, world):
    membership = world.cohort.memberships.get(person=world.anna)
    client.force_login(world.olga)
    assert client.get(reverse("groups:referral_detail", args=[membership.pk])).status_code == 404
    assert entries() == []


def test_downloading_my_data_is_logged_as_an_export(client, world):
    client.force_login(world.anna)
    response = client.get(reverse("privacy:download_json"))
    assert response.status_code == 200
    json.loads(response.content)
    [entry] = entries()
    assert (entry.actor, entry.subject, entry.action, entry.data_kind) == (
        world.anna,
        world.anna,
        "export",
        "all_data",
    )
