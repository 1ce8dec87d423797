"""The safety net's tests: the world, plus a second practice with its own nurse."""

import pytest

from groups import services as group_services
from groups.models import StaffRole
from tests import factories


def member(world, person=None):
    return world.cohort.memberships.get(person=person or world.anna)


@pytest.fixture
def other_practice(world):
    """Another practice of the same organisation, with its own nurse (nina)."""
    practice = factories.make_practice(world.organisation, "Praktijk Het Anker")
    nina = factories.make_person("nina@example.org", password="a-long-test-password-42")
    group_services.grant_staff_role(
        person=nina, role=StaffRole.Role.PRACTICE_NURSE, practice=practice
    )
    return practice, nina
