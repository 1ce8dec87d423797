"""Sharing with the practice: the participant's choice, at once, logged; the FHIR API."""

import json

import pytest
from django.urls import reverse

from coupling import services
from coupling.models import PracticeShare
from privacy.models import AccessLogEntry

FHIR = "application/fhir+json"


def everything_url(person):
    return reverse("coupling:fhir_everything", args=[person.pk])


def _outcome(response):
    body = json.loads(response.content)
    assert body["resourceType"] == "OperationOutcome"
    return body["issue"][0]["code"]


def test_the_participant_shares_and_withdraws_on_her_page(client, world):
    client.force_login(world.anna)
    page = client.get(reverse("coupling:share"))
    assert "Huisartsenpraktijk De Linde" in page.text
    client.post(reverse("coupling:share"), {"choice": "share"})
    share = PracticeShare.objects.get(person=world.anna)
    assert share.is_active and share.practice == world.practice
    client.post(reverse("coupling:share"), {"choice": "withdraw"})
    share.refresh_from_db()
    assert not share.is_active
    assert (
        AccessLogEntry.objects.filter(
            subject=world.anna, action="change", data_kind="consent"
        ).count()
        == 2
    )


def test_a_bad_choice_changes_nothing(client, world):
    client.force_login(world.anna)
    response = client.post(reverse("coupling:share"), {"choice": "everything"}, follow=True)
    assert "niet begrepen" in response.text
    assert not PracticeShare.objects.exists()


def test_someone_without_a_practice_cannot_share(client, world):
    client.force_login(world.olga)
    client.post(reverse("coupling:share"), {"choice": "share"})
    assert not PracticeShare.objects.exists()


def test_sharing_twice_keeps_one_active_share(world):
    first = services.start_practice_share(person=world.anna)
    assert services.start_practice_share(person=world.anna) == first
    assert PracticeShare.objects.active().count() == 1


def test_the_nurse_fetches_everything_as_fhir_json(client, world, measured):
    services.start_practice_share(person=world.anna)
    client.force_login(world.petra)
    response = client.get(everything_url(world.anna))
    assert response.status_code == 200
    assert response["Content-Type"] == FHIR
    body = json.loads(response.content)
    assert body["resourceType"] == "Bundle" and body["type"] == "searchset"
    assert body["total"] == len(body["entry"]) > 5
    entry = AccessLogEntry.objects.filter(subject=world.anna, actor=world.petra).get()
    assert (entry.action, entry.data_kind, entry.actor_role) == ("view", "measurements", "nurse")


def test_withdrawal_applies_to_the_very_next_request(client, world, measured):
    services.start_practice_share(person=world.anna)
    client.force_login(world.petra)
    assert client.get(everything_url(world.anna)).status_code == 200
    services.withdraw_practice_share(person=world.anna)
    response = client.get(everything_url(world.anna))
    assert response.status_code == 404
    assert response["Content-Type"] == FHIR
    assert _outcome(response) == "not-found"
    download = reverse("coupling:download_bundle", args=[world.anna.pk])
    assert client.get(download).status_code == 404


def test_observation_search_by_patient(client, world, measured):
    services.start_practice_share(person=world.anna)
    client.force_login(world.petra)
    url = reverse("coupling:fhir_observation_search")
    body = json.loads(client.get(url, {"patient": f"Patient/{world.anna.pk}"}).content)
    assert {e["resource"]["resourceType"] for e in body["entry"]} == {"Observation"}
    missing = client.get(url)
    assert missing.status_code == 400 and _outcome(missing) == "required"


def test_the_api_is_read_only_and_wants_a_log_in(client, world):
    services.start_practice_share(person=world.anna)
    anonymous = client.get(everything_url(world.anna))
    assert anonymous.status_code == 401 and _outcome(anonymous) == "login"
    client.force_login(world.petra)
    post = client.post(everything_url(world.anna))
    assert post.status_code == 405 and _outcome(post) == "not-supported"


def test_staff_without_a_second_factor_get_no_data(client, world, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    services.start_practice_share(person=world.anna)
    client.force_login(world.petra)
    response = client.get(everything_url(world.anna))
    assert response.status_code == 302
    assert response.url == reverse("mfa_index")


# Who gets a participant's record from the API: (who asks, whose record, shared?) -> status.
MATRIX = [
    ("petra", "anna", True, 200),  # the nurse of anna's practice, active share
    ("petra", "anna", False, 404),  # not shared (or withdrawn)
    ("petra", "kees", False, 404),  # her patient, never shared
    ("nina", "anna", True, 404),  # the nurse of another practice
    ("petra", "piet", True, 404),  # another practice's patient who shares with his own
    ("nina", "piet", True, 200),
    ("sanne", "anna", True, 404),  # the coach
    ("marloes", "anna", True, 404),  # the programme manager
    ("frank", "anna", True, 404),  # the funder
    ("kees", "anna", True, 404),  # a fellow participant
    ("anna", "anna", True, 404),  # the participant has her own download in privacy/
    ("olga", "anna", True, 404),
]


def _person(world, other_practice, name):
    return {"nina": other_practice.nina, "piet": other_practice.piet}.get(name) or getattr(
        world, name
    )


@pytest.mark.parametrize(("asker", "subject", "shared", "status"), MATRIX)
@pytest.mark.parametrize(
    "view", ["fhir_everything", "fhir_patient", "download_bundle", "download_summary"]
)
def test_api_matrix(client, world, other_practice, asker, subject, shared, status, view):
    person = _person(world, other_practice, subject)
    if shared:
        services.start_practice_share(person=person)
    client.force_login(_person(world, other_practice, asker))
    response = client.get(reverse(f"coupling:{view}", args=[person.pk]))
    assert response.status_code == status
    if view.startswith("fhir_"):
        assert response["Content-Type"] == FHIR


def test_a_share_with_a_former_practice_gives_that_practice_nothing(world, other_practice):
    from access.policy import shared_patients_for
    from groups.models import ParticipantProfile

    services.start_practice_share(person=world.anna)
    ParticipantProfile.objects.filter(person=world.anna).update(practice=other_practice)
    assert world.anna not in shared_patients_for(world.petra)
    assert world.anna not in shared_patients_for(other_practice.nina)


@pytest.mark.parametrize(
    ("name", "status"),
    [("petra", 200), ("marloes", 404), ("sanne", 404), ("anna", 404), ("frank", 404)],
)
def test_only_nurses_see_the_list_of_shared_records(client, world, name, status):
    services.start_practice_share(person=world.anna)
    client.force_login(getattr(world, name))
    response = client.get(reverse("coupling:shared_records"))
    assert response.status_code == status
    if status == 200:
        assert world.anna.first_name in response.text
        assert world.kees.first_name not in response.text


def test_the_download_is_logged_as_an_export(client, world, measured):
    services.start_practice_share(person=world.anna)
    client.force_login(world.petra)
    response = client.get(reverse("coupling:download_bundle", args=[world.anna.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert AccessLogEntry.objects.filter(
        subject=world.anna, actor=world.petra, action="export"
    ).exists()
