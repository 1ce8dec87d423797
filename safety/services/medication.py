"""The medication list: adding a drug and every change after, kept as history.

The list is the one truth for "number of glucose-lowering drugs" and "uses insulin" in
health/: every change to a glucose-lowering drug records both values as a measurement
(health.services.record_measurements), so outcomes and reports read what the list says.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from access.policy import Action, may
from accounts.models import User
from groups.models import Membership
from health import services as health_services
from health.models import Measurement
from privacy import access_log

from ..medicines import GLUCOSE, KNOWN_DRUGS
from ..models import Medication, MedicationChange

AGREEMENT_NEEDED = {MedicationChange.Kind.REDUCED, MedicationChange.Kind.STOPPED}


def _require_recorder(membership: Membership, by: User) -> None:
    if not may(by, Action.RECORD_MEDICATION, membership):
        raise ValidationError(_("Only the participant and their practice nurse change the list."))


def _check_date(value: datetime.date | None, field: str, errors: dict[str, list[str]]) -> None:
    if value is None:
        errors[field] = [_("Fill in the date.")]
    elif value > timezone.localdate():
        errors[field] = [_("This date cannot be in the future.")]


def _check_agreement(kind: str, agreed_with: str, errors: dict[str, list[str]]) -> None:
    if agreed_with not in MedicationChange.AgreedWith.values:
        errors["agreed_with"] = [_("Choose with whom this was agreed.")]


@transaction.atomic
def add_medication(
    *,
    membership: Membership,
    by: User,
    name: str,
    dose: str,
    started_on: datetime.date | None,
    category: str = "",
    agreed_with: str = MedicationChange.AgreedWith.GP,
    agreed_by_name: str = "",
) -> Medication:
    """Adds a drug to the participant's list: from the short list, or free text with a kind."""
    _require_recorder(membership, by)
    name, dose = (name or "").strip(), (dose or "").strip()
    errors: dict[str, list[str]] = {}
    known = KNOWN_DRUGS.get(name.lower())
    if not name:
        errors["name"] = [_("Fill in the name of the medicine.")]
    elif known is None and category not in Medication.Category.values:
        errors["category"] = [_("Choose what the medicine is for.")]
    if not dose:
        errors["dose"] = [_("Fill in the dose, for example: 500 mg twice a day.")]
    _check_date(started_on, "started_on", errors)
    _check_agreement(MedicationChange.Kind.STARTED, agreed_with, errors)
    if errors:
        raise ValidationError(errors)
    assert started_on is not None  # refused above otherwise
    medication = Medication(
        person=membership.person,
        category=known.category if known else category,
        name=known.name if known else name,
        hypo_risk=known.hypo_risk if known else False,
        is_insulin=known.is_insulin if known else False,
        dose=dose,
        started_on=started_on,
    )
    medication.full_clean()
    medication.save()
    _record_change(
        medication,
        by=by,
        kind=MedicationChange.Kind.STARTED,
        dose_before="",
        dose_after=dose,
        effective_on=started_on,
        agreed_with=agreed_with,
        agreed_by_name=agreed_by_name,
    )
    _after_change(membership, medication, by=by, on=started_on)
    return medication


@transaction.atomic
def change_medication(
    *,
    membership: Membership,
    medication: Medication,
    by: User,
    kind: str,
    effective_on: datetime.date | None,
    agreed_with: str,
    dose_after: str = "",
    agreed_by_name: str = "",
) -> MedicationChange:
    """A new dose (higher or lower) or stopping, with the date and who agreed to it."""
    _require_recorder(membership, by)
    medication = Medication.objects.select_for_update().get(pk=medication.pk)
    if medication.person_id != membership.person_id:
        raise ValidationError(_("This medicine is not on this participant's list."))
    dose_after = (dose_after or "").strip()
    errors: dict[str, list[str]] = {}
    if not medication.is_current:
        errors["__all__"] = [_("This medicine has already been stopped.")]
    if kind not in {
        MedicationChange.Kind.INCREASED,
        MedicationChange.Kind.REDUCED,
        MedicationChange.Kind.STOPPED,
    }:
        errors["kind"] = [_("Choose what changed.")]
    elif kind != MedicationChange.Kind.STOPPED and not dose_after:
        errors["dose_after"] = [_("Fill in the new dose.")]
    elif kind != MedicationChange.Kind.STOPPED and dose_after == medication.dose:
        errors["dose_after"] = [_("The new dose is the same as the current dose.")]
    _check_date(effective_on, "effective_on", errors)
    if effective_on and effective_on < medication.started_on:
        errors["effective_on"] = [_("This date is before the medicine was started.")]
    _check_agreement(kind, agreed_with, errors)
    if errors:
        raise ValidationError(errors)
    assert effective_on is not None  # refused above otherwise
    change = _record_change(
        medication,
        by=by,
        kind=kind,
        dose_before=medication.dose,
        dose_after="" if kind == MedicationChange.Kind.STOPPED else dose_after,
        effective_on=effective_on,
        agreed_with=agreed_with,
        agreed_by_name=agreed_by_name,
    )
    if kind == MedicationChange.Kind.STOPPED:
        medication.stopped_on = effective_on
    else:
        medication.dose = dose_after
    medication.full_clean()
    medication.save()
    _after_change(membership, medication, by=by, on=effective_on)
    return change


def _record_change(medication: Medication, *, by: User, **fields: object) -> MedicationChange:
    change = MedicationChange(medication=medication, recorded_by=by, **fields)
    change.full_clean()
    change.save()
    return change


def glucose_drug_count(person: User, on: datetime.date) -> tuple[int, bool]:
    """How many glucose-lowering drugs the person took on that day, and whether insulin."""
    taken = [
        medication
        for medication in Medication.objects.filter(
            person=person, category=GLUCOSE, started_on__lte=on
        )
        if medication.stopped_on is None or medication.stopped_on > on
    ]
    # Several kinds of insulin count as one drug, as the measure "number of drugs" does.
    names = {"insuline" if m.is_insulin else m.name for m in taken}
    return len(names), any(m.is_insulin for m in taken)


def _after_change(
    membership: Membership, medication: Medication, *, by: User, on: datetime.date
) -> None:
    access_log.record(actor=by, membership=membership, action="change", data_kind="medication")
    if medication.category != GLUCOSE or membership.status != Membership.Status.ACTIVE:
        return
    # The health measure follows the list; an old start date counts from the group's year.
    earliest = membership.cohort.start_date - datetime.timedelta(days=366)
    measured_on = on if on >= earliest else timezone.localdate()
    count, insulin = glucose_drug_count(membership.person, measured_on)
    health_services.record_measurements(
        membership=membership,
        by=by,
        measured_on=measured_on,
        source=Measurement.Source.OTHER,
        values={"glucose_drugs": count, "insulin": int(insulin)},
    )
