"""Self-measured glucose and hypo reports: stored, judged by the practice protocol, and
answered at once with what to do now; crossing the protocol makes an alert."""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from access.policy import Action, may
from accounts.models import User
from groups.models import Membership
from privacy import access_log

from ..models import Alert, GlucoseReading, HypoReport
from ..protocol import (
    MG_DL_RANGE,
    PLAUSIBLE_MMOL,
    Outcome,
    glucose_outcome,
    hypo_report_outcome,
    limits_for,
)
from . import alerts

SYMPTOMS = {
    "shaking": gettext_lazy("shaking or trembling"),
    "sweating": gettext_lazy("sweating"),
    "hunger": gettext_lazy("sudden hunger"),
    "dizzy": gettext_lazy("dizzy or light-headed"),
    "heartbeat": gettext_lazy("fast heartbeat"),
    "confused": gettext_lazy("confused, or hard to think"),
    "headache": gettext_lazy("headache"),
}
ACTIONS = {
    "sugar": gettext_lazy("I took sugar (dextrose, lemonade, juice)"),
    "food": gettext_lazy("I ate something"),
    "nothing": gettext_lazy("nothing"),
    "other": gettext_lazy("something else"),
}
# A report about a hypo shortly after a low reading joins the alert that reading made.
SAME_HYPO = datetime.timedelta(hours=2)
OLDEST_REPORT = datetime.timedelta(days=30)


@dataclass(frozen=True)
class Result:
    """What the participant is shown after a report, and the alert it made (if any)."""

    outcome: str
    alert: Alert | None
    record: GlucoseReading | HypoReport


def parse_glucose(raw: object) -> Decimal:
    """A meter value in mmol/L; mg/dL and HbA1c-like numbers are refused with the unit named."""
    text = str(raw if raw is not None else "").strip().replace(",", ".")
    message = _("Blood sugar in mmol/L, as your meter shows it: usually between 2 and 30.")
    try:
        value = Decimal(text)
    except InvalidOperation as error:
        raise ValidationError(message) from error
    if not value.is_finite():
        raise ValidationError(message)
    if MG_DL_RANGE[0] <= value <= MG_DL_RANGE[1]:
        raise ValidationError(
            _(
                "%(value)s is not a value in mmol/L. Is your meter set to mg/dL? Then divide "
                "by 18 (90 mg/dL is 5.0 mmol/L). HbA1c from the lab is not a blood sugar "
                "value: enter it with your measurements."
            )
            % {"value": raw}
        )
    if not PLAUSIBLE_MMOL[0] <= value <= PLAUSIBLE_MMOL[1]:
        raise ValidationError(message)
    return value.quantize(Decimal("0.1"))


def _check_moment(
    moment: datetime.datetime | None, errors: dict[str, list[str]], field: str
) -> None:
    now = timezone.now()
    if moment is None:
        errors[field] = [_("Fill in the date and time.")]
    elif moment > now + datetime.timedelta(minutes=5):
        errors[field] = [_("This moment cannot be in the future.")]
    elif moment < now - OLDEST_REPORT:
        errors[field] = [_("Report only values of the last 30 days.")]


def _require_reporter(membership: Membership, by: User) -> None:
    if not may(by, Action.REPORT_GLUCOSE, membership):
        raise ValidationError(_("Only the participant reports their own blood sugar."))


@transaction.atomic
def report_glucose(
    *,
    membership: Membership,
    by: User,
    value: object,
    context: str,
    measured_at: datetime.datetime | None = None,
) -> Result:
    """Stores a reading; a hypo, or the protocol's number of highs, makes an alert."""
    _require_reporter(membership, by)
    measured_at = measured_at or timezone.now()
    errors: dict[str, list[str]] = {}
    parsed = None
    try:
        parsed = parse_glucose(value)
    except ValidationError as error:
        errors["value"] = error.messages
    if context not in GlucoseReading.Context.values:
        errors["context"] = [_("Choose when you measured.")]
    _check_moment(measured_at, errors, "measured_at")
    if errors:
        raise ValidationError(errors)
    assert parsed is not None  # refused above otherwise
    person = membership.person
    practice = alerts.practice_of(person)
    limits = limits_for(practice)
    recent_highs = GlucoseReading.objects.filter(
        person=person,
        value__gt=limits.high_above,
        measured_at__gt=measured_at - datetime.timedelta(days=limits.high_days),
        measured_at__lte=measured_at,
    ).count()
    reading = GlucoseReading(
        person=person, value=parsed, context=context, measured_at=measured_at, entered_by=by
    )
    reading.full_clean()
    reading.save()
    access_log.record(actor=by, membership=membership, action="change", data_kind="glucose")
    outcome = glucose_outcome(parsed, limits, recent_highs=recent_highs)
    alert = None
    if outcome == Outcome.HYPO:
        alert = alerts.raise_alert(
            person=person, practice=practice, kind=Alert.Kind.HYPO, reading=reading
        )
    elif outcome == Outcome.REPEATED_HIGH:
        alert = alerts.open_alert(person=person, kind=Alert.Kind.REPEATED_HIGH) or (
            alerts.raise_alert(
                person=person, practice=practice, kind=Alert.Kind.REPEATED_HIGH, reading=reading
            )
        )
    return Result(outcome=outcome, alert=alert, record=reading)


@transaction.atomic
def report_hypo(
    *,
    membership: Membership,
    by: User,
    occurred_at: datetime.datetime | None,
    symptoms: list[str],
    action_taken: str,
    needed_help: bool | None,
    value: object = None,
    symptoms_other: str = "",
    action_other: str = "",
) -> Result:
    """A short hypo report; someone else having had to help makes it a severe hypo."""
    _require_reporter(membership, by)
    errors: dict[str, list[str]] = {}
    _check_moment(occurred_at, errors, "occurred_at")
    parsed = None
    if value not in (None, ""):
        try:
            parsed = parse_glucose(value)
        except ValidationError as error:
            errors["value"] = error.messages
    unknown = set(symptoms) - set(SYMPTOMS)
    if unknown:
        errors["symptoms"] = [_("Choose the symptoms from the list.")]
    if not symptoms and not symptoms_other.strip():
        errors["symptoms"] = [_("Tell us what you felt.")]
    if action_taken not in ACTIONS:
        errors["action_taken"] = [_("Choose what you did.")]
    elif action_taken == "other" and not action_other.strip():
        errors["action_other"] = [_("Tell us what you did.")]
    if needed_help is None:
        errors["needed_help"] = [_("Tell us whether someone else had to help you.")]
    if errors:
        raise ValidationError(errors)
    assert occurred_at is not None  # refused above otherwise
    person = membership.person
    report = HypoReport(
        person=person,
        occurred_at=occurred_at,
        value=parsed,
        symptoms=sorted(symptoms),
        symptoms_other=symptoms_other.strip(),
        action_taken=action_taken,
        action_other=action_other.strip(),
        needed_help=bool(needed_help),
        entered_by=by,
    )
    report.full_clean()
    report.save()
    access_log.record(actor=by, membership=membership, action="change", data_kind="glucose")
    outcome = hypo_report_outcome(needed_help=report.needed_help)
    practice = alerts.practice_of(person)
    if outcome == Outcome.SEVERE_HYPO:
        alert = alerts.raise_alert(
            person=person, practice=practice, kind=Alert.Kind.SEVERE_HYPO, hypo_report=report
        )
    else:
        alert = alerts.join_recent_hypo(
            person=person, report=report, within=SAME_HYPO
        ) or alerts.raise_alert(
            person=person, practice=practice, kind=Alert.Kind.HYPO, hypo_report=report
        )
    return Result(outcome=outcome, alert=alert, record=report)
