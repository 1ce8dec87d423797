"""Self-measured glucose and hypo reports: units, ranges, alerts, nothing saved on bad input."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from privacy.models import AccessLogEntry
from safety.models import Alert, GlucoseReading, HypoReport
from safety.protocol import Outcome
from safety.services.reports import report_glucose, report_hypo

from .conftest import member


def glucose(world, value, *, context="fasting", minutes_ago=0, person=None):
    person = person or world.anna
    return report_glucose(
        membership=member(world, person),
        by=person,
        value=value,
        context=context,
        measured_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
    )


def hypo(world, *, needed_help=False, **fields):
    values = {
        "occurred_at": timezone.now(),
        "symptoms": ["shaking", "sweating"],
        "action_taken": "sugar",
        "needed_help": needed_help,
    }
    values.update(fields)
    return report_hypo(membership=member(world), by=world.anna, **values)


def test_a_normal_value_is_saved_without_an_alert(world):
    result = glucose(world, "6,2")
    assert result.outcome == Outcome.NORMAL
    assert result.alert is None
    assert GlucoseReading.objects.get().value == Decimal("6.2")


@pytest.mark.parametrize("value", ["110", "250", "54"])
def test_mg_per_dl_is_refused_naming_the_unit(world, value):
    with pytest.raises(ValidationError) as error:
        glucose(world, value)
    assert "mg/dL" in str(error.value)
    assert not GlucoseReading.objects.exists()


@pytest.mark.parametrize("value", ["0.4", "35.5", "abc", "", "NaN", "-3"])
def test_impossible_values_are_refused(world, value):
    with pytest.raises(ValidationError) as error:
        glucose(world, value)
    assert "mmol/L" in str(error.value)
    assert not GlucoseReading.objects.exists()


def test_a_value_in_the_future_is_refused(world):
    with pytest.raises(ValidationError):
        glucose(world, "5.0", minutes_ago=-60)
    assert not GlucoseReading.objects.exists()


def test_an_unknown_context_is_refused(world):
    with pytest.raises(ValidationError):
        glucose(world, "5.0", context="bedtime")


def test_a_low_value_makes_a_hypo_alert_for_the_practice(world):
    result = glucose(world, "3.4")
    assert result.outcome == Outcome.HYPO
    assert result.alert.kind == Alert.Kind.HYPO
    assert result.alert.practice == world.practice
    assert result.alert.is_open


def test_the_third_high_value_in_a_week_makes_one_alert(world):
    glucose(world, "16", minutes_ago=3 * 24 * 60)
    assert glucose(world, "17", minutes_ago=24 * 60).outcome == Outcome.HIGH
    third = glucose(world, "18")
    assert third.outcome == Outcome.REPEATED_HIGH
    fourth = glucose(world, "19")
    assert fourth.alert == third.alert  # one open "repeatedly high" alert is enough
    assert Alert.objects.filter(kind=Alert.Kind.REPEATED_HIGH).count() == 1


def test_highs_outside_the_window_do_not_count(world):
    glucose(world, "16", minutes_ago=9 * 24 * 60)
    glucose(world, "17", minutes_ago=8 * 24 * 60)
    assert glucose(world, "18").outcome == Outcome.HIGH
    assert not Alert.objects.exists()


def test_help_from_someone_else_makes_a_severe_alert(world):
    result = hypo(world, needed_help=True)
    assert result.outcome == Outcome.SEVERE_HYPO
    assert result.alert.kind == Alert.Kind.SEVERE_HYPO


def test_a_hypo_report_after_a_low_value_joins_its_alert(world):
    low = glucose(world, "3.1")
    report = hypo(world, value="3,1")
    assert report.alert == low.alert
    assert Alert.objects.count() == 1
    assert Alert.objects.get().hypo_report == report.record


def test_a_hypo_report_needs_what_happened(world):
    with pytest.raises(ValidationError) as error:
        hypo(world, symptoms=[], action_taken="dance", needed_help=None)
    assert set(error.value.message_dict) == {"symptoms", "action_taken", "needed_help"}
    assert not HypoReport.objects.exists()
    assert not Alert.objects.exists()


@pytest.mark.parametrize("name", ["petra", "sanne", "kees", "marloes"])
def test_only_the_participant_reports_their_own_glucose(world, name):
    with pytest.raises(ValidationError):
        report_glucose(
            membership=member(world), by=getattr(world, name), value="5.0", context="fasting"
        )
    assert not GlucoseReading.objects.exists()


def test_reports_and_the_alert_are_in_the_access_log(world):
    glucose(world, "3.0")
    kinds = set(
        AccessLogEntry.objects.filter(subject=world.anna).values_list("data_kind", "actor_role")
    )
    assert ("glucose", "self") in kinds
    assert ("alerts", "system") in kinds
