"""The invitation e-mail's link: a page that greets the person, names who invited them and
the group, and asks only for the e-mailed code; then the code screen."""

import re

import pytest
from django.urls import reverse

from groups import invitations, services


def code_from(mail) -> str:
    return re.search(r"^\s*(\d{6})\s*$", mail.body, re.MULTILINE).group(1)


@pytest.fixture
def ivo_membership(world):
    return world.cohort.memberships.get(person=world.ivo)


@pytest.fixture
def welcome_url(ivo_membership):
    return reverse("groups:invitation_welcome", args=[invitations.token_for(ivo_membership)])


def test_invitation_mail_links_to_the_welcome_page(
    world, ivo_membership, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_participant(membership=ivo_membership, by=world.petra)
    body = mailoutbox[-1].body
    path = re.search(r"https?://[^/\s]+(/welkom/[^\s]+/)", body).group(1)
    assert invitations.membership_for(path.split("/")[2]) == ivo_membership
    assert "15 minuten" not in body  # the code's own e-mail says how long it works
    assert "Open deze link om te beginnen" in body


def test_welcome_page_names_the_inviter_and_the_group_and_asks_no_address(client, welcome_url):
    response = client.get(welcome_url)
    assert response.status_code == 200
    text = response.text
    assert "Welkom, Ivo" in text
    assert "Petra nodigt u uit voor de groep Herstelcirkel Noord." in text
    assert "Stuur mij de code" in text
    main = text.split('id="main"')[1]
    assert 'type="email"' not in main
    assert 'type="password"' not in main


def test_one_press_sends_the_code_and_the_code_leads_to_the_agreement(
    client, world, ivo_membership, welcome_url, mailoutbox
):
    response = client.post(welcome_url)
    assert [mail.to for mail in mailoutbox] == [[world.ivo.email]]
    accept = reverse("groups:accept_invitation", args=[ivo_membership.pk])
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_confirm_login_code"))
    assert "next=" in response.url

    screen = client.get(response.url)
    assert screen.status_code == 200
    response = client.post(
        response.url, {"code": code_from(mailoutbox[-1]), "next": accept}, follow=True
    )
    assert response.wsgi_request.user == world.ivo
    assert response.redirect_chain[-1][0] == accept
    assert "Welkom bij Herstelcirkel Noord" in response.text


def test_a_wrong_token_is_not_found(client, db, welcome_url):
    assert client.get(welcome_url[:-3] + "xx/").status_code == 404
    assert client.get(reverse("groups:invitation_welcome", args=["12"])).status_code == 404


def test_an_accepted_invitation_sends_no_code(client, world, mailoutbox):
    anna = world.cohort.memberships.get(person=world.anna)
    url = reverse("groups:invitation_welcome", args=[invitations.token_for(anna)])
    response = client.get(url)
    assert "Deze uitnodiging is niet meer open." in response.text
    assert "Stuur mij de code" not in response.text
    client.post(url)
    assert mailoutbox == []


def test_the_invited_person_logged_in_goes_straight_to_the_agreement(
    client, world, ivo_membership, welcome_url
):
    client.force_login(world.ivo)
    response = client.get(welcome_url)
    assert response.status_code == 302
    assert response.url == reverse("groups:accept_invitation", args=[ivo_membership.pk])


def test_someone_else_logged_in_gets_no_code_button(client, world, welcome_url, mailoutbox):
    client.force_login(world.anna)
    response = client.get(welcome_url)
    assert "U bent ingelogd als iemand anders." in response.text
    assert "Stuur mij de code" not in response.text
    client.post(welcome_url)
    assert mailoutbox == []
    assert client.get(reverse("dashboard")).wsgi_request.user == world.anna


def test_code_screen_gives_the_real_expiry_and_focuses_the_field(
    client, world, welcome_url, mailoutbox, settings
):
    settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 10 * 60
    screen = client.get(client.post(welcome_url).url)
    text = screen.text
    assert "De code werkt 10 minuten." in text
    assert "verloopt binnenkort" not in text.lower()
    field = re.search(r"<input[^>]*name=\"code\"[^>]*>", text, re.DOTALL).group(0)
    for attribute in ('inputmode="numeric"', 'autocomplete="one-time-code"', "autofocus"):
        assert attribute in field
    assert '<label for="id_code">Code</label>' in text
    # one main button; cancelling is a link-styled secondary action
    assert text.count('<button type="submit">') == 1
    assert 'class="link-button">Annuleren</button>' in text
    assert "De code werkt 10 minuten." in mailoutbox[-1].body


def test_a_wrong_code_is_said_next_to_the_field(client, welcome_url, mailoutbox):
    url = client.post(welcome_url).url
    response = client.post(url, {"code": "000000"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.text
    assert "Ongeldige code" in response.text
