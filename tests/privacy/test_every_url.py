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


# Who writes an access log entry by opening each page (GET), from SECURITY.md's rule: every
# page, export and socket message that shows a named person's data beyond the group's own
# member list is logged. A page not listed here logs for nobody: that is stated, too.
STAFF_OF_ANNA = frozenset({"sanne", "marloes"})
LOGGING: dict[str, frozenset] = {
    "groups:cohort_detail": STAFF_OF_ANNA,  # referral, consent and reasons for leaving
    "groups:referral_list": frozenset({"petra"}),  # the nurse's own patients; none for marloes
    "groups:referral_detail": frozenset({"marloes", "petra", "sanne"}),
    "groups:membership_end": STAFF_OF_ANNA,
    "health:plan": frozenset({"sanne"}),
    "health:measurements": frozenset({"sanne", "petra"}),
    "health:measurement_create": frozenset({"sanne", "petra"}),
    "health:goal_detail": frozenset({"sanne", "kees"}),
    "health:cohort_health": frozenset({"sanne", "petra"}),
    "sessions:attendance_overview": frozenset({"kees", "sanne"}),  # a rate per person
    "sessions:session_attendance": frozenset({"kees", "sanne"}),
    "contributions:overview": STAFF_OF_ANNA,  # who is behind, who had a month waived
    "contributions:member_ledger": STAFF_OF_ANNA,
    "privacy:download_json": frozenset(PEOPLE),  # one's own export is logged
    "privacy:download_html": frozenset(PEOPLE),
    "privacy:erase_participant": frozenset({"marloes"}),
    # safety: the nurse's views of a patient's medication, values and alerts; the coach
    # learning that an alert exists
    "safety:overview": frozenset({"petra"}),
    "safety:medication_change": frozenset({"petra"}),
    "safety:worklist": frozenset({"petra"}),
    "safety:alert_detail": frozenset({"petra"}),
    "safety:cohort_alerts": frozenset({"sanne"}),
    # attention: who needs attention, and one participant's signals and follow-ups
    "attention:cohort_list": frozenset({"sanne"}),
    "attention:member": frozenset({"sanne"}),
    # the referral pipeline: each referral's step and days, named
    "attention:pipeline": frozenset({"marloes", "petra"}),
    # notices: who has read a notice (the author and the coach)
    "notices:reads": frozenset({"kees", "sanne"}),
}
NOT_LOGGED = sorted(set(GET_PAGES) - set(LOGGING))


def test_every_page_states_whether_it_logs():
    assert set(LOGGING) <= set(GET_PAGES)
    assert set(LOGGING) | set(NOT_LOGGED) == set(GET_PAGES)


@pytest.mark.parametrize("key", GET_PAGES)
def test_each_page_logs_exactly_as_stated(scene, key):
    from privacy.models import AccessLogEntry

    row = PAGES[key]
    url = row.build(scene)
    logged = set()
    for name in PEOPLE:
        before = AccessLogEntry.objects.count()
        response = scene.clients[name].get(url)
        if AccessLogEntry.objects.count() > before:
            logged.add(name)
        if name in LOGGING.get(key, ()):
            assert response.status_code in row.ok, f"{name} cannot open {key}"
    assert logged == set(LOGGING.get(key, ())), f"{key}: logged for {sorted(logged)}"
