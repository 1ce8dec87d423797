import pytest

from tests import factories


@pytest.fixture(autouse=True)
def _staff_second_factor_required(settings):
    """Here the rule is on, as in production (the root conftest switches it off)."""
    settings.MFA_REQUIRED_FOR_STAFF = True


@pytest.fixture
def world(world):
    """The shared world, with every staff member's authenticator app set up."""
    return with_second_factors(world)


def with_second_factors(world):
    for person in (world.marloes, world.petra, world.sanne, world.frank):
        factories.give_second_factor(person)
    carla = world.other_cohort.memberships.get(role="coach").person
    factories.give_second_factor(carla)
    return world
