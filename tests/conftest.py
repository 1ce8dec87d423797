"""Fixtures shared by every test: named people for the roles, a clean cache."""

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache

from accounts.models import User
from cms.site_tree import ensure_site_tree

STAFF_PASSWORD = "a-long-test-password-42"


@pytest.fixture(autouse=True)
def _clean_cache():
    # With REDIS_URL set the cache outlives a test; rate limits must not leak between tests.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site_tree(transactional_db):
    """The Wagtail tree, for transactional tests: their flush removes what migrations made."""
    return ensure_site_tree()


def make_person(email: str, *, password: str | None = None, **fields) -> User:
    user = User.objects.create_user(email=email, password=password, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def anna(db) -> User:
    """A participant: logs in by code, has no password."""
    return make_person("anna@example.org", display_name="Anna")


@pytest.fixture
def admin_user(db) -> User:
    """A site administrator with a password."""
    return make_person(
        "beheer@example.org",
        password=STAFF_PASSWORD,
        display_name="Beheer",
        is_staff=True,
        is_superuser=True,
    )
