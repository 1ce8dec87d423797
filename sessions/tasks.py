"""E-mails about sessions: changes, cancellations and reminders (Django's tasks API)."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from groups.models import Membership
from notifications.mail import send_notification
from notifications.selectors import Kind, wanting


def _render(template: str, context: dict) -> tuple[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"sessions/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"sessions/email/{template}_message.txt", context)
    return " ".join(subject.split()), body


@task
def send_session_change(*, session_id: int, kind: str) -> None:
    """Tells every member that a session moved ("moved") or was cancelled ("cancelled")."""
    from .models import Session
    from .selectors import members_to_notify

    session = Session.objects.select_related("cohort").get(pk=session_id)
    url = settings.SITE_URL + reverse("sessions:session_detail", args=[session.pk])
    for person in wanting(members_to_notify(session=session), Kind.SESSION_CHANGES):
        subject, body = _render(kind, {"session": session, "person": person, "url": url})
        send_notification(person=person, kind=Kind.SESSION_CHANGES, subject=subject, body=body)


@task
def send_session_reminder(*, session_id: int, person_id: int, starts_at: str) -> None:
    """Sends one reminder, at most once per session and person, for the start it was queued for.

    A task queued for a start time the session no longer has sends nothing: the reminder
    is rescheduled with the session (a moved session's members get the "moved" e-mail).

    The sent-marker is written in the same transaction as the e-mail is handed over: a
    second run finds the marker (or collides on its unique constraint) and sends nothing.
    """

    from .models import ReminderSent, Session
    from .selectors import members_to_notify

    session = Session.objects.select_related("cohort").get(pk=session_id)
    start = datetime.datetime.fromisoformat(starts_at)
    if session.is_cancelled or session.starts_at != start:
        return  # moved or cancelled since: the reminder for the new time is queued anew
    people = wanting(
        members_to_notify(session=session, skip_declined=True), Kind.SESSION_REMINDERS
    )
    person = people.filter(pk=person_id).first()
    if person is None:
        return  # signed off, left the group or turned reminders off since it was queued
    try:
        with transaction.atomic():
            ReminderSent.objects.create(session=session, person=person, starts_at=start)
            url = settings.SITE_URL + reverse("sessions:session_detail", args=[session.pk])
            subject, body = _render("reminder", {"session": session, "person": person, "url": url})
            send_notification(
                person=person, kind=Kind.SESSION_REMINDERS, subject=subject, body=body
            )
    except IntegrityError:
        return


@task
def remind_session(*, session_id: int, starts_at: str) -> None:
    """Runs two days before a session (deferred): queues its reminders if it still starts then.

    Planning or moving a session enqueues this task for the new start; a task left behind
    for an old start finds the session moved and does nothing.
    """
    from .models import Session
    from .services import enqueue_session_reminders

    session = Session.objects.filter(pk=session_id).first()
    if session is None or session.starts_at != datetime.datetime.fromisoformat(starts_at):
        return
    enqueue_session_reminders(session=session)


@task
def send_voting_opened(*, voting_round_id: int) -> None:
    """Tells the group's participants that a vote on themes has opened: a link, nothing more.

    Not to whoever opened it, nor to anyone who turned these e-mails off (notifications).
    """
    from .models import VotingRound

    voting_round = VotingRound.objects.select_related("cohort").get(pk=voting_round_id)
    if not voting_round.is_open:
        return
    cohort = voting_round.cohort
    voters = User.objects.filter(
        memberships__cohort=cohort,
        memberships__status=Membership.Status.ACTIVE,
        memberships__role__in=Membership.PARTICIPANT_ROLES,
        is_active=True,
    ).exclude(pk=voting_round.opened_by_id)
    url = settings.SITE_URL + reverse("sessions:theme_vote", args=[cohort.pk])
    for person in wanting(voters.distinct(), Kind.VOTING):
        context = {"cohort": cohort, "person": person, "url": url, "round": voting_round}
        subject, body = _render("voting_opened", context)
        send_notification(person=person, kind=Kind.VOTING, subject=subject, body=body)
