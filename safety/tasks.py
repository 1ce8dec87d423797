"""Background work of the safety net: the e-mails that tell of an alert (never what it is
about), and the sweep that retries failed e-mails and escalates alerts nobody saw."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from access.safety import recipients

from .models import Alert
from .services import alerts


def _send(template: str, url: str, recipients) -> None:
    addresses = [person.email for person in recipients if person.email]
    if not addresses:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {"url": settings.SITE_URL + url}
        subject = render_to_string(f"safety/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"safety/email/{template}_message.txt", context)
    # One message per person: no one learns who else works on the alert.
    for address in addresses:
        send_mail(subject, body, None, [address])


@task
def notify_practice(*, alert_id: int) -> None:
    """Tells the practice's nurses there is a new alert; marks it told only when sent."""
    alert = Alert.objects.select_related("practice").filter(pk=alert_id).first()
    if alert is None or alert.notified_at is not None:
        return
    _send(
        "new_alert",
        reverse("safety:alert_detail", args=[alert.pk]),
        recipients(alert.practice, "new"),
    )
    Alert.objects.filter(pk=alert.pk, notified_at__isnull=True).update(notified_at=timezone.now())


def notify_escalation(alert: Alert) -> None:
    if alert.escalation_notified_at is not None:
        return
    _send("escalated_alert", reverse("safety:worklist"), recipients(alert.practice, "escalated"))
    Alert.objects.filter(pk=alert.pk, escalation_notified_at__isnull=True).update(
        escalation_notified_at=timezone.now()
    )


@task
def process_alerts() -> dict:
    """Retries failed e-mails and escalates overdue alerts; safe to run as often as wanted."""
    return run_sweep()


def run_sweep() -> dict:
    now = timezone.now()
    counts = {"notified": 0, "escalated": 0, "failed": 0}
    for alert_id in alerts.due_for_notification().values_list("pk", flat=True):
        try:
            notify_practice.call(alert_id=alert_id)
            counts["notified"] += 1
        except Exception:  # the alert stays on the worklist and is tried again next run
            alerts.logger.exception("safety: e-mail for alert %s failed", alert_id)
            counts["failed"] += 1
    for alert_id in alerts.due_for_escalation(now).values_list("pk", flat=True):
        if alerts.mark_escalated(alert_id, now):
            counts["escalated"] += 1
    pending = Alert.objects.filter(escalated_at__isnull=False, escalation_notified_at__isnull=True)
    for alert in pending.select_related("practice"):
        try:
            notify_escalation(alert)
        except Exception:  # escalated stays escalated; the e-mail is tried again next run
            alerts.logger.exception("safety: escalation e-mail for alert %s failed", alert.pk)
            counts["failed"] += 1
    return counts
