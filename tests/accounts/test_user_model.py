import pytest
from django.core.exceptions import ValidationError

from accounts.models import User


def test_user_logs_in_with_email_and_has_no_username(db):
    user = User.objects.create_user(email="Piet@Example.ORG")
    assert User.USERNAME_FIELD == "email"
    assert not hasattr(user, "username") or user.username is None
    assert user.email == "piet@example.org"


def test_participant_without_password_cannot_log_in_by_password(db):
    user = User.objects.create_user(email="piet@example.org")
    assert not user.has_usable_password()


def test_email_is_unique_ignoring_case(db):
    User.objects.create_user(email="piet@example.org")
    with pytest.raises(ValidationError):
        User.objects.create_user(email="PIET@example.org")
    assert User.objects.count() == 1


def test_public_name_prefers_display_name_then_first_name(db):
    assert User(email="a@example.org", display_name="Ans", first_name="Anna").public_name == "Ans"
    assert User(email="a@example.org", first_name="Anna").public_name == "Anna"
    assert User(email="anna.b@example.org").public_name == "anna.b"


def test_superuser_has_staff_rights(db):
    user = User.objects.create_superuser(email="root@example.org", password="x" * 20)
    assert user.is_staff and user.is_superuser and user.has_usable_password()
