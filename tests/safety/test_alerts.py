"""Routing (the right POH and no one else), acknowledgement, e-mails without health data,
a failed e-mail, and escalation at a frozen clock."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import TestCase

from access.policy import Action, may
from access.safety import recipients
from privacy.models import AccessLogEntry
from safety.models import Alert
from safety.services.alerts import acknowledge_alert, add_comment
from safety.services.protocol import set_protocol
from safety.services.reports import report_glucose
from safety.tasks import run_sweep

from .conftest import member

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
# A Tuesday, 10:00 in Amsterdam: four working hours later is 14:00 the same day.
TUESDAY_10 = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=AMSTERDAM)


def low(world, person=None, value="3.2"):
    person = person or world.anna
    with TestCase.captureOnCommitCallbacks(execute=True):  # the e-mail goes after the commit
        return report_glucose(
            membership=member(world, person), by=person, value=value, context="symptoms"
        ).alert


PEOPLE = ["marloes", "petra", "sanne", "anna", "kees", "otto", "frank", "olga"]


@pytest.mark.parametrize("name", PEOPLE)
def test_only_the_practice_nurse_may_see_and_handle_the_alert(world, name, other_practice):
    alert = low(world)
    person = getattr(world, name)
    expected = name == "petra"
    assert may(person, Action.VIEW_ALERT, alert) is expected
    assert may(person, Action.HANDLE_ALERT, alert) is expected
    assert may(other_practice[1], Action.VIEW_ALERT, alert) is False


def test_the_new_alert_email_goes_to_the_practice_nurse_only(world, other_practice):
    alert = low(world)
    assert [m.to for m in mail.outbox] == [[world.petra.email]]
    assert list(recipients(world.practice, "new")) == [world.petra]
    assert other_practice[1] not in recipients(world.practice, "new")
    alert.refresh_from_db()
    assert alert.notified_at is not None


def test_another_practices_nurse_gets_the_alert_of_her_own_patient_only(world, other_practice):
    practice, nina = other_practice
    profile = world.kees.participant_profile
    profile.practice = practice
    profile.save()
    low(world)
    low(world, world.kees)
    recipients = sorted(address for m in mail.outbox for address in m.to)
    assert recipients == sorted([world.petra.email, nina.email])
    kees_alert = Alert.objects.get(person=world.kees)
    assert kees_alert.practice == practice
    assert may(nina, Action.VIEW_ALERT, kees_alert)
    assert not may(world.petra, Action.VIEW_ALERT, kees_alert)


def test_no_email_carries_health_data_or_the_name(world):
    set_protocol(practice=world.practice, by=world.petra, second_contact=world.marloes)
    with time_machine.travel(TUESDAY_10, tick=False):
        low(world, value="2.7")
    with time_machine.travel(TUESDAY_10 + datetime.timedelta(hours=5), tick=False):
        run_sweep()
    assert len(mail.outbox) == 2  # the nurse, then the escalation to marloes
    for message in mail.outbox:
        text = f"{message.subject}\n{message.body}"
        for secret in ("2.7", "2,7", "mmol", "hypo", "Hypo", "Anna", world.anna.email, "suiker"):
            assert secret not in text, (secret, text)
        assert "/meldingen/" in message.body


def test_a_failed_email_leaves_the_alert_on_the_worklist(world, settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.safety.failing_mail.Backend"}}
    alert = low(world)
    alert.refresh_from_db()
    assert alert.is_open and alert.notified_at is None
    assert Alert.objects.filter(practice=world.practice, acknowledged_at__isnull=True).count() == 1
    assert run_sweep()["failed"] == 1  # the sweep tries again, and fails again
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    assert run_sweep()["notified"] == 1
    alert.refresh_from_db()
    assert alert.notified_at is not None
    assert run_sweep()["notified"] == 0


def test_acknowledging_records_who_and_a_comment(world):
    alert = low(world)
    acknowledge_alert(alert=alert, by=world.petra, comment="Gebeld, gaat goed.")
    alert.refresh_from_db()
    assert not alert.is_open and alert.acknowledged_by == world.petra
    assert alert.comments.get().text == "Gebeld, gaat goed."
    first = alert.acknowledged_at
    acknowledge_alert(alert=alert, by=world.petra)
    alert.refresh_from_db()
    assert alert.acknowledged_at == first


@pytest.mark.parametrize("name", ["sanne", "kees", "marloes", "anna"])
def test_nobody_outside_the_practice_acknowledges_or_comments(world, name):
    alert = low(world)
    with pytest.raises(ValidationError):
        acknowledge_alert(alert=alert, by=getattr(world, name))
    with pytest.raises(ValidationError):
        add_comment(alert=alert, by=getattr(world, name), text="Gezien")
    alert.refresh_from_db()
    assert alert.is_open and not alert.comments.exists()


def test_escalation_at_a_frozen_clock_is_idempotent(world, other_practice):
    nina = other_practice[1]
    set_protocol(practice=world.practice, by=world.petra, second_contact=nina)
    with time_machine.travel(TUESDAY_10, tick=False):
        alert = low(world)
    assert alert.escalate_at == datetime.datetime(2026, 3, 10, 14, 0, tzinfo=AMSTERDAM)
    mail.outbox.clear()
    with time_machine.travel(TUESDAY_10 + datetime.timedelta(hours=3, minutes=59), tick=False):
        assert run_sweep()["escalated"] == 0
    with time_machine.travel(TUESDAY_10 + datetime.timedelta(hours=4), tick=False):
        assert run_sweep()["escalated"] == 1
        assert run_sweep()["escalated"] == 0
        assert run_sweep()["escalated"] == 0
    assert sorted(address for m in mail.outbox for address in m.to) == sorted(
        [nina.email, world.marloes.email]
    )
    alert.refresh_from_db()
    assert alert.escalated_at == TUESDAY_10 + datetime.timedelta(hours=4)
    assert may(world.marloes, Action.VIEW_ALERT_STATUS, alert)
    assert not may(world.marloes, Action.VIEW_ALERT, alert)  # no name, no health data
    assert may(nina, Action.HANDLE_ALERT, alert)
    assert set(recipients(world.practice, "escalated")) == {nina, world.marloes}
    steps = AccessLogEntry.objects.filter(subject=world.anna, data_kind="alerts")
    assert steps.filter(actor__isnull=True).count() == 2  # made, escalated


def test_an_acknowledged_alert_never_escalates(world):
    with time_machine.travel(TUESDAY_10, tick=False):
        alert = low(world)
        acknowledge_alert(alert=alert, by=world.petra)
    with time_machine.travel(TUESDAY_10 + datetime.timedelta(days=3), tick=False):
        assert run_sweep()["escalated"] == 0


def test_an_alert_on_friday_afternoon_escalates_on_monday(world):
    friday_16 = datetime.datetime(2026, 3, 13, 16, 0, tzinfo=AMSTERDAM)
    with time_machine.travel(friday_16, tick=False):
        alert = low(world)
    # one working hour on Friday, three on Monday from 8:00
    assert alert.escalate_at == datetime.datetime(2026, 3, 16, 11, 0, tzinfo=AMSTERDAM)


def test_the_coach_sees_that_an_alert_exists_only_with_consent(world):
    from privacy.services import set_consent

    anna = member(world)
    assert may(world.sanne, Action.SEE_ALERT_EXISTS, anna)
    assert not may(world.kees, Action.SEE_ALERT_EXISTS, anna)  # aanjagers never
    set_consent(person=world.anna, purpose="coach_measurements", given=False)
    assert not may(world.sanne, Action.SEE_ALERT_EXISTS, anna)
