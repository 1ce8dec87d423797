"""Clinical values: checked against their unit and range, entered by whom."""

import datetime
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from access.grants import Grant, membership_grant
from access.policy import Action
from accounts.models import User
from groups.models import Membership

from ..measures import HBA1C_PERCENT_RANGE, MEASURES
from ..models import (
    Measurement,
)
from .participation import publish, require_active_participant


def _parse_value(key: str, raw: object) -> Decimal:
    measure = MEASURES[key]
    if isinstance(raw, bool):
        raw = int(raw)
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation as error:
        raise ValidationError(measure.range_message) from error
    if not value.is_finite():
        raise ValidationError(measure.range_message)
    if key == "hba1c" and HBA1C_PERCENT_RANGE[0] <= value <= HBA1C_PERCENT_RANGE[1]:
        raise ValidationError(
            _(
                "%(value)s looks like a percentage. Enter HbA1c in mmol/mol, as Dutch labs "
                "report it (7.2 %% is about 55 mmol/mol): usually between 20 and 150."
            )
            % {"value": raw}
        )
    if not measure.minimum <= value <= measure.maximum:
        raise ValidationError(measure.range_message)
    if (
        measure.decimals == 0
        and key in {"glucose_drugs", "insulin"}
        and value != value.to_integral()
    ):
        raise ValidationError(measure.range_message)
    return value.quantize(Decimal(1).scaleb(-measure.decimals))


ENTERED_AS = {
    "self": Measurement.EnteredAs.PARTICIPANT,
    "nurse": Measurement.EnteredAs.NURSE,
    "coach": Measurement.EnteredAs.COACH,
}


def entered_as(*, grant: Grant[Membership]) -> str:
    """Whether the person entering a value is the participant, their nurse or their coach."""
    relation = grant.first_relation(*ENTERED_AS)
    if relation is None:
        raise ValidationError(_("Only the participant, their coach or their nurse enter values."))
    return ENTERED_AS[relation]


@transaction.atomic
def record_measurements(
    *,
    membership: Membership,
    by: User,
    measured_on: datetime.date,
    source: str,
    values: Mapping[str, object],
) -> list[Measurement]:
    """Stores several values measured on one day, all or none: one bad value saves nothing."""
    require_active_participant(membership)
    grant = membership_grant(by, membership)
    role = entered_as(grant=grant)
    if not grant.allows(Action.RECORD_MEASUREMENT):
        # A coach whose participant withdrew consent for sharing values with the coach.
        raise ValidationError(_("Only the participant, their coach or their nurse enter values."))
    errors: dict[str, list[str]] = {}
    if measured_on is None:
        errors["measured_on"] = [_("Fill in the date of the measurement.")]
    elif measured_on > timezone.localdate():
        errors["measured_on"] = [_("The date of a measurement cannot be in the future.")]
    elif measured_on < membership.cohort.start_date - datetime.timedelta(days=366):
        errors["measured_on"] = [
            _("This date is more than a year before the group started; check the year.")
        ]
    if source not in Measurement.Source.values:
        errors["source"] = [_("Choose where the value comes from.")]
    parsed: dict[str, Decimal] = {}
    for key, raw in values.items():
        if key not in MEASURES:
            raise TypeError(f"Unknown measure {key!r}")
        if raw is None or raw == "":
            continue
        try:
            parsed[key] = _parse_value(key, raw)
        except ValidationError as error:
            errors[key] = error.messages
    if (
        "bp_systolic" in parsed
        and "bp_diastolic" in parsed
        and parsed["bp_systolic"] <= parsed["bp_diastolic"]
    ):
        errors["bp_diastolic"] = [
            _("The lower blood pressure must be lower than the upper one (for example 135/85).")
        ]
    if ("bp_systolic" in parsed) != ("bp_diastolic" in parsed) and not errors.keys() & {
        "bp_systolic",
        "bp_diastolic",
    }:
        errors["bp_diastolic"] = [_("Fill in both blood pressure values, upper and lower.")]
    if not parsed and not errors:
        errors["__all__"] = [_("Fill in at least one value.")]
    if errors:
        raise ValidationError(errors)
    measurements = [
        Measurement(
            membership=membership,
            measure=key,
            value=value,
            measured_on=measured_on,
            source=source,
            entered_by=by,
            entered_as=role,
        )
        for key, value in parsed.items()
    ]
    for measurement in measurements:
        measurement.full_clean()
    Measurement.objects.bulk_create(measurements)
    publish("measurements", membership=membership.pk, count=len(measurements))
    return measurements
