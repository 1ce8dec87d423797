"""Reads for attendance: the register of a session and the rates per person and session."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext

from groups.models import Cohort, Membership

from ..models import (
    Attendance,
    Rsvp,
    Session,
)


@dataclass
class RegisterRow:
    """One active participant in the register: their saved line and their sign-up, if any."""

    membership: Membership
    line: Attendance | None
    rsvp: Rsvp | None

    @property
    def suggestion(self) -> tuple[str | None, str]:
        """(status, reason) the register starts from: the saved line, else the sign-up
        (signed up: present; signed off: excused, "signed off" being the reason)."""
        if self.line is not None:
            return self.line.status, self.line.reason
        if self.rsvp is None:
            return None, ""
        if self.rsvp.coming:
            return Attendance.Status.PRESENT, ""
        return Attendance.Status.EXCUSED, gettext("Signed off")


def attendance_register(*, session: Session) -> list[RegisterRow]:
    """The group's active participants, each with their line in the register and sign-up."""
    lines = {a.person_id: a for a in session.attendance.all()}
    rsvps = {r.person_id: r for r in session.rsvps.all()}
    members = (
        session.cohort.memberships.participants()
        .filter(status=Membership.Status.ACTIVE)
        .select_related("person")
        .order_by("person__display_name", "person__first_name", "person__email")
    )
    return [RegisterRow(m, lines.get(m.person_id), rsvps.get(m.person_id)) for m in members]


@dataclass
class Rate:
    present: int
    absent: int
    excused: int

    @property
    def recorded(self) -> int:
        return self.present + self.absent + self.excused

    @property
    def percentage(self) -> int | None:
        return round(100 * self.present / self.recorded) if self.recorded else None


_RATE_COUNTS = {
    "present": Count("pk", filter=Q(status=Attendance.Status.PRESENT)),
    "absent": Count("pk", filter=Q(status=Attendance.Status.ABSENT)),
    "excused": Count("pk", filter=Q(status=Attendance.Status.EXCUSED)),
}


def attendance_by_participant(*, cohort: Cohort) -> list[tuple[Membership, Rate]]:
    """Attendance rate per active participant: present out of registered sessions."""
    counts: Iterable[Mapping[str, Any]] = (
        Attendance.objects.filter(session__cohort=cohort)
        .values("person_id")
        .annotate(**_RATE_COUNTS)
    )
    rows = {
        row["person_id"]: Rate(row["present"], row["absent"], row["excused"]) for row in counts
    }
    members = (
        cohort.memberships.participants()
        .filter(status=Membership.Status.ACTIVE)
        .select_related("person")
        .order_by("person__display_name", "person__first_name", "person__email")
    )
    return [(m, rows.get(m.person_id, Rate(0, 0, 0))) for m in members]


def attendance_by_session(*, cohort: Cohort) -> list[tuple[Session, Rate]]:
    counts: Iterable[Mapping[str, Any]] = (
        Attendance.objects.filter(session__cohort=cohort)
        .values("session_id")
        .annotate(**_RATE_COUNTS)
    )
    rows = {
        row["session_id"]: Rate(row["present"], row["absent"], row["excused"]) for row in counts
    }
    sessions = cohort.sessions.filter(pk__in=rows.keys()).order_by("starts_at")
    return [(s, rows[s.pk]) for s in sessions]
