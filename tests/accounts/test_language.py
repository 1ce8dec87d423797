import datetime
from decimal import Decimal

from django.template import Context, Template
from django.utils import translation


def test_site_speaks_dutch_even_to_an_english_browser(client, db):
    response = client.get("/", headers={"accept-language": "en-GB,en;q=0.9"})
    assert response.status_code == 200
    assert '<html lang="nl">' in response.text
    assert "Inloggen" in response.text
    assert response.headers["Content-Language"] == "nl"


def test_language_switch_turns_the_site_english(client, db):
    response = client.post("/taal/", {"language": "en", "next": "/"}, follow=True)
    assert '<html lang="en">' in response.text
    assert "Log in" in response.text
    # and back again
    response = client.post("/taal/", {"language": "nl", "next": "/"}, follow=True)
    assert '<html lang="nl">' in response.text


def test_every_page_has_a_language_switch_and_skip_link(client, db):
    for url in ["/", "/account/login/", "/account/login/code/"]:
        text = client.get(url).text
        assert 'action="/taal/"' in text, url
        assert 'href="#main"' in text, url


def test_unknown_language_falls_back_to_dutch(client, db):
    client.cookies["django_language"] = "xx"
    assert '<html lang="nl">' in client.get("/").text


def render(template: str, **context) -> str:
    return Template("{% load money %}" + template).render(Context(context))


def test_euros_are_written_the_dutch_way():
    with translation.override("nl"):
        assert render("{{ v|euro }}", v=Decimal("1750")) == "€\xa01.750,00"
        assert render("{{ v|euro }}", v=Decimal("-7.5")) == "-€\xa07,50"
    with translation.override("en"):
        assert render("{{ v|euro }}", v=Decimal("1750")) == "€\xa01,750.00"


def test_dates_and_numbers_are_written_the_dutch_way():
    with translation.override("nl"):
        assert render('{{ d|date:"j F Y" }}', d=datetime.date(2026, 3, 5)) == "5 maart 2026"
        assert render("{{ n|floatformat:1 }}", n=6.25) == "6,3"


def test_cents_are_written_as_dutch_euros():
    with translation.override("nl"):
        assert render("{{ v|euro_cents }}", v=175000) == "€\xa01.750,00"
        assert render("{{ v|euro_cents }}", v=750) == "€\xa07,50"
