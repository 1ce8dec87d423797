"""Reads of the safety net shared by views: a participant's list and values, worklists."""

from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet

from accounts.models import User
from groups.models import Cohort, Practice

from .medicines import KNOWN_DRUGS
from .models import Alert, AlertComment, GlucoseReading, HypoReport, Medication, MedicationChange
from .protocol import DEFAULTS, limits_for


def medication_list(*, person: User) -> dict[str, list[Medication]]:
    """Current and stopped drugs, each with its history, in one query per table."""
    medications = list(
        Medication.objects.filter(person=person).prefetch_related(
            Prefetch(
                "changes",
                queryset=MedicationChange.objects.select_related("recorded_by").order_by(
                    "effective_on", "pk"
                ),
            )
        )
    )
    return {
        "current": [m for m in medications if m.is_current],
        "stopped": [m for m in medications if not m.is_current],
    }


def known_drug_names() -> list[str]:
    return sorted(KNOWN_DRUGS)


def recent_glucose(*, person: User, limit: int = 20) -> list[GlucoseReading]:
    return list(GlucoseReading.objects.filter(person=person)[:limit])


def recent_hypo_reports(*, person: User, limit: int = 10) -> list[HypoReport]:
    return list(HypoReport.objects.filter(person=person)[:limit])


def worklist(*, practices: QuerySet[Practice], include_done: bool = False) -> list[Alert]:
    """The practices' alerts, open ones first; the newest on top."""
    alerts = Alert.objects.filter(practice__in=practices).select_related(
        "person", "practice", "acknowledged_by"
    )
    if not include_done:
        alerts = alerts.filter(acknowledged_at__isnull=True)
    return sorted(alerts[:200], key=lambda a: (not a.is_open, -a.created_at.timestamp()))


def escalated_for_follow_up(*, practices: QuerySet[Practice]) -> list[Alert]:
    """Escalated, still open alerts of the practices: for the status list (no names)."""
    return list(
        Alert.objects.filter(
            practice__in=practices,
            escalated_at__isnull=False,
            acknowledged_at__isnull=True,
        ).select_related("practice")
    )


def alert_detail(*, alert: Alert) -> dict[str, object]:
    return {
        "alert": alert,
        "comments": list(
            AlertComment.objects.filter(alert=alert)
            .select_related("author")
            .order_by("created_at", "pk")
        ),
        "reading": alert.reading,
        "hypo_report": alert.hypo_report,
        "recent_readings": recent_glucose(person=alert.person, limit=10),
        "medication": medication_list(person=alert.person)["current"],
    }


def protocol_limits(*, practice: Practice) -> dict[str, object]:
    return {"limits": limits_for(practice), "defaults": DEFAULTS}


def open_alert_people(*, cohort: Cohort, people: Iterable[int]) -> set[int]:
    """Of these people, those with an open alert (for the coach's "an alert exists")."""
    return set(
        Alert.objects.filter(
            person__in=people,
            acknowledged_at__isnull=True,
            person__memberships__cohort=cohort,
        ).values_list("person_id", flat=True)
    )
