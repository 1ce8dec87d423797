"""Every privacy page with every role: who gets it, who is sent to log in, wrong methods."""

import pytest
from django.urls import reverse

ROLES = ["marloes", "petra", "sanne", "anna", "kees", "ivo", "otto", "frank", "olga"]
OWN_PAGES = [
    "privacy:overview",
    "privacy:my_access_log",
    "privacy:download_json",
    "privacy:download_html",
    "privacy:consent",
    "privacy:erase",
]
GET_ONLY = [
    "privacy:overview",
    "privacy:my_access_log",
    "privacy:download_json",
    "privacy:download_html",
    "privacy:access_log_search",
]


@pytest.mark.parametrize("name", ROLES)
@pytest.mark.parametrize("page", OWN_PAGES)
def test_everyone_reaches_their_own_privacy_pages(client, world, name, page):
    client.force_login(getattr(world, name))
    assert client.get(reverse(page)).status_code == 200


@pytest.mark.parametrize("name", ROLES)
def test_only_the_programme_manager_searches_the_log(client, world, name):
    client.force_login(getattr(world, name))
    expected = 200 if name == "marloes" else 403
    assert client.get(reverse("privacy:access_log_search")).status_code == expected


@pytest.mark.parametrize("page", [*OWN_PAGES, "privacy:access_log_search"])
def test_anonymous_visitors_are_sent_to_log_in(client, db, page):
    response = client.get(reverse(page))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("page", GET_ONLY)
def test_a_post_is_not_allowed(client, world, page):
    client.force_login(world.marloes)
    assert client.post(reverse(page)).status_code == 405


def test_the_json_never_holds_someone_elses_data(client, world):
    for name in ROLES:
        client.force_login(getattr(world, name))
        body = client.get(reverse("privacy:download_json")).content.decode()
        others = {getattr(world, other).email for other in ROLES if other != name}
        assert not [email for email in others if email in body], name
