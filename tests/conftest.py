"""Fixtures shared by every test: named people for the roles, a clean cache.

The people of the world fixture, in one organisation (a care group):
- marloes: programme manager           - petra: practice nurse of the practice
- sanne: coach of the cohort            - anna: participant in the cohort
- kees: aanjager in the cohort          - ivo: invited to the cohort, not accepted yet
- otto: participant of another cohort   - frank: contact of a funder of the cohort
- olga: logged-in person without any role
"""

from dataclasses import dataclass

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import TestCase

from accounts.models import User
from cms.site_tree import ensure_site_tree
from groups import services
from groups.models import Cohort, Funder, Organisation, Practice, StaffRole

from . import factories

STAFF_PASSWORD = "a-long-test-password-42"


@pytest.fixture(autouse=True)
def _clean_cache():
    # With REDIS_URL set the cache outlives a test; rate limits must not leak between tests.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _staff_second_factor_rule(settings):
    """Staff must set up a second factor before anything else (privacy.middleware). That
    rule has its own tests in tests/privacy/, which switch it back on; elsewhere staff are
    taken to have set it up, so feature tests log in with a password or force_login."""
    settings.MFA_REQUIRED_FOR_STAFF = False


@pytest.fixture
def site_tree(transactional_db):
    """The Wagtail tree, for transactional tests: their flush removes what migrations made."""
    return ensure_site_tree()


@dataclass
class World:
    organisation: Organisation
    practice: Practice
    funder: Funder
    cohort: Cohort
    other_cohort: Cohort
    marloes: User
    petra: User
    sanne: User
    anna: User
    kees: User
    ivo: User
    otto: User
    frank: User
    olga: User


@pytest.fixture
def world(db) -> World:
    return build_world()


def build_world() -> World:
    """The world's people and groups, built through the services (also for fixtures of a
    wider scope, which cannot use the function-scoped ``db`` fixture)."""
    organisation = factories.make_organisation("Zorggroep Rivierstad")
    practice = factories.make_practice(organisation, "Huisartsenpraktijk De Linde")
    funder = factories.make_funder("Zorgverzekeraar Gezond Samen")
    person = factories.make_person
    marloes = person("marloes@example.org", password=STAFF_PASSWORD, first_name="Marloes")
    petra = person("petra@example.org", password=STAFF_PASSWORD, first_name="Petra")
    sanne = person("sanne@example.org", password=STAFF_PASSWORD, first_name="Sanne")
    carla = person("carla@example.org", password=STAFF_PASSWORD, first_name="Carla")
    frank = person("frank@example.org", password=STAFF_PASSWORD, first_name="Frank")
    olga = person("olga@example.org", first_name="Olga")
    anna = person("anna@example.org", first_name="Anna", display_name="Anna")
    kees = person("kees@example.org", first_name="Kees", display_name="Kees")
    services.grant_staff_role(
        person=marloes, role=StaffRole.Role.MANAGER, organisation=organisation
    )
    services.grant_staff_role(person=petra, role=StaffRole.Role.PRACTICE_NURSE, practice=practice)
    services.grant_staff_role(person=frank, role=StaffRole.Role.FUNDER, funder=funder)

    with TestCase.captureOnCommitCallbacks(execute=True):
        cohort = factories.make_cohort(organisation, by=marloes, name="Herstelcirkel Noord")
        services.assign_coach(cohort=cohort, coach=sanne, by=marloes)
        services.set_cohort_funders(cohort=cohort, funders=[funder], by=marloes)
        for participant in (anna, kees):
            factories.enrol(
                cohort,
                nurse=petra,
                practice=practice,
                email=participant.email,
                first_name=participant.first_name,
            )
        ivo_membership = factories.consent(
            factories.refer(
                cohort, nurse=petra, practice=practice, email="ivo@example.org", first_name="Ivo"
            ),
            nurse=petra,
        )
        services.start_cohort(
            cohort=cohort, by=sanne, confirm_small_start=True, reason="Kleine proefgroep"
        )
        services.appoint_aanjager(membership=cohort.memberships.get(person=kees), by=sanne)

        other_cohort = factories.make_cohort(organisation, by=marloes, name="Herstelcirkel Zuid")
        services.assign_coach(cohort=other_cohort, coach=carla, by=marloes)
        otto = factories.enrol(
            other_cohort,
            nurse=petra,
            practice=practice,
            email="otto@example.org",
            first_name="Otto",
        ).person
    cohort.refresh_from_db()
    mail.outbox.clear()  # tests see only the e-mails they cause themselves
    return World(
        organisation=organisation,
        practice=practice,
        funder=funder,
        cohort=cohort,
        other_cohort=other_cohort,
        marloes=marloes,
        petra=petra,
        sanne=sanne,
        anna=anna,
        kees=kees,
        ivo=ivo_membership.person,
        otto=otto,
        frank=frank,
        olga=olga,
    )


@pytest.fixture
def anna(db) -> User:
    """A participant-to-be without a group: logs in by code, has no password."""
    return factories.make_person("anna@example.org", display_name="Anna", first_name="Anna")


@pytest.fixture
def admin_user(db) -> User:
    """A site administrator with a password."""
    return factories.make_person(
        "beheer@example.org",
        password=STAFF_PASSWORD,
        display_name="Beheer",
        is_staff=True,
        is_superuser=True,
    )
