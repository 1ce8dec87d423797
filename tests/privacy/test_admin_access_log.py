"""Participants' data opened in the Django admin or the Wagtail admin is access-logged."""

import pytest
from django.test import Client
from django.urls import reverse

from groups.models import GPConsent
from privacy.models import AccessLogEntry
from tests import factories


@pytest.fixture
def administrator(admin_user):
    factories.give_second_factor(admin_user)
    return admin_user


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def logged():
    return list(AccessLogEntry.objects.order_by("pk"))


def participants(world):
    return {world.anna.pk, world.kees.pk, world.ivo.pk, world.otto.pk}


def test_the_django_admin_user_list_logs_each_participant_on_it(admin_client, world):
    response = admin_client.get(reverse("admin:accounts_user_changelist"))
    assert response.status_code == 200
    entries = logged()
    assert {e.subject_id for e in entries} == participants(world)
    assert len(entries) == len(participants(world))  # once each; staff are not logged
    assert {(e.action, e.data_kind, e.actor_role) for e in entries} == {
        ("view", "profile", "administrator")
    }
    assert {e.actor_id for e in entries} == {response.wsgi_request.user.pk}


def test_opening_a_participant_in_the_django_admin_is_logged(admin_client, world, administrator):
    url = reverse("admin:accounts_user_change", args=[world.anna.pk])
    assert admin_client.get(url).status_code == 200
    [entry] = logged()
    assert (entry.actor, entry.subject, entry.action, entry.data_kind) == (
        administrator,
        world.anna,
        "view",
        "profile",
    )
    assert entry.actor_role == "administrator"
    assert entry.organisation == world.organisation
    assert entry.path == url


def test_opening_a_staff_member_in_the_django_admin_is_not_logged(admin_client, world):
    url = reverse("admin:accounts_user_change", args=[world.sanne.pk])
    assert admin_client.get(url).status_code == 200
    assert logged() == []


def test_a_membership_and_its_gp_consent_are_logged_as_referral_data(admin_client, world):
    membership = world.cohort.memberships.get(person=world.anna)
    consent = GPConsent.objects.get(membership=membership)
    for url in (
        reverse("admin:groups_membership_change", args=[membership.pk]),
        reverse("admin:groups_gpconsent_change", args=[consent.pk]),
    ):
        assert admin_client.get(url).status_code == 200
    assert [(e.subject, e.data_kind) for e in logged()] == [
        (world.anna, "referral"),
        (world.anna, "referral"),
    ]


def test_saving_a_participant_in_the_django_admin_is_logged_as_a_change(admin_client, world):
    membership = world.cohort.memberships.get(person=world.anna)
    url = reverse("admin:groups_membership_change", args=[membership.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "person": membership.person_id,
            "cohort": membership.cohort_id,
            "enrolment_events-TOTAL_FORMS": "0",
            "enrolment_events-INITIAL_FORMS": "0",
        }
    )
    prefix = admin_client.get(url).context["inline_admin_formsets"][0].formset.prefix
    data[f"{prefix}-TOTAL_FORMS"] = data[f"{prefix}-INITIAL_FORMS"] = "0"
    before = len(logged())
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entries = logged()[before:]
    assert [(e.subject, e.action) for e in entries] == [(world.anna, "change")]


def test_a_cohorts_admin_page_logs_its_named_members_but_the_list_does_not(admin_client, world):
    assert admin_client.get(reverse("admin:groups_cohort_changelist")).status_code == 200
    assert logged() == []
    url = reverse("admin:groups_cohort_change", args=[world.cohort.pk])
    assert admin_client.get(url).status_code == 200
    assert {e.subject for e in logged()} == {world.anna, world.kees, world.ivo}


def test_the_contributions_ledger_in_the_django_admin_is_logged_as_payments(admin_client, world):
    from contributions import services
    from contributions.models import LedgerLine
    from tests.contributions.conftest import this_month

    services.set_plan(
        cohort=world.cohort,
        amount_cents=1000,
        start_month=this_month(),
        end_month=None,
        by=world.marloes,
    )
    services.bring_ledger_up_to_date(cohort=world.cohort)
    lines = LedgerLine.objects.filter(membership__cohort=world.cohort)
    assert lines.exists()
    response = admin_client.get(reverse("admin:contributions_ledgerline_changelist"))
    assert response.status_code == 200
    people = set(lines.values_list("membership__person", flat=True))
    entries = logged()
    assert {e.subject_id for e in entries} == people
    assert {e.data_kind for e in entries} == {"payments"}


def test_the_wagtail_user_admin_logs_the_participants_it_lists_and_opens(admin_client, world):
    assert admin_client.get(reverse("wagtailusers_users:index")).status_code == 200
    assert {e.subject_id for e in logged()} == participants(world)
    before = len(logged())
    url = reverse("wagtailusers_users:edit", args=[world.kees.pk])
    assert admin_client.get(url).status_code == 200
    [entry] = logged()[before:]
    assert (entry.subject, entry.action, entry.actor_role, entry.path) == (
        world.kees,
        "view",
        "administrator",
        url,
    )


def test_the_person_sees_the_administrators_look_in_their_own_log(admin_client, world):
    admin_client.get(reverse("admin:accounts_user_change", args=[world.anna.pk]))
    anna = Client()
    anna.force_login(world.anna)
    response = anna.get(reverse("privacy:my_access_log"))
    assert response.status_code == 200
    assert [e.actor_role for e in response.context["page"]] == ["administrator"]
