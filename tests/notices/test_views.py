"""The notices pages: the matrix, "Gelezen" without JavaScript, who has read (logged)."""

import pytest
from django.urls import reverse

from notices import services
from notices.models import NoticeRead
from privacy.models import AccessLogEntry
from tests.view_matrix import view_matrix


def url(name, *args):
    return reverse(f"notices:{name}", args=args)


@pytest.fixture
def kees_notice(world, notice_by):
    return notice_by(world.kees, "Neem donderdag een flesje water mee.")


# (url builder, allowed person, member without the right, outsider, method not allowed)
VIEWS = {
    "list": (lambda w, n: url("list", w.cohort.pk), "anna", "marloes", "otto", "post"),
    "create": (lambda w, n: url("create", w.cohort.pk), "kees", "anna", "otto", "put"),
    "reads": (lambda w, n: url("reads", w.cohort.pk, n.pk), "sanne", "anna", "otto", "post"),
    "withdraw": (lambda w, n: url("withdraw", w.cohort.pk, n.pk), "kees", "anna", "olga", "put"),
}

(
    test_view_works_for_the_allowed_person,
    test_view_sends_anonymous_visitor_to_log_in,
    test_view_gives_403_to_member_without_the_right,
    test_view_gives_404_to_outsider,
    test_view_refuses_wrong_method,
) = view_matrix(VIEWS, extra=["kees_notice"])


def test_gelezen_works_without_javascript_and_returns_to_the_page(client, world, kees_notice):
    client.force_login(world.anna)
    chat = reverse("chat:room", args=[world.cohort.pk])
    page = client.get(chat)
    assert "Neem donderdag een flesje water mee." in page.text
    assert url("mark_read", world.cohort.pk, kees_notice.pk) in page.text
    response = client.post(url("mark_read", world.cohort.pk, kees_notice.pk), {"next": chat})
    assert (response.status_code, response.url) == (302, chat)
    assert NoticeRead.objects.filter(notice=kees_notice, person=world.anna).exists()
    assert "Neem donderdag een flesje water mee." not in client.get(chat).text


def test_gelezen_never_sends_anyone_to_another_site(client, world, kees_notice):
    client.force_login(world.anna)
    target = url("mark_read", world.cohort.pk, kees_notice.pk)
    response = client.post(target, {"next": "https://evil.example.com/"})
    assert response.url == url("list", world.cohort.pk)


def test_the_script_gets_json_back(client, world, kees_notice):
    client.force_login(world.sanne)
    response = client.post(
        url("mark_read", world.cohort.pk, kees_notice.pk), HTTP_ACCEPT="application/json"
    )
    assert response.json() == {"type": "notice_read", "id": kees_notice.pk}


@pytest.mark.parametrize(("name", "code"), [("kees", 403), ("petra", 403), ("otto", 404)])
def test_the_author_and_others_cannot_mark_it_read(client, world, kees_notice, name, code):
    client.force_login(getattr(world, name))
    assert client.post(url("mark_read", world.cohort.pk, kees_notice.pk)).status_code == code
    assert client.get(url("mark_read", world.cohort.pk, kees_notice.pk)).status_code in (405, 404)
    assert not NoticeRead.objects.exists()


def test_the_overview_shows_the_open_notice_until_it_is_read(client, world, kees_notice):
    client.force_login(world.anna)
    page = client.get(reverse("dashboard"))
    assert "Mededeling van Kees" in page.text and "Gelezen" in page.text
    client.post(url("mark_read", world.cohort.pk, kees_notice.pk), {"next": "/mijn/"})
    assert "Mededeling van Kees" not in client.get(reverse("dashboard")).text


def test_who_has_read_it_shows_names_and_is_in_the_access_log(client, world, kees_notice):
    services.mark_notice_read(notice=kees_notice, person=world.anna)
    client.force_login(world.sanne)
    page = client.get(url("reads", world.cohort.pk, kees_notice.pk)).text
    read, not_read = page.split("Nog niet gelezen (", 1)
    assert "Gelezen (1 persoon)" in read and "Anna" in read
    assert "Kees" not in not_read.split("Terug")[0]  # the author is not on the list
    assert "Sanne" in not_read  # the coach has not read it yet
    logged = AccessLogEntry.objects.filter(actor=world.sanne, data_kind="notice_reads")
    assert set(logged.values_list("subject_id", flat=True)) == {world.anna.pk}


def test_the_author_sees_the_count_and_the_group_does_not(client, world, kees_notice):
    services.mark_notice_read(notice=kees_notice, person=world.anna)
    client.force_login(world.kees)
    assert "Gelezen door 1 van de 2 leden." in client.get(url("list", world.cohort.pk)).text
    client.force_login(world.anna)
    page = client.get(url("list", world.cohort.pk)).text
    assert "Gelezen door" not in page and "U heeft deze mededeling gelezen." in page


def test_posting_and_withdrawing_through_the_pages(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(world.sanne)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("create", world.cohort.pk), {"body": "Geen les op 2e Kerstdag."}
        )
    assert response.status_code == 302
    notice = world.cohort.notices.get()
    assert {m.to[0] for m in mailoutbox} == {world.anna.email, world.kees.email}
    assert client.post(url("create", world.cohort.pk), {"body": " "}).status_code == 200
    response = client.post(url("withdraw", world.cohort.pk, notice.pk))
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.withdrawn_by == world.sanne


@pytest.mark.parametrize("page", ["list", "reads", "dashboard"])
def test_the_pages_take_as_many_queries_for_six_notices_as_for_one(client, world, notice_by, page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        client.force_login(world.sanne if page != "dashboard" else world.anna)
        notice = world.cohort.notices.order_by("pk").first()
        target = {
            "list": url("list", world.cohort.pk),
            "reads": url("reads", world.cohort.pk, notice.pk),
            "dashboard": reverse("dashboard"),
        }[page]
        with CaptureQueriesContext(connection) as captured:
            assert client.get(target).status_code == 200
        return len(captured)

    notice_by(world.kees, "Mededeling 0")
    queries()  # the first visit fills what the site keeps in its cache (the menu's library link)
    one = queries()
    for number in range(1, 6):
        services.mark_notice_read(
            notice=notice_by(world.kees, f"Mededeling {number}"), person=world.sanne
        )
    assert queries() == one
