"""The list, a participant's page and the thresholds: the five checks per view, what an
aanjager sees, follow-ups through the page, and queries that stay flat."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from attention import services
from attention.models import AttentionSettings, FollowUp
from contributions.services.ledger import bring_ledger_up_to_date
from groups import services as group_services
from health.services.goals import create_goal
from privacy.models import AccessLogEntry
from tests import factories
from tests.view_matrix import view_matrix

from .conftest import ABSENT, DAY, PRESENT, at, member, register, register_people, weekly


def url(name, *args):
    return reverse(f"attention:{name}", args=args)


VIEWS = {
    "cohort_list": (lambda w: url("cohort_list", w.cohort.pk), "sanne", "anna", "otto", "post"),
    "member": (lambda w: url("member", member(w).pk), "sanne", "marloes", "otto", "put"),
    "thresholds": (
        lambda w: url("thresholds", w.organisation.pk),
        "marloes",
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


def test_the_coach_records_a_follow_up(client, world):
    client.force_login(world.sanne)
    today = timezone.localdate()
    response = client.post(
        url("member", member(world).pk),
        {"note": "Gebeld, komt volgende keer", "contacted_on": today.isoformat()},
        follow=True,
    )
    assert response.status_code == 200
    follow_up = FollowUp.objects.get()
    assert (follow_up.by, follow_up.contacted_on) == (world.sanne, today)
    assert "Gebeld, komt volgende keer" in response.text
    listing = client.get(url("cohort_list", world.cohort.pk))
    assert "Laatste contact" in listing.text and "Gebeld, komt volgende keer" in listing.text


def test_a_follow_up_in_the_future_is_refused_and_nothing_changes(client, world):
    client.force_login(world.sanne)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        url("member", member(world).pk), {"note": "Gebeld", "contacted_on": tomorrow.isoformat()}
    )
    assert response.status_code == 200
    assert "De datum kan niet in de toekomst liggen." in response.text
    assert not FollowUp.objects.exists()


def test_an_empty_note_is_refused(world):
    with pytest.raises(Exception, match="Schrijf in een paar woorden"):
        services.record_follow_up(
            membership=member(world), by=world.sanne, note="  ", contacted_on=timezone.localdate()
        )
    assert not FollowUp.objects.exists()


def test_only_an_aanjager_of_the_group_can_be_asked(world):
    with pytest.raises(Exception, match="Kies een aanjager van deze groep"):
        services.ask_aanjager(membership=member(world), aanjager=world.otto, by=world.sanne)


def test_an_aanjager_sees_only_the_assigned_people_and_no_goals_or_payments(client, world):
    create_goal(membership=member(world), by=world.anna, title="Elke dag wandelen")
    sessions = weekly(world, 2)
    for session in sessions:
        register(world, session, anna=ABSENT, kees=ABSENT)
    services.ask_aanjager(membership=member(world), aanjager=world.kees, by=world.sanne)
    later = sessions[-1].starts_at + 100 * DAY  # months after the cohort's first month
    with at(later):
        bring_ledger_up_to_date(cohort=world.cohort, today=timezone.localdate())
        create_goal(membership=member(world), by=world.anna, title="Nog een doel")
    with at(later + datetime.timedelta(weeks=5)):
        client.force_login(world.sanne)
        coach_page = client.get(url("cohort_list", world.cohort.pk)).text
        assert "Bijdrage mislukt of achter" in coach_page
        assert "Geen check-in op een doel" in coach_page
        client.force_login(world.kees)
        response = client.get(url("cohort_list", world.cohort.pk))
        page = response.text
        assert [row.membership for row in response.context["rows"]] == [member(world)]
        assert "De laatste bijeenkomsten gemist" in page
        assert "Bijdrage" not in page and "check-in" not in page
        detail = client.get(url("member", member(world).pk))
        assert detail.status_code == 200
        assert "Bijdrage" not in detail.text and "check-in" not in detail.text
        assert "Aanjager vragen" not in detail.text
        assert client.get(url("member", member(world, "kees").pk)).status_code == 404
        assert client.post(url("ask_aanjager", member(world).pk)).status_code == 403
        response = client.post(
            url("member", member(world).pk),
            {"note": "Even langs geweest", "contacted_on": timezone.localdate().isoformat()},
        )
        assert response.status_code == 302
        assert FollowUp.objects.get().by == world.kees


def test_the_coach_marks_a_catch_up_talk(client, world):
    client.force_login(world.sanne)
    client.post(url("plan_catch_up", member(world).pk))
    assert FollowUp.objects.get().kind == FollowUp.Kind.CATCH_UP


def test_the_manager_sets_the_thresholds_and_bad_values_change_nothing(client, world):
    client.force_login(world.marloes)
    fields = {
        "missed_in_a_row": 3,
        "signup_days": 5,
        "quiet_weeks": 4,
        "check_in_weeks": 6,
        "first_sessions": 2,
        "rhythm_weeks": 8,
        "stalled_referred_days": 10,
        "stalled_consented_days": 2,
        "stalled_invited_days": 12,
        "stalled_accepted_days": 20,
        "reminder_days": 5,
        "nurse_told_days": 6,
    }
    response = client.post(url("thresholds", world.organisation.pk), fields)
    assert response.status_code == 302
    assert AttentionSettings.objects.get().missed_in_a_row == 3
    response = client.post(url("thresholds", world.organisation.pk), fields | {"quiet_weeks": 0})
    assert response.status_code == 200
    assert AttentionSettings.objects.get().quiet_weeks == 4


def _grow(world, count):
    """The world's cohort with ``count`` more participants (they join before it starts)."""
    cohort = factories.make_cohort(world.organisation, by=world.marloes, name="Groot")
    group_services.assign_coach(cohort=cohort, coach=world.sanne, by=world.marloes)
    for index in range(2 + count):
        factories.enrol(
            cohort,
            nurse=world.petra,
            practice=world.practice,
            email=f"extra{index}@example.org",
            first_name=f"Extra{index}",
        )
    group_services.start_cohort(
        cohort=cohort, by=world.sanne, confirm_small_start=True, reason="Proef"
    )
    world.cohort = cohort


def _busy_cohort(world):
    for membership in world.cohort.memberships.participants().active():
        create_goal(membership=membership, by=membership.person, title="Wandelen")
        services.record_follow_up(
            membership=membership, by=world.sanne, note="Gebeld", contacted_on=timezone.localdate()
        )
    sessions = weekly(world, 3)
    first = world.cohort.memberships.participants().first().person
    for session in sessions:
        register_people(world, session, {first: ABSENT})
    return sessions


@pytest.mark.parametrize("extra", [0, 8])
def test_the_list_takes_the_same_number_of_queries_for_a_larger_cohort(
    client, world, extra, django_assert_max_num_queries
):
    _grow(world, extra)
    sessions = _busy_cohort(world)
    with at(sessions[-1].starts_at + 100 * DAY):
        client.force_login(world.sanne)
        bring_ledger_up_to_date(cohort=world.cohort, today=timezone.localdate())
        with django_assert_max_num_queries(22):  # 22 for 2 and for 10 participants
            response = client.get(url("cohort_list", world.cohort.pk))
    assert len(response.context["rows"]) == 2 + extra


def test_a_participant_who_missed_a_session_finds_it_on_her_overview(client, world):
    missed, attended = weekly(world, 2)
    register(world, missed, anna=ABSENT, kees=PRESENT)
    register(world, attended, anna=PRESENT, kees=PRESENT)
    with at(attended.starts_at + DAY):
        client.force_login(world.anna)
        page = client.get(reverse("dashboard")).text
        assert "Inhalen wat u miste" in page
        assert reverse("sessions:session_detail", args=[missed.pk]) in page
        assert reverse("sessions:session_detail", args=[attended.pk]) not in page
        client.force_login(world.kees)
        assert "Inhalen wat u miste" not in client.get(reverse("dashboard")).text


def test_the_list_and_a_persons_page_are_logged_as_attention_data(client, world):
    client.force_login(world.sanne)
    client.get(url("cohort_list", world.cohort.pk))
    client.get(url("member", member(world).pk))
    kinds = set(
        AccessLogEntry.objects.filter(actor=world.sanne).values_list("data_kind", flat=True)
    )
    assert kinds == {AccessLogEntry.DataKind.ATTENTION}
    assert (
        AccessLogEntry.objects.filter(subject=member(world).person, actor=world.sanne).count() == 2
    )
