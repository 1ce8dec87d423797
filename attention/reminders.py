"""The invitation reminder: one e-mail to an invitee who has not answered after N days,
and after a further M days without an answer an e-mail to the nurse who referred them.

Both e-mails say only that there is something and link to the site (no group, no health
data; the nurse's e-mail names nobody). Each step is recorded in ``InvitationReminder`` in
the same transaction as its e-mail is handed over, so running the task again sends
nothing twice; a run that fails half-way leaves the rest for the next run.
"""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from groups.invitations import token_for
from groups.models import EnrolmentEvent, Membership

from .models import PIPELINE_DEFAULTS, AttentionSettings, InvitationReminder


def _days_per_organisation(field: str) -> dict[int, int]:
    return dict(AttentionSettings.objects.values_list("organisation_id", field))


def _render(template: str, context: dict) -> tuple[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"attention/email/{template}_subject.txt", context)
        body = render_to_string(f"attention/email/{template}_message.txt", context)
    return " ".join(subject.split()), body


def _invited() -> QuerySet[Membership, Membership]:
    return (
        Membership.objects.filter(role__in=Membership.PARTICIPANT_ROLES)
        .filter(status=Membership.Status.INVITED, person__is_active=True)
        .select_related("person", "cohort")
        .annotate(
            last_invited_at=Max("events__at", filter=Q(events__kind=EnrolmentEvent.Kind.INVITED))
        )
    )


def send_reminders(now: datetime.datetime) -> int:
    """The one reminder to each invitee whose last invitation is N days old or more."""
    days = _days_per_organisation("reminder_days")
    sent = 0
    for membership in _invited().filter(invitation_reminder__isnull=True).order_by("pk"):
        wait = days.get(membership.cohort.organisation_id, PIPELINE_DEFAULTS["reminder_days"])
        invited_at = getattr(membership, "last_invited_at", None) or membership.created_at
        if now - invited_at < datetime.timedelta(days=wait):
            continue
        context = {
            "person": membership.person,
            "invitation_url": settings.SITE_URL
            + reverse("groups:invitation_welcome", args=[token_for(membership)]),
        }
        subject, body = _render("invitation_reminder", context)
        try:
            with transaction.atomic():
                InvitationReminder.objects.create(membership=membership, reminded_at=now)
                send_mail(subject, body, None, [membership.person.email])
        except IntegrityError:
            continue  # another run sent it
        sent += 1
    return sent


def tell_nurses(now: datetime.datetime) -> int:
    """An e-mail to the nurse(s) for each invitee still silent M days after the reminder."""
    from access.attention import nurses_to_tell

    days = _days_per_organisation("nurse_told_days")
    sent = 0
    waiting = _invited().filter(
        invitation_reminder__isnull=False, invitation_reminder__nurse_told_at__isnull=True
    )
    for membership in waiting.select_related("invitation_reminder").order_by("pk"):
        reminder = membership.invitation_reminder
        wait = days.get(membership.cohort.organisation_id, PIPELINE_DEFAULTS["nurse_told_days"])
        if now - reminder.reminded_at < datetime.timedelta(days=wait):
            continue
        nurses = nurses_to_tell(membership)
        url = settings.SITE_URL + reverse(
            "attention:pipeline", args=[membership.cohort.organisation_id]
        )
        with transaction.atomic():
            marked = InvitationReminder.objects.filter(
                pk=reminder.pk, nurse_told_at__isnull=True
            ).update(nurse_told_at=now)
            if not marked:
                continue  # another run told them
            for nurse in nurses:
                subject, body = _render("nurse_told", {"nurse": nurse, "pipeline_url": url})
                send_mail(subject, body, None, [nurse.email])
                sent += 1
    return sent


def run(now: datetime.datetime | None = None) -> int:
    """Both steps; returns the number of e-mails sent."""
    now = now or timezone.now()
    return send_reminders(now) + tell_nurses(now)
