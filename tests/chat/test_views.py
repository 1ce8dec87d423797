import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chat import services
from chat.models import ChatMessage
from tests.view_matrix import view_matrix


def url(name, *args):
    return reverse(f"chat:{name}", args=args)


@pytest.fixture
def annas_message(world, post):
    return post(world.anna, "Bericht van Anna")


# (url builder, allowed person, member without the right, outsider, method not allowed)
VIEWS = {
    "room": (lambda w, m: url("room", w.cohort.pk), "anna", "petra", "otto", "put"),
    "message_edit": (
        lambda w, m: url("message_edit", w.cohort.pk, m.seq),
        "anna",
        "kees",
        "otto",
        "put",
    ),
    "message_delete": (
        lambda w, m: url("message_delete", w.cohort.pk, m.seq),
        "anna",
        "sanne",
        "frank_outsider",
        "put",
    ),
    "message_hide": (
        lambda w, m: url("message_hide", w.cohort.pk, m.seq),
        "kees",
        "anna",
        "olga",
        "delete",
    ),
}


def person(world, name):
    if name == "frank_outsider":
        return world.otto
    return getattr(world, name)


(
    test_view_works_for_the_allowed_person,
    test_view_sends_anonymous_visitor_to_log_in,
    test_view_gives_403_to_member_without_the_right,
    test_view_gives_404_to_outsider,
    test_view_refuses_wrong_method,
) = view_matrix(VIEWS, extra=["annas_message"], person=person)


@pytest.mark.parametrize("name", ["petra", "frank", "ivo", "marloes"])
def test_staff_funders_and_invitees_cannot_open_the_chat(client, world, name):
    client.force_login(getattr(world, name))
    assert client.get(url("room", world.cohort.pk)).status_code == 403


def test_another_rooms_message_number_gives_404(client, world, post):
    otto_message = post(world.otto, "Zuid", cohort=world.other_cohort)
    post(world.anna, "Noord")
    client.force_login(world.anna)
    assert (
        client.get(url("message_edit", world.other_cohort.pk, otto_message.seq)).status_code == 404
    )
    assert client.get(url("message_edit", world.cohort.pk, 99)).status_code == 404


def test_posting_without_javascript_stores_and_shows_the_message(client, world):
    client.force_login(world.anna)
    response = client.post(url("room", world.cohort.pk), {"body": "Hallo groep!"})
    assert response.status_code == 302
    assert response.url == url("room", world.cohort.pk) + "#bericht-1"
    page = client.get(response.url).text
    assert "Hallo groep!" in page
    assert "Anna" in page


def test_message_content_is_escaped_and_links_are_clickable(client, world, post):
    post(
        world.kees,
        '<script>alert("x")</script> <b>vet</b> zie https://www.voedingscentrum.nl/recepten.',
    )
    client.force_login(world.anna)
    page = client.get(url("room", world.cohort.pk)).text
    assert "<script>alert" not in page and "<b>vet</b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert '<a href="https://www.voedingscentrum.nl/recepten" rel="nofollow">' in page


def test_too_long_message_over_http_shows_a_dutch_error(client, world):
    client.force_login(world.anna)
    response = client.post(url("room", world.cohort.pk), {"body": "x" * 2001})
    assert response.status_code == 200
    assert "hoogstens 2000 tekens" in response.text
    assert not ChatMessage.objects.exists()


def test_rate_limit_over_http_is_explained(client, world, monkeypatch):
    monkeypatch.setattr(services, "_now", lambda: 2_000_000.0)
    client.force_login(world.anna)
    for number in range(10):
        client.post(url("room", world.cohort.pk), {"body": f"Bericht {number}"})
    response = client.post(url("room", world.cohort.pk), {"body": "Te veel"})
    assert response.status_code == 200
    assert "U stuurt veel berichten kort na elkaar" in response.text
    assert ChatMessage.objects.count() == 10


def test_unread_count_is_in_the_title_and_on_the_home_page(client, world, post):
    post(world.kees, "Een")
    post(world.sanne, "Twee")
    client.force_login(world.anna)
    home = client.get(reverse("dashboard")).text
    assert "2 nieuwe berichten" in home
    assert url("room", world.cohort.pk) in home
    cohort_page = client.get(reverse("groups:cohort_detail", args=[world.cohort.pk])).text
    assert "Naar de groepschat" in cohort_page and "2 nieuwe berichten" in cohort_page
    room = client.get(url("room", world.cohort.pk)).text
    assert "<title>(2) Groepschat van Herstelcirkel Noord" in room
    # Opening the chat marks everything as read.
    assert "geen nieuwe berichten" in client.get(reverse("dashboard")).text
    assert "<title>Groepschat" in client.get(url("room", world.cohort.pk)).text


def test_funder_home_page_has_no_chat(client, world, post):
    post(world.kees, "Een")
    client.force_login(world.frank)
    assert url("room", world.cohort.pk) not in client.get(reverse("dashboard")).text
    client.force_login(world.marloes)
    page = client.get(reverse("groups:cohort_detail", args=[world.cohort.pk])).text
    assert "Naar de groepschat" not in page


def test_edit_delete_and_hide_over_http(client, world, annas_message):
    client.force_login(world.anna)
    response = client.post(
        url("message_edit", world.cohort.pk, annas_message.seq), {"body": "Verbeterd"}
    )
    assert response.status_code == 302
    page = client.get(url("room", world.cohort.pk)).text
    assert "Verbeterd" in page and "(bewerkt)" in page

    client.force_login(world.sanne)
    response = client.post(url("message_hide", world.cohort.pk, annas_message.seq), {"reason": ""})
    assert response.status_code == 200 and "Dit is een verplicht veld." in response.text
    client.post(
        url("message_hide", world.cohort.pk, annas_message.seq), {"reason": "Te persoonlijk"}
    )
    annas_message.refresh_from_db()
    assert annas_message.hidden_by == world.sanne
    client.force_login(world.kees)
    page = client.get(url("room", world.cohort.pk)).text
    assert "Verbeterd" not in page
    assert "Verborgen door een moderator. Reden: Te persoonlijk" in page

    own = services.post_message(cohort=world.cohort, author=world.kees, body="Oeps")
    assert client.post(url("message_delete", world.cohort.pk, own.seq)).status_code == 302
    page = client.get(url("room", world.cohort.pk)).text
    assert "Oeps" not in page and "Dit bericht is verwijderd." in page


def test_history_pages_backwards(client, world, monkeypatch):
    monkeypatch.setattr(services, "_check_rate_limit", lambda **kwargs: None)
    for number in range(1, 61):
        services.post_message(
            cohort=world.cohort, author=world.sanne, body=f"Bericht nummer {number}."
        )
    client.force_login(world.anna)
    page = client.get(url("room", world.cohort.pk)).text
    assert "Bericht nummer 60." in page and "Bericht nummer 11." in page
    assert "Bericht nummer 10." not in page
    assert "?voor=11" in page
    older = client.get(url("room", world.cohort.pk) + "?voor=11").text
    assert "Bericht nummer 1." in older and "Bericht nummer 10." in older
    assert "Bericht nummer 11." not in older


def test_chat_page_queries_do_not_grow_with_messages(client, world, monkeypatch):
    monkeypatch.setattr(services, "_check_rate_limit", lambda **kwargs: None)
    people = [world.anna, world.kees, world.sanne]

    def post(count):
        for number in range(count):
            services.post_message(
                cohort=world.cohort, author=people[number % len(people)], body=f"Bericht {number}"
            )

    def visit():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("room", world.cohort.pk))
        assert response.status_code == 200
        return len(queries), response

    client.force_login(world.anna)
    post(1)
    visit()  # the first visit makes the room's read marker
    post(1)
    few, _response = visit()
    post(58)
    many, response = visit()
    assert many == few
    assert response.text.count('<li class="chat-message') == 50


def test_hidden_text_stays_readable_at_its_hide_address_for_the_coach_only(
    client, world, annas_message
):
    client.force_login(world.kees)  # the aanjager hides it
    hide_url = url("message_hide", world.cohort.pk, annas_message.seq)
    assert client.post(hide_url, {"reason": "Te persoonlijk"}).status_code == 302
    page = client.get(hide_url)
    assert page.status_code == 200
    assert annas_message.body not in page.text
    assert "al verwijderd of verborgen" in page.text
    client.force_login(world.sanne)  # the coach still may read what was hidden
    assert annas_message.body in client.get(hide_url).text


def test_a_deleted_message_shows_no_text_at_its_hide_address(client, world, annas_message):
    body = annas_message.body
    services.delete_message(message=annas_message, by=world.anna)
    client.force_login(world.sanne)
    assert body not in client.get(url("message_hide", world.cohort.pk, annas_message.seq)).text


def test_each_message_links_to_what_the_reader_may_do_with_it(client, world, post):
    # chat_tags.chat_message writes the links out once per page: they match chat/urls.py.
    annas = post(world.anna, "Van Anna")
    kees = post(world.kees, "Van Kees")
    client.force_login(world.anna)
    page = client.get(url("room", world.cohort.pk)).text
    assert f'<a href="{url("message_edit", world.cohort.pk, annas.seq)}">Bewerken</a>' in page
    assert f'<a href="{url("message_delete", world.cohort.pk, annas.seq)}">' in page
    assert f'href="{url("message_edit", world.cohort.pk, kees.seq)}"' not in page
    assert (
        f'<form method="post" action="{url("message_unread", world.cohort.pk, kees.seq)}" '
        'class="chat-unread-form"><input type="hidden" name="csrfmiddlewaretoken"'
    ) in page
    assert f'href="{url("message_remind", world.cohort.pk, kees.seq)}"' in page
    assert "/verbergen/" not in page.split('id="chat-messages"')[1].split("</ol>")[0]
    client.force_login(world.kees)  # the coach moderates
    page = client.get(url("room", world.cohort.pk)).text
    assert f'<a href="{url("message_hide", world.cohort.pk, annas.seq)}">Verbergen</a>' in page


def test_more_than_99_unread_messages_are_not_counted_one_by_one(client, world, monkeypatch):
    """A member back after a long time sees "more than 99", and no page counts further."""
    from chat import unread

    monkeypatch.setattr(services, "_check_rate_limit", lambda **kwargs: None)

    def post(count):
        for number in range(count):
            services.post_message(
                cohort=world.cohort, author=world.sanne, body=f"Bericht {number}"
            )

    post(unread.UNREAD_SHOWN)
    assert unread.unread_count(cohort=world.cohort, person=world.anna) == 99
    client.force_login(world.anna)
    assert "99 nieuwe berichten" in client.get(reverse("dashboard")).text
    post(2)  # 101 unread
    assert unread.unread_count(cohort=world.cohort, person=world.anna) == 100
    assert unread.main_unread_count(cohort=world.cohort, person=world.anna) == 100
    with CaptureQueriesContext(connection) as queries:
        home = client.get(reverse("dashboard")).text
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT 100" in sql for sql in counts if "chat_chatmessage" in sql)
    assert "Meer dan 99 nieuwe berichten" in home and "101 nieuwe" not in home
    cohort_page = client.get(reverse("groups:cohort_detail", args=[world.cohort.pk])).text
    assert "Meer dan 99 nieuwe berichten" in cohort_page
    room = client.get(url("room", world.cohort.pk)).text
    assert "<title>(99+) Groepschat van Herstelcirkel Noord" in room
    assert "Er zijn meer dan 99 nieuwe berichten sinds uw laatste bezoek." in room
