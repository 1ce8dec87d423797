"""Helpers for the plan and measurement tests, on top of the world fixture."""

import datetime

import pytest
from django.utils import timezone

from groups import services as group_services
from health import services
from tests import factories


def member(world, person):
    return world.cohort.memberships.get(person=person)


def make_goal(world, person=None, *, sharing="private", title="Elke dag wandelen", **texts):
    person = person or world.anna
    return services.create_goal(
        membership=member(world, person), by=person, sharing=sharing, title=title, **texts
    )


def running_cohort(world, *, count=3, start=None, practices=None, name=None):
    """A started cohort coached by sanne with `count` participants (enrolled, then started)."""
    start = start or timezone.localdate() - datetime.timedelta(days=200)
    practices = practices or [world.practice]
    cohort = factories.make_cohort(
        world.organisation, by=world.marloes, name=name or f"Herstelcirkel {start}", start=start
    )
    group_services.assign_coach(cohort=cohort, coach=world.sanne, by=world.marloes)
    people = [
        factories.enrol(
            cohort, nurse=world.petra, practice=practices[index % len(practices)]
        ).person
        for index in range(count)
    ]
    group_services.start_cohort(
        cohort=cohort, by=world.sanne, confirm_small_start=True, reason="Test"
    )
    cohort.refresh_from_db()
    cohort.people = people
    return cohort


@pytest.fixture
def past_cohort(world, django_capture_on_commit_callbacks):
    """A cohort that started 200 days ago: baseline lies behind, 6 months just ahead."""
    with django_capture_on_commit_callbacks(execute=True):
        return running_cohort(world, name="Herstelcirkel West")
