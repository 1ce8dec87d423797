"""Demo people for the embedded mode. Every later feature adds its own demo module."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction

from .models import User

DEMO_STAFF_PASSWORD = "herstelcirkel-demo"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str
    password: str | None  # None: log in with a code sent by e-mail


DEMO_LOGINS: list[DemoLogin] = []


def ensure_demo_user(
    *, email: str, role: str, display_name: str, password: str | None = None, **fields
) -> User:
    """Creates the user once (idempotent) with a verified e-mail address and records the log-in."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=password, display_name=display_name, **fields
        )
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    if all(login.email != email for login in DEMO_LOGINS):
        DEMO_LOGINS.append(DemoLogin(email=email, role=role, password=password))
    return user


@transaction.atomic
def load() -> None:
    ensure_demo_user(
        email="beheer@herstelcirkel.test",
        role="site administrator (Wagtail /cms/, Django /django-admin/)",
        display_name="Beheer",
        first_name="Beheer",
        password=DEMO_STAFF_PASSWORD,
        is_staff=True,
        is_superuser=True,
    )
    ensure_demo_user(
        email="anna@herstelcirkel.test",
        role="participant (no password: log in by code)",
        display_name="Anna",
        first_name="Anna",
    )
