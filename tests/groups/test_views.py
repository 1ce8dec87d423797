import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from groups.models import Cohort, Membership
from tests import factories
from tests.view_matrix import view_matrix


def url(name, *args):
    return reverse(f"groups:{name}", args=args)


def member(world, person):
    return world.cohort.memberships.get(person=person)


# (url builder, allowed person, member without the right, outsider, method that is not allowed)
VIEWS = {
    "cohort_detail": (
        lambda w: url("cohort_detail", w.cohort.pk),
        "anna",
        "petra",
        "otto",
        "post",
    ),
    "cohort_edit": (lambda w: url("cohort_edit", w.cohort.pk), "marloes", "sanne", "olga", "put"),
    "cohort_start": (
        lambda w: url("cohort_start", w.other_cohort.pk),
        "marloes",
        "petra",
        "olga",
        "put",
    ),
    "cohort_finish": (lambda w: url("cohort_finish", w.cohort.pk), "sanne", "anna", "otto", "put"),
    "cohort_leave": (lambda w: url("cohort_leave", w.cohort.pk), "anna", "frank", "otto", "put"),
    "membership_end": (
        lambda w: url("membership_end", w.cohort.pk, member(w, w.anna).pk),
        "sanne",
        "kees",
        "otto",
        "put",
    ),
    "organisation_detail": (
        lambda w: url("organisation_detail", w.organisation.pk),
        "marloes",
        "petra",
        "olga",
        "post",
    ),
    "cohort_create": (
        lambda w: url("cohort_create", w.organisation.pk),
        "marloes",
        "petra",
        "olga",
        "put",
    ),
    "referral_detail": (
        lambda w: url("referral_detail", member(w, w.ivo).pk),
        "petra",
        "ivo",
        "otto",
        "put",
    ),
    "accept_invitation": (
        lambda w: url("accept_invitation", member(w, w.ivo).pk),
        "ivo",
        "petra",
        "otto",
        "put",
    ),
}


(
    test_view_works_for_the_allowed_person,
    test_view_sends_anonymous_visitor_to_log_in,
    test_view_gives_403_to_member_without_the_right,
    test_view_gives_404_to_outsider,
    test_view_refuses_wrong_method,
) = view_matrix(VIEWS)


POST_ONLY = {
    "invitation_resend": lambda w: url("invitation_resend", member(w, w.ivo).pk),
    "coach_assign": lambda w: url("coach_assign", w.cohort.pk),
}


@pytest.mark.parametrize("view", list(POST_ONLY))
def test_post_only_actions_refuse_get(client, world, view):
    client.force_login(world.marloes)
    assert client.get(POST_ONLY[view](world)).status_code == 405


def test_another_cohorts_member_id_in_the_url_gives_404(client, world):
    otto_membership = world.other_cohort.memberships.get(person=world.otto)
    client.force_login(world.sanne)
    response = client.post(url("aanjager_appoint", world.cohort.pk, otto_membership.pk))
    assert response.status_code == 404
    otto_membership.refresh_from_db()
    assert otto_membership.role == "participant"


def test_aanjager_cannot_appoint_aanjagers(client, world):
    client.force_login(world.kees)
    assert (
        client.post(
            url("aanjager_appoint", world.cohort.pk, member(world, world.anna).pk)
        ).status_code
        == 403
    )
    assert member(world, world.anna).role == "participant"


def test_participant_home_shows_group_coach_and_aanjagers(client, world):
    client.force_login(world.anna)
    text = client.get(reverse("dashboard")).text
    assert "Mijn groep: Herstelcirkel Noord" in text
    assert "Sanne" not in text or "Coach" in text
    assert "Kees" in text and "Anna" in text
    assert "Otto" not in text
    assert "@example.org" not in text  # group members see names, not e-mail addresses


def test_funder_overview_shows_cohort_names_only(client, world):
    client.force_login(world.frank)
    text = client.get(reverse("dashboard")).text
    assert "Herstelcirkel Noord" in text
    assert "Anna" not in text and "Kees" not in text


def test_referral_form_errors_are_dutch_and_nothing_is_saved(client, world):
    forming = factories.make_cohort(world.organisation, by=world.marloes, name="Groep Oost")
    client.force_login(world.petra)
    data = {
        "cohort": forming.pk,
        "first_name": "Lien",
        "last_name": "Test",
        "email": world.anna.email,
        "date_of_birth": "1960-05-01",
        "practice": world.practice.pk,
        "gp_name": "dr. X",
    }
    response = client.post(url("referral_create"), data)
    assert response.status_code == 200
    assert "doet al mee aan een groep" in response.text
    assert forming.memberships.count() == 0

    data.update(email="lien@example.org", date_of_birth="1995-05-01")
    response = client.post(url("referral_create"), data)
    assert "buiten 45 tot 75" in response.text
    assert forming.memberships.count() == 0

    response = client.post(url("referral_create"), {})
    assert "Dit is een verplicht veld." in response.text


def test_referral_to_a_full_cohort_shows_a_clear_error(client, world):
    forming = factories.make_cohort(world.organisation, by=world.marloes)
    for _ in range(20):
        factories.refer(forming, nurse=world.petra, practice=world.practice)
    client.force_login(world.petra)
    response = client.post(
        url("referral_create"),
        {
            "cohort": forming.pk,
            "first_name": "Lien",
            "last_name": "Test",
            "email": "lien@example.org",
            "date_of_birth": "1960-05-01",
            "practice": world.practice.pk,
            "gp_name": "dr. X",
        },
    )
    assert "Deze groep is vol" in response.text
    assert forming.memberships.participants().count() == 20


def test_consent_needs_the_explicit_box(client, world, mailoutbox):
    forming = factories.make_cohort(world.organisation, by=world.marloes)
    referral = factories.refer(forming, nurse=world.petra, practice=world.practice)
    client.force_login(world.petra)
    data = {
        "gp_name": "dr. X",
        "given_on": timezone.localdate().isoformat(),
        "method": "in_writing",
    }
    response = client.post(url("referral_detail", referral.pk), data)
    assert "uitdrukkelijk" in response.text
    referral.refresh_from_db()
    assert referral.status == Membership.Status.REFERRED and mailoutbox == []


def test_cohort_dates_in_the_wrong_order_are_refused(client, world):
    client.force_login(world.marloes)
    response = client.post(
        url("cohort_create", world.organisation.pk),
        {
            "name": "Groep West",
            "meeting_place": "Buurthuis",
            "start_date": "2027-03-01",
            "planned_end_date": "2026-03-01",
            "monthly_contribution": "10",
        },
    )
    assert "minstens 12 maanden" in response.text
    assert not Cohort.objects.filter(name="Groep West").exists()


def test_third_aanjager_shows_a_clear_message(client, world):
    services_world_anna = member(world, world.anna)
    client.force_login(world.sanne)
    client.post(url("aanjager_appoint", world.cohort.pk, services_world_anna.pk))
    forming_member = factories.enrol(
        factories.make_cohort(world.organisation, by=world.marloes),
        nurse=world.petra,
        practice=world.practice,
    )
    Membership.objects.filter(pk=forming_member.pk).update(cohort=world.cohort, place=4)
    response = client.post(
        url("aanjager_appoint", world.cohort.pk, forming_member.pk), follow=True
    )
    assert "hooguit twee aanjagers" in response.text
    assert "Aanjager maken" not in response.text  # no button while both seats are taken
    assert world.cohort.memberships.filter(role="aanjager").count() == 2


def test_start_below_sixteen_without_reason_shows_error(client, world):
    forming = world.other_cohort
    client.force_login(world.marloes)
    response = client.post(url("cohort_start", forming.pk), {})
    assert "minder dan 16" in response.text
    forming.refresh_from_db()
    assert forming.status == Cohort.Status.FORMING


def test_manager_creates_cohort_and_assigns_coach(client, world):
    client.force_login(world.marloes)
    response = client.post(
        url("cohort_create", world.organisation.pk),
        {
            "name": "Groep West",
            "meeting_place": "Buurthuis",
            "start_date": "2027-03-01",
            "planned_end_date": "2028-03-01",
            "monthly_contribution": "7,50",
        },
        follow=True,
    )
    cohort = Cohort.objects.get(name="Groep West")
    assert cohort.monthly_contribution_cents == 750
    client.post(
        url("coach_assign", cohort.pk), {"email": "nieuwe.coach@example.org", "first_name": "Bo"}
    )
    assert cohort.memberships.filter(
        role="coach", person__email="nieuwe.coach@example.org"
    ).exists()
    assert response.status_code == 200


def test_organisation_page_queries_do_not_grow_with_cohorts(
    client, world, django_assert_max_num_queries
):
    for _ in range(15):
        cohort = factories.make_cohort(world.organisation, by=world.marloes)
        factories.refer(cohort, nurse=world.petra, practice=world.practice)
    client.force_login(world.marloes)
    with django_assert_max_num_queries(15):
        response = client.get(url("organisation_detail", world.organisation.pk))
    assert response.status_code == 200


def test_referral_list_queries_do_not_grow_with_referrals(
    client, world, django_assert_max_num_queries
):
    forming = factories.make_cohort(world.organisation, by=world.marloes)
    for _ in range(20):
        factories.consent(
            factories.refer(forming, nurse=world.petra, practice=world.practice), nurse=world.petra
        )
    client.force_login(world.petra)
    with django_assert_max_num_queries(12):
        response = client.get(url("referral_list"))
    assert response.text.count("<tr>") >= 21


def test_cohort_page_queries_do_not_grow_with_members(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from groups import services

    forming = factories.make_cohort(world.organisation, by=world.marloes)
    services.assign_coach(cohort=forming, coach=world.sanne, by=world.marloes)
    client.force_login(world.sanne)

    def queries_for_page():
        client.get(url("cohort_detail", forming.pk))  # warm caches (site, session)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url("cohort_detail", forming.pk))
        assert response.status_code == 200
        return len(captured)

    factories.enrol(forming, nurse=world.petra, practice=world.practice)
    with_one = queries_for_page()
    for _ in range(19):
        factories.enrol(forming, nurse=world.petra, practice=world.practice)
    assert queries_for_page() == with_one


def test_language_of_dates_on_cohort_page_is_dutch(client, world):
    Cohort.objects.filter(pk=world.cohort.pk).update(start_date=datetime.date(2026, 3, 5))
    client.force_login(world.anna)
    assert "5 maart 2026" in client.get(url("cohort_detail", world.cohort.pk)).text


def test_coach_ends_a_membership_with_a_kind_of_reason(client, world):
    membership = member(world, world.anna)
    client.force_login(world.sanne)
    response = client.post(url("membership_end", world.cohort.pk, membership.pk), {"reason": "x"})
    assert "Kies wat voor reden het is." in response.text or "verplicht" in response.text
    membership.refresh_from_db()
    assert membership.status == "active"
    client.post(
        url("membership_end", world.cohort.pk, membership.pk),
        {"category": "health", "reason": "Langdurig ziek"},
    )
    membership.refresh_from_db()
    assert (membership.status, membership.end_reason_category) == ("left", "health")
