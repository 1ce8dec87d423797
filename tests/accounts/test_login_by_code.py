import re

from django.urls import reverse


def request_code(client, email: str):
    return client.post(reverse("account_request_login_code"), {"email": email}, follow=True)


def code_from(mail) -> str:
    match = re.search(r"^\s*(\d{6})\s*$", mail.body, re.MULTILINE)
    assert match, mail.body
    return match.group(1)


def test_participant_logs_in_with_emailed_code_without_password(client, anna, mailoutbox):
    response = request_code(client, anna.email)
    assert response.status_code == 200
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [anna.email]

    response = client.post(
        reverse("account_confirm_login_code"), {"code": code_from(mailoutbox[0])}, follow=True
    )

    assert response.wsgi_request.user == anna
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert "Welkom, Anna" in response.text


def test_wrong_code_is_refused_in_dutch(client, anna, mailoutbox):
    request_code(client, anna.email)
    response = client.post(reverse("account_confirm_login_code"), {"code": "AAAAAA"})
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    assert "Ongeldige code" in response.text


def test_code_mail_is_in_dutch(client, anna, mailoutbox):
    request_code(client, anna.email)
    assert "[Herstelcirkel]" in mailoutbox[0].subject
    assert "code" in mailoutbox[0].body.lower()
    assert "inlog" in (mailoutbox[0].subject + mailoutbox[0].body).lower()


def test_staff_logs_in_with_password(client, admin_user):
    from tests.conftest import STAFF_PASSWORD

    response = client.post(
        reverse("account_login"),
        {"login": admin_user.email, "password": STAFF_PASSWORD},
        follow=True,
    )
    assert response.wsgi_request.user == admin_user


def test_nobody_can_sign_up_on_their_own(client, db):
    response = client.post(
        reverse("account_signup"),
        {"email": "new@example.org", "password1": "a-long-pass-phrase-9", "password2": "x"},
    )
    assert "Registratie gesloten" in response.text or response.status_code in (403, 404)
    from accounts.models import User

    assert not User.objects.filter(email="new@example.org").exists()


def test_dashboard_sends_anonymous_visitor_to_log_in(client, db):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_dashboard_refuses_wrong_method(client, anna):
    client.force_login(anna)
    assert client.post(reverse("dashboard")).status_code == 405


def test_log_out_needs_post(client, anna):
    client.force_login(anna)
    client.post(reverse("account_logout"))
    assert client.get(reverse("dashboard")).status_code == 302
