"""Demo staff get an authenticator app (TOTP) with one known secret, so `make run` works.

Add the secret to any authenticator app, or print the current code with
`manage.py demo_totp_code`. Embedded mode only: load_demo_data refuses production.
"""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction

from accounts.demo import DEMO_LOGINS
from accounts.models import User

from .staff import is_staff_person

DEMO_TOTP_SECRET = "HERSTELCIRKELDEMOHERSTELCIRKEL23"  # base32; demo only


@transaction.atomic
def load() -> None:
    for login in DEMO_LOGINS:
        user = User.objects.filter(email=login.email).first()
        if user is None or not is_staff_person(user):
            continue
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
