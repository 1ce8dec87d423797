"""The weekly e-mail to each coach: per cohort, how many participants have a signal, and a
link to the list. What an e-mail may carry is decided in docs/attention-email.md: counts
and a link only, never a name, a signal or anything about health or payments."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from config.periodic import keep_one_pending, next_daily

DAILY_AT = datetime.time(7, 0)  # Amsterdam: before the nurses' and coaches' working day


def week_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def digest_for(coach_id: int) -> list[dict]:
    """Per cohort the coach coaches: its name, the count with a signal, the list's link."""
    from access.attention import weekly_digest_cohorts

    from .selectors import cohort_signals

    cohorts = weekly_digest_cohorts(coach_id)
    lines = []
    for cohort in cohorts:
        count = sum(1 for row in cohort_signals(cohort=cohort) if row.signals)
        url = settings.SITE_URL + reverse("attention:cohort_list", args=[cohort.pk])
        lines.append({"cohort": cohort.name, "count": count, "url": url})
    return lines


@task
def send_weekly_digest(*, week: str) -> int:
    """One e-mail per coach for the week (an ISO date of any day in it); safe to repeat:
    the sent-marker is written in the same transaction, a second run sends nothing. A
    coach who turned it off (notifications/, with the link in the e-mail) gets none."""
    from access.attention import weekly_digest_coaches
    from notifications.mail import send_notification
    from notifications.selectors import Kind, wanting

    from .models import DigestSent

    monday = week_of(datetime.date.fromisoformat(week))
    coaches = wanting(weekly_digest_coaches(), Kind.ATTENTION_DIGEST)
    sent = 0
    for coach in coaches:
        if DigestSent.objects.filter(coach=coach, week=monday).exists():
            continue
        lines = digest_for(coach.pk)
        if not lines:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            context = {"coach": coach, "lines": lines, "week": monday}
            subject = render_to_string("attention/email/digest_subject.txt", context)
            body = render_to_string("attention/email/digest_message.txt", context)
        try:
            with transaction.atomic():
                DigestSent.objects.create(coach=coach, week=monday)
                send_notification(
                    person=coach,
                    kind=Kind.ATTENTION_DIGEST,
                    subject=" ".join(subject.split()),
                    body=body,
                )
        except IntegrityError:
            continue  # another run sent it
        sent += 1
    return sent


def enqueue_this_weeks_digest() -> None:
    send_weekly_digest.enqueue(week=timezone.localdate().isoformat())


@task
def send_invitation_reminders() -> int:
    """The invitation reminders and the e-mails to the nurses that are due; safe to run as
    often as wanted (attention.reminders records each step with its e-mail)."""
    from .reminders import run

    return run()


@task
def run_daily_attention() -> int:
    """Every morning: the invitation reminders, and the coaches' weekly e-mail (the first
    run of a week sends it, Monday's; later runs that week find it sent). Queues the next
    morning's run first, so a failure today does not end the chain (config.periodic)."""
    from .reminders import run

    schedule_daily_attention()
    return run() + send_weekly_digest.call(week=timezone.localdate().isoformat())


def schedule_daily_attention(*, now: datetime.datetime | None = None):
    """Leaves exactly one pending morning run (None without a queue that keeps tasks)."""
    return keep_one_pending(run_daily_attention, next_daily(DAILY_AT, now))
