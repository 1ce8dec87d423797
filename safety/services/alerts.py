"""Alerts: made when a report crosses the protocol, put on the practice's worklist, told
by an e-mail without health data, acknowledged and commented on by the practice, and
escalated when nobody acknowledges them in time.

The worklist is the truth: an e-mail that fails leaves ``notified_at`` empty, and
``process_alerts`` (a task, and ``manage.py process_safety_alerts``) tries again. Every
step is idempotent: run it twice at the same moment and nothing happens twice.
"""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from access.policy import Action, may
from accounts.models import User
from groups.models import Practice
from privacy import access_log

from ..models import Alert, AlertComment, GlucoseReading, HypoReport
from ..working_hours import add_working_hours

logger = logging.getLogger(__name__)


def practice_of(person: User) -> Practice:
    """The participant's practice: it decides whose worklist an alert goes to."""
    profile = getattr(person, "participant_profile", None)
    if profile is None:
        raise ValidationError(_("Your practice is not known; ask your practice nurse."))
    practice: Practice = profile.practice
    return practice


def _log(alert: Alert, *, actor: User | None, action: str = "change") -> None:
    access_log.record(
        actor=actor,
        subject=alert.person,
        action=action,
        data_kind="alerts",
        organisation=alert.practice.organisation_id,
    )


def raise_alert(
    *,
    person: User,
    practice: Practice,
    kind: str,
    reading: GlucoseReading | None = None,
    hypo_report: HypoReport | None = None,
) -> Alert:
    """A new alert on the practice's worklist; the e-mail goes after the commit."""
    now = timezone.now()
    alert = Alert.objects.create(
        person=person,
        practice=practice,
        kind=kind,
        reading=reading,
        hypo_report=hypo_report,
        created_at=now,
        escalate_at=add_working_hours(now, settings.SAFETY_ESCALATION_WORKING_HOURS),
    )
    _log(alert, actor=None)
    transaction.on_commit(lambda: _enqueue_notification(alert.pk), robust=True)
    return alert


def _enqueue_notification(alert_id: int) -> None:
    from ..tasks import notify_practice, process_alerts

    notify_practice.enqueue(alert_id=alert_id)
    # With a worker (production) the sweep also runs at the moment the alert is due to
    # escalate; the scheduled manage.py process_safety_alerts is the safety net under it.
    if process_alerts.get_backend().supports_defer:
        escalate_at = Alert.objects.values_list("escalate_at", flat=True).get(pk=alert_id)
        process_alerts.using(run_after=escalate_at).enqueue()


def open_alert(*, person: User, kind: str) -> Alert | None:
    """The person's open alert of this kind (one open "repeatedly high" alert is enough)."""
    return Alert.objects.filter(person=person, kind=kind, acknowledged_at__isnull=True).first()


def join_recent_hypo(
    *, person: User, report: HypoReport, within: datetime.timedelta
) -> Alert | None:
    """A hypo report about a low value just reported joins that value's open alert."""
    alert = (
        Alert.objects.select_for_update()
        .filter(
            person=person,
            kind=Alert.Kind.HYPO,
            acknowledged_at__isnull=True,
            hypo_report__isnull=True,
            created_at__gte=timezone.now() - within,
        )
        .first()
    )
    if alert is not None:
        alert.hypo_report = report
        alert.save(update_fields=["hypo_report"])
    return alert


@transaction.atomic
def acknowledge_alert(*, alert: Alert, by: User, comment: str = "") -> Alert:
    """The practice has seen the alert; a second acknowledgement changes nothing."""
    if not may(by, Action.HANDLE_ALERT, alert):
        raise ValidationError(_("Only the practice of this participant handles this alert."))
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.acknowledged_at is None:
        alert.acknowledged_at = timezone.now()
        alert.acknowledged_by = by
        alert.save(update_fields=["acknowledged_at", "acknowledged_by"])
        _log(alert, actor=by)
    if comment.strip():
        add_comment(alert=alert, by=by, text=comment)
    return alert


@transaction.atomic
def add_comment(*, alert: Alert, by: User, text: str) -> AlertComment:
    if not may(by, Action.HANDLE_ALERT, alert):
        raise ValidationError(_("Only the practice of this participant handles this alert."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": [_("Write a comment first.")]})
    comment = AlertComment(alert=alert, author=by, text=text)
    comment.full_clean()
    comment.save()
    _log(alert, actor=by)
    return comment


# --- the sweep: notifications that failed, and escalation -------------------------------


def due_for_notification() -> QuerySet[Alert]:
    return Alert.objects.filter(notified_at__isnull=True)


def due_for_escalation(now: datetime.datetime) -> QuerySet[Alert]:
    return Alert.objects.filter(
        acknowledged_at__isnull=True, escalated_at__isnull=True, escalate_at__lte=now
    )


def mark_escalated(alert_id: int, now: datetime.datetime) -> bool:
    """Claims the escalation of one alert; False when another run (or an ack) was first."""
    claimed = Alert.objects.filter(
        pk=alert_id, acknowledged_at__isnull=True, escalated_at__isnull=True
    ).update(escalated_at=now)
    if claimed:
        alert = Alert.objects.select_related("practice", "person").get(pk=alert_id)
        _log(alert, actor=None)
    return bool(claimed)
