"""The invitation reminder and the e-mail to the nurse, at frozen moments: once each,
whatever the task is run, and never a name or health data in the nurse's e-mail."""

import io

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from attention import services
from attention.models import InvitationReminder
from attention.tasks import send_invitation_reminders
from groups import services as group_services
from groups.models import StaffRole
from tests import factories

from .conftest import DAY, at


def ivo(world):
    return world.cohort.memberships.get(person=world.ivo)


def to(address):
    return [m for m in mail.outbox if m.to == [address]]


def test_one_reminder_after_seven_days_and_the_nurse_after_seven_more(world):
    invited = timezone.now()  # ivo was invited when the world was built
    with at(invited + 7 * DAY - DAY / 24):
        assert send_invitation_reminders.call() == 0  # not yet 7 days
    with at(invited + 7 * DAY):
        assert send_invitation_reminders.call() == 1
        assert send_invitation_reminders.call() == 0  # safe to repeat
    (reminder,) = to("ivo@example.org")
    assert "Herinnering" in reminder.subject
    assert "/welkom/" in reminder.body
    for secret in ("Herstelcirkel Noord", "diabetes", "Hermans"):
        assert secret not in reminder.body
    with at(invited + 14 * DAY - DAY / 24):
        assert send_invitation_reminders.call() == 0  # the nurse waits 7 days more
    with at(invited + 14 * DAY):
        assert send_invitation_reminders.call() == 1
    with at(invited + 30 * DAY):
        assert send_invitation_reminders.call() == 0  # and is told once
    (told,) = to(world.petra.email)
    assert reverse("attention:pipeline", args=[world.organisation.pk]) in told.body
    for secret in ("Ivo", "ivo@example.org", "Herstelcirkel Noord", "diabetes"):
        assert secret not in told.body
    assert len(to("ivo@example.org")) == 1  # exactly one reminder
    assert InvitationReminder.objects.get().nurse_told_at is not None


def test_an_invitee_who_accepts_after_the_reminder_is_not_reported(world):
    invited = timezone.now()
    with at(invited + 8 * DAY):
        send_invitation_reminders.call()
        membership = ivo(world)
        group_services.accept_agreement(
            membership=membership, by=world.ivo, agreement=True, privacy=True
        )
    with at(invited + 20 * DAY):
        assert send_invitation_reminders.call() == 0
    assert to(world.petra.email) == []


def test_the_days_are_the_managers_settings(world):
    services.set_thresholds(
        organisation=world.organisation, by=world.marloes, reminder_days=2, nurse_told_days=1
    )
    invited = timezone.now()
    with at(invited + 2 * DAY):
        assert send_invitation_reminders.call() == 1
    with at(invited + 3 * DAY):
        assert send_invitation_reminders.call() == 1
    assert len(to(world.petra.email)) == 1


def test_without_the_referring_nurse_every_nurse_of_the_practice_is_told(world):
    nadia = factories.make_person("nadia@example.org", first_name="Nadia")
    group_services.grant_staff_role(
        person=nadia, role=StaffRole.Role.PRACTICE_NURSE, practice=world.practice
    )
    StaffRole.objects.filter(person=world.petra).delete()  # petra left the practice
    invited = timezone.now()
    with at(invited + 7 * DAY):
        send_invitation_reminders.call()
    with at(invited + 14 * DAY):
        assert send_invitation_reminders.call() == 1
    assert len(to("nadia@example.org")) == 1 and to(world.petra.email) == []


def test_the_referring_nurse_alone_is_told_when_she_is_still_at_the_practice(world):
    nadia = factories.make_person("nadia@example.org", first_name="Nadia")
    group_services.grant_staff_role(
        person=nadia, role=StaffRole.Role.PRACTICE_NURSE, practice=world.practice
    )
    invited = timezone.now()
    with at(invited + 7 * DAY):
        send_invitation_reminders.call()
    with at(invited + 14 * DAY):
        send_invitation_reminders.call()
    assert len(to(world.petra.email)) == 1 and to("nadia@example.org") == []


def test_the_command_runs_the_task(world):
    with at(timezone.now() + 7 * DAY):
        out = io.StringIO()
        call_command("send_invitation_reminders", stdout=out)
        assert out.getvalue().strip() == "1 e-mail(s) sent."
        call_command("send_invitation_reminders", stdout=out)
    assert len(to("ivo@example.org")) == 1
