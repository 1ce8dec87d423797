import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.demo import DEMO_STAFF_PASSWORD
from accounts.models import User
from privacy.demo import DEMO_TOTP_SECRET


def test_demo_staff_can_log_in_with_the_printed_second_factor(db, capsys):
    call_command("load_demo_data")
    out = capsys.readouterr().out
    assert DEMO_TOTP_SECRET in out
    coach = User.objects.get(email="coach@herstelcirkel.test")
    assert Authenticator.objects.filter(user=coach, type="totp").exists()
    anna = User.objects.get(email="anna@herstelcirkel.test")
    assert not Authenticator.objects.filter(user=anna).exists()  # participants opt in

    client = Client()
    response = client.post(
        reverse("account_login"), {"login": coach.email, "password": DEMO_STAFF_PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    call_command("demo_totp_code")
    printed = capsys.readouterr().out.split()[0]
    assert printed == format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(time.time()) // 30)) or (
        len(printed) == 6 and printed.isdigit()
    )
    response = client.post(reverse("mfa_authenticate"), {"code": printed})
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


def test_loading_twice_keeps_one_authenticator(db):
    call_command("load_demo_data")
    call_command("load_demo_data")
    coach = User.objects.get(email="coach@herstelcirkel.test")
    assert Authenticator.objects.filter(user=coach, type="totp").count() == 1
