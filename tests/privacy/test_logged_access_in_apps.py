"""The access log in the other apps' views: health, contributions, sessions.

Each view that shows or changes a named participant's data writes one entry per person.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from health import services as health_services
from privacy.models import AccessLogEntry
from sessions import services as session_services


def entries():
    return list(AccessLogEntry.objects.order_by("pk"))


def _anna(world):
    return world.cohort.memberships.get(person=world.anna)


def test_the_coach_opening_a_plan_is_logged(client, world):
    client.force_login(world.sanne)
    assert client.get(reverse("health:plan", args=[_anna(world).pk])).status_code == 200
    [entry] = entries()
    assert (entry.actor, entry.subject, entry.data_kind, entry.actor_role) == (
        world.sanne,
        world.anna,
        "plan",
        "coach",
    )


def test_the_participant_opening_her_own_plan_is_not_logged(client, world):
    client.force_login(world.anna)
    assert client.get(reverse("health:plan", args=[_anna(world).pk])).status_code == 200
    assert entries() == []


def test_a_group_member_opening_a_shared_goal_is_logged(client, world):
    goal = health_services.create_goal(
        membership=_anna(world), by=world.anna, sharing="group", title="Wandelen"
    )
    client.force_login(world.kees)
    assert client.get(reverse("health:goal_detail", args=[goal.pk])).status_code == 200
    [entry] = entries()
    assert (entry.actor, entry.subject, entry.data_kind, entry.actor_role) == (
        world.kees,
        world.anna,
        "goals",
        "aanjager",
    )
    assert entry.organisation is None


def test_the_nurse_opening_measurements_is_logged(client, world):
    client.force_login(world.petra)
    response = client.get(reverse("health:measurements", args=[_anna(world).pk]))
    assert response.status_code == 200
    [entry] = entries()
    assert (entry.actor, entry.data_kind, entry.actor_role) == (
        world.petra,
        "measurements",
        "nurse",
    )


def test_the_coach_overview_logs_every_named_participant(client, world):
    client.force_login(world.sanne)
    response = client.get(reverse("health:cohort_health", args=[world.cohort.pk]))
    assert response.status_code == 200
    assert sorted(e.subject_id for e in entries()) == sorted([world.anna.pk, world.kees.pk])
    assert {e.data_kind for e in entries()} == {"measurements"}


def test_a_persons_payments_are_logged(client, world):
    client.force_login(world.marloes)
    url = reverse("contributions:member_ledger", args=[world.cohort.pk, _anna(world).pk])
    assert client.get(url).status_code == 200
    [entry] = entries()
    assert (entry.actor, entry.subject, entry.data_kind, entry.actor_role) == (
        world.marloes,
        world.anna,
        "payments",
        "manager",
    )


def test_the_attendance_register_logs_every_named_participant(client, world):
    start = timezone.now() - datetime.timedelta(hours=1)  # the register opens at the start
    session = session_services.plan_session(
        cohort=world.cohort,
        by=world.sanne,
        title="Bijeenkomst",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="Buurthuis",
    )
    client.force_login(world.sanne)
    url = reverse("sessions:session_attendance", args=[session.pk])
    assert client.get(url).status_code == 200
    assert sorted(e.subject_id for e in entries()) == sorted([world.anna.pk, world.kees.pk])
    assert {(e.action, e.data_kind) for e in entries()} == {("view", "attendance")}
