"""Every page of tests/privacy/test_full_matrix.PAGES, requested by everyone who may see
it: each response to a logged-in person says ``Cache-Control: no-store``.
"""

import pytest

from tests.privacy.test_full_matrix import PAGES, PEOPLE
from tests.privacy.test_full_matrix import module_scene as module_scene


@pytest.fixture
def scene(module_scene, db):
    return module_scene


GET_PAGES = [key for key, row in PAGES.items() if not row.post_only]


@pytest.mark.parametrize("key", GET_PAGES)
def test_every_logged_in_response_is_not_stored(scene, key):
    row = PAGES[key]
    url = row.build(scene)
    wrong = []
    for name in PEOPLE:  # allowed or refused (403/404): both are for a logged-in person
        response = scene.clients[name].get(url)
        directives = {
            part.strip().split("=")[0] for part in response.get("Cache-Control", "").split(",")
        }
        if "no-store" not in directives or "public" in directives:
            wrong.append(f"{name}: {response.status_code} {response.get('Cache-Control')!r}")
    assert not wrong, f"{key} {url}:\n" + "\n".join(wrong)


def test_a_public_page_for_an_anonymous_visitor_may_be_cached(client, db, site_tree):
    response = client.get("/")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
