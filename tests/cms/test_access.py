"""Members-only pages and documents, and who may enter the Wagtail admin."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from cms.models import ContentPage
from cms.site_tree import ensure_site_tree
from tests.cms.pages import make_editor, publish_child


@pytest.fixture
def members_page(db):
    page = publish_child(
        ensure_site_tree(),
        ContentPage(
            title="Werkbladen",
            slug="werkbladen",
            intro="Alleen voor deelnemers.",
            body=[{"type": "text", "value": "<p>Het werkblad van deze week.</p>"}],
        ),
    )
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    return page


def test_anonymous_visitor_is_sent_to_our_login_for_a_members_only_page(client, members_page):
    response = client.get("/werkbladen/")
    assert response.status_code == 302
    assert response["Location"] == "/account/login/?next=/werkbladen/"


def test_logged_in_member_reads_the_members_only_page(client, anna, members_page):
    client.force_login(anna)
    response = client.get("/werkbladen/")
    assert response.status_code == 200
    assert "Het werkblad van deze week." in response.text


@pytest.fixture
def documents(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    Document = get_document_model()
    root = Collection.get_first_root_node()
    private = root.add_child(name="Werkbladen voor deelnemers")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    made = {}
    for name, collection in (("openbaar", root), ("werkblad", private)):
        document = Document(title=name, collection=collection)
        document.file.save(f"{name}.txt", ContentFile(f"inhoud {name}".encode()), save=False)
        document.save()
        made[name] = document
    return made


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_public_document_is_served_to_anyone(client, documents):
    response = client.get(documents["openbaar"].url)
    assert response.status_code == 200
    assert body(response) == b"inhoud openbaar"


def test_members_only_document_needs_a_login(client, anna, documents):
    url = documents["werkblad"].url
    assert url.startswith("/documenten/")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/?next=/documenten/")

    client.force_login(anna)
    response = client.get(url)
    assert response.status_code == 200
    assert body(response) == b"inhoud werkblad"


def test_participant_never_reaches_the_wagtail_admin(client, anna):
    client.force_login(anna)
    for url in ("/cms/", "/cms/pages/", "/cms/documents/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/cms/login/"), url


def test_anonymous_visitor_is_sent_to_log_in_for_the_admin(client, db):
    assert client.get("/cms/")["Location"].startswith("/cms/login/")


@pytest.mark.parametrize("group_name", ["Programmabeheer", "Coaches"])
def test_editors_in_the_wagtail_groups_reach_the_admin(client, db, group_name):
    editor = make_editor(f"{group_name.lower()}@example.org", group_name)
    client.force_login(editor)
    assert client.get("/cms/").status_code == 200
    assert client.get("/cms/pages/", follow=True).status_code == 200


def test_only_programme_managers_may_publish(db):
    home = ensure_site_tree()
    manager = make_editor("beheer2@example.org", "Programmabeheer")
    coach = make_editor("coach@example.org", "Coaches")
    assert home.permissions_for_user(manager).can_publish()
    assert home.permissions_for_user(coach).can_edit()
    assert not home.permissions_for_user(coach).can_publish()
    assert manager.has_perm("simple_translation.submit_translation")
    assert not coach.has_perm("simple_translation.submit_translation")
