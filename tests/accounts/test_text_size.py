"""The text-size switch on every page: a cookie, the account too, and a safe way back."""

import pytest
from django.urls import reverse

from accounts.text_size import COOKIE_NAME

SET = reverse("text_size_set")


def test_choice_is_remembered_in_a_cookie_and_sets_the_class_on_html(client, db):
    response = client.post(SET, {"size": "very-large", "next": "/account/login/"})
    assert response.status_code == 302
    assert response.url == "/account/login/"
    cookie = response.cookies[COOKIE_NAME]
    assert cookie.value == "very-large"
    assert cookie["max-age"] >= 30 * 24 * 3600
    assert cookie["httponly"]

    page = client.get("/account/login/")
    assert '<html lang="nl" class="text-very-large">' in page.text
    assert 'value="very-large"' in page.text
    assert 'aria-pressed="true">Heel groot</button>' in page.text


def test_every_page_has_the_switch_and_normal_is_the_default(client, db):
    page = client.get("/account/login/")
    assert '<html lang="nl">' in page.text  # normal: no class needed
    assert f'action="{SET}"' in page.text
    for label in ("Normaal", "Groot", "Heel groot"):
        assert f">{label}</button>" in page.text


def test_logged_in_choice_is_stored_on_the_account_and_follows_to_another_browser(
    client, anna, django_user_model
):
    client.force_login(anna)
    client.post(SET, {"size": "large", "next": reverse("dashboard")})
    anna.refresh_from_db()
    assert anna.text_size == "large"

    client.cookies.pop(COOKIE_NAME)  # another phone: no cookie yet, the account knows
    page = client.get(reverse("dashboard"))
    assert 'class="text-large"' in page.text


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""]
)
def test_goes_back_only_to_this_site(client, db, next_url):
    response = client.post(SET, {"size": "large", "next": next_url})
    assert response.status_code == 302
    assert response.url == "/"


def test_unknown_size_changes_nothing(client, anna):
    client.force_login(anna)
    response = client.post(SET, {"size": "enormous", "next": "/mijn/"}, follow=True)
    assert COOKIE_NAME not in response.cookies or response.cookies[COOKIE_NAME].value == ""
    assert "Kies een van de tekstgroottes." in response.text
    anna.refresh_from_db()
    assert anna.text_size == ""


def test_switch_needs_post(client, db):
    assert client.get(SET).status_code == 405
