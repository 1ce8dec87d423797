"""The five checks every app runs over its table of views.

An app's test module describes its views as
``VIEWS = {name: (url builder, allowed person, member without the right, outsider,
method not allowed)}`` and gets the checks with

    (test_view_works_for_the_allowed_person, ...) = view_matrix(VIEWS)

The url builder receives the ``world`` fixture and then the fixtures named in ``extra``;
people are looked up in the world by name (or by ``person(world, name)``).
"""

from collections.abc import Callable, Iterable

import pytest
from django.urls import reverse


def view_matrix(
    views: dict,
    *,
    extra: Iterable[str] = (),
    person: Callable = getattr,
    not_html: Iterable[str] = (),
):
    extra, not_html = tuple(extra), set(not_html)

    # Each test names ``world`` itself (not only through getfixturevalue): pytest-django
    # orders tests by the fixtures they name, and database tests must run before the
    # transactional ones that flush the migrations' data.
    def url_of(request, world, view):
        return views[view][0](world, *(request.getfixturevalue(name) for name in extra))

    @pytest.mark.parametrize("view", list(views))
    def test_view_works_for_the_allowed_person(client, world, request, view):
        url = url_of(request, world, view)
        client.force_login(person(world, views[view][1]))
        response = client.get(url)
        assert response.status_code == 200
        if view not in not_html:
            assert '<html lang="nl">' in response.text

    @pytest.mark.parametrize("view", list(views))
    def test_view_sends_anonymous_visitor_to_log_in(client, world, request, view):
        url = url_of(request, world, view)
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))

    @pytest.mark.parametrize("view", list(views))
    def test_view_gives_403_to_member_without_the_right(client, world, request, view):
        url = url_of(request, world, view)
        client.force_login(person(world, views[view][2]))
        assert client.get(url).status_code == 403

    @pytest.mark.parametrize("view", list(views))
    def test_view_gives_404_to_outsider(client, world, request, view):
        url = url_of(request, world, view)
        client.force_login(person(world, views[view][3]))
        assert client.get(url).status_code == 404

    @pytest.mark.parametrize("view", list(views))
    def test_view_refuses_wrong_method(client, world, request, view):
        url = url_of(request, world, view)
        client.force_login(person(world, views[view][1]))
        assert getattr(client, views[view][4])(url).status_code == 405

    return (
        test_view_works_for_the_allowed_person,
        test_view_sends_anonymous_visitor_to_log_in,
        test_view_gives_403_to_member_without_the_right,
        test_view_gives_404_to_outsider,
        test_view_refuses_wrong_method,
    )
