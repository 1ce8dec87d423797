"""The safety net's pages: the five checks per view, reporting through the page, the
worklist and acknowledging through the page."""

import pytest
from django.test import TestCase
from django.urls import reverse

from safety.models import Alert, GlucoseReading
from safety.services.reports import report_glucose
from tests.view_matrix import view_matrix

from .conftest import member


def url(name, *args):
    return reverse(f"safety:{name}", args=args)


def anna(w):
    return member(w).pk


VIEWS = {
    "overview": (lambda w: url("overview", anna(w)), "anna", "sanne", "kees", "post"),
    "medication_add": (lambda w: url("medication_add", anna(w)), "anna", "sanne", "kees", "put"),
    "glucose_report": (lambda w: url("glucose_report", anna(w)), "anna", "petra", "kees", "put"),
    "hypo_report": (lambda w: url("hypo_report", anna(w)), "anna", "petra", "kees", "put"),
    "advice": (lambda w: url("advice", anna(w), "hypo"), "anna", "petra", "kees", "post"),
    "protocol": (lambda w: url("protocol", w.practice.pk), "petra", "marloes", "sanne", "put"),
    "cohort_alerts": (
        lambda w: url("cohort_alerts", w.cohort.pk),
        "sanne",
        "anna",
        "otto",
        "post",
    ),
}

(
    test_view_works_for_the_allowed_person,
    test_view_sends_anonymous_visitor_to_log_in,
    test_view_gives_403_to_member_without_the_right,
    test_view_gives_404_to_outsider,
    test_view_refuses_wrong_method,
) = view_matrix(VIEWS)


def low_alert(world):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return report_glucose(
            membership=member(world), by=world.anna, value="3.1", context="symptoms"
        ).alert


def test_reporting_a_low_value_shows_what_to_do_now(client, world):
    client.force_login(world.anna)
    response = client.post(
        url("glucose_report", anna(world)),
        {"value": "3,1", "context": "symptoms", "measured_at": ""},
        follow=True,
    )
    # the date and time are required: nothing saved, the field marked
    assert not GlucoseReading.objects.exists()
    assert "field-error" in response.text
    from django.utils import timezone

    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        url("glucose_report", anna(world)),
        {"value": "3,1", "context": "symptoms", "measured_at": now},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == url("advice", anna(world), "hypo")
    assert "Neem nu suiker" in response.text
    assert "112" in response.text
    assert Alert.objects.get().practice == world.practice


def test_mg_per_dl_through_the_page_saves_nothing(client, world):
    from django.utils import timezone

    client.force_login(world.anna)
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        url("glucose_report", anna(world)),
        {"value": "110", "context": "fasting", "measured_at": now},
    )
    assert response.status_code == 200
    assert "mg/dL" in response.text
    assert not GlucoseReading.objects.exists()


@pytest.mark.parametrize(
    ("name", "status"),
    [("petra", 200), ("anna", 403), ("sanne", 403), ("kees", 403), ("frank", 403), ("olga", 403)],
)
def test_the_worklist_is_for_the_practice(client, world, name, status):
    low_alert(world)
    client.force_login(getattr(world, name))
    response = client.get(url("worklist"))
    assert response.status_code == status
    if status == 200:
        assert "Anna" in response.text


def test_another_practices_nurse_gets_an_empty_worklist_and_404(client, world, other_practice):
    alert = low_alert(world)
    client.force_login(other_practice[1])
    response = client.get(url("worklist"))
    assert response.status_code == 200
    assert "Anna" not in response.text
    assert client.get(url("alert_detail", alert.pk)).status_code == 404
    assert client.post(url("alert_acknowledge", alert.pk)).status_code == 404
    alert.refresh_from_db()
    assert alert.is_open


@pytest.mark.parametrize("name", ["sanne", "kees", "anna", "marloes", "frank", "olga"])
def test_nobody_outside_the_practice_sees_the_alert(client, world, name):
    alert = low_alert(world)
    client.force_login(getattr(world, name))
    assert client.get(url("alert_detail", alert.pk)).status_code == 404
    assert client.post(url("alert_acknowledge", alert.pk)).status_code == 404
    assert client.post(url("alert_comment", alert.pk), {"text": "x"}).status_code == 404


def test_the_nurse_acknowledges_and_comments_through_the_page(client, world):
    alert = low_alert(world)
    client.force_login(world.petra)
    response = client.get(url("alert_detail", alert.pk))
    assert "3.1" in response.text or "3,1" in response.text
    response = client.post(url("alert_acknowledge", alert.pk), {"text": "Gebeld"}, follow=True)
    assert "Gezien door" in response.text
    client.post(url("alert_comment", alert.pk), {"text": "Morgen terugbellen"})
    alert.refresh_from_db()
    assert alert.acknowledged_by == world.petra
    assert list(alert.comments.values_list("text", flat=True)) == ["Gebeld", "Morgen terugbellen"]
    assert client.get(url("alert_acknowledge", alert.pk)).status_code == 405


def test_the_coach_page_shows_only_that_an_alert_exists(client, world):
    low_alert(world)
    client.force_login(world.sanne)
    response = client.get(url("cohort_alerts", world.cohort.pk))
    assert "een open melding bij de praktijk" in response.text
    assert "3,1" not in response.text and "3.1" not in response.text


def test_the_worklist_takes_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries
):
    for _ in range(3):
        low_alert(world)
    client.force_login(world.petra)
    with django_assert_max_num_queries(25):
        client.get(url("worklist"))


@pytest.mark.parametrize("name, sees", [("sanne", True), ("kees", False), ("anna", False)])
def test_the_cohort_page_links_the_coach_to_the_alerts(client, world, name, sees):
    client.force_login(getattr(world, name))
    response = client.get(reverse("groups:cohort_detail", args=[world.cohort.pk]))
    assert response.status_code == 200
    assert (url("cohort_alerts", world.cohort.pk) in response.text) is sees
