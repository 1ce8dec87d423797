"""Who comes: RSVPs before a session, the attendance register after it."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import User
from groups.models import Membership

from ..models import (
    Attendance,
    Rsvp,
    Session,
)
from .cohort import active_membership


@transaction.atomic
def answer_rsvp(*, session: Session, person: User, coming: bool) -> Rsvp:
    """A member says they come (aanmelden) or not (afmelden), up to the start."""
    if session.is_cancelled:
        raise ValidationError(_("This session has been cancelled."))
    if session.starts_at <= timezone.now():
        raise ValidationError(_("This session has started; you can no longer sign up or off."))
    if active_membership(session.cohort, person, Membership.PARTICIPANT_ROLES) is None:
        raise ValidationError(_("Only participants of this group can sign up."))
    rsvp, _created = Rsvp.objects.update_or_create(
        session=session,
        person=person,
        defaults={"coming": coming, "answered_at": timezone.now()},
    )
    return rsvp


@transaction.atomic
def record_attendance(
    *, session: Session, by: User, entries: Mapping[int, tuple[str, str]]
) -> list[Attendance]:
    """Fills in the register: {person id: (status, reason)}; earlier lines are replaced.

    Refused before the session starts (``Session.register_is_open``), whoever calls it, so
    that no report counts a session as held before it began.
    """
    if session.is_cancelled:
        raise ValidationError(_("This session has been cancelled; there is nothing to register."))
    if not session.register_is_open():
        raise ValidationError(
            _("The attendance register opens when the session starts: %(when)s.")
            % {
                "when": formats.date_format(
                    timezone.localtime(session.starts_at), "DATETIME_FORMAT"
                )
            }
        )
    members = set(
        session.cohort.memberships.participants()
        .filter(status=Membership.Status.ACTIVE)
        .values_list("person_id", flat=True)
    )
    strangers = set(entries) - members
    if strangers:
        raise ValidationError(_("Attendance can only be registered for members of this group."))
    records = []
    for person_id, (status, reason) in entries.items():
        if status not in Attendance.Status.values:
            raise ValidationError(_("Choose present, absent or excused."))
        reason = reason.strip()
        if status == Attendance.Status.EXCUSED and not reason:
            raise ValidationError(_("Give a reason for everyone who is excused."))
        if status != Attendance.Status.EXCUSED:
            reason = ""
        record, _created = Attendance.objects.update_or_create(
            session=session,
            person_id=person_id,
            defaults={
                "status": status,
                "reason": reason,
                "recorded_by": by,
                "recorded_at": timezone.now(),
            },
        )
        records.append(record)
    return records
