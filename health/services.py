"""Writes for plans, goals, check-ins, measurements and questionnaire answers.

Every function validates, writes in one transaction and raises ValidationError with a
translated message when the input is wrong, so that nothing is saved then.
"""

import datetime
import logging
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from access.grants import Grant, membership_grant
from access.policy import Action, may
from accounts.models import User
from groups.models import Cohort, Membership, add_months

from . import scoring
from .measures import HBA1C_PERCENT_RANGE, MEASURES
from .models import (
    Answer,
    CheckIn,
    Cheer,
    Goal,
    GoalVersion,
    Instrument,
    Measurement,
    MeasurementMoment,
    QuestionnaireResponse,
)
from .selectors import DEFAULT_MOMENTS, DEFAULT_WINDOW_DAYS

logger = logging.getLogger(__name__)

GOAL_TEXT_FIELDS = (
    "title",
    "why",
    "actions",
    "timeline",
    "target_date",
    "progress_sign",
    "when_hard",
    "support",
)


def _published(event: str, **ids: int) -> None:
    """A log line after commit: the hook where notifications (e-mail, sockets) attach later."""
    transaction.on_commit(lambda: logger.info("health.%s %s", event, ids))


def _require_active_participant(membership: Membership) -> None:
    if not membership.is_participant or membership.status != Membership.Status.ACTIVE:
        raise ValidationError(_("Only an active participant keeps a plan and measurements."))


# --- goals -------------------------------------------------------------------------------


def _new_version(goal: Goal, *, by: User, number: int, texts: dict[str, str]) -> GoalVersion:
    unknown = set(texts) - set(GOAL_TEXT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown goal fields: {sorted(unknown)}")
    version = GoalVersion(goal=goal, number=number, created_by=by, **texts)
    version.title = (version.title or "").strip()
    if not version.title:
        raise ValidationError({"title": _("Write your goal in a few words.")})
    if version.target_date and version.target_date < timezone.localdate() - datetime.timedelta(
        days=1
    ):
        raise ValidationError({"target_date": _("Choose a date that has not passed yet.")})
    version.full_clean(exclude=["goal"])
    version.save()
    goal.current_version = version
    goal.save(update_fields=["current_version"])
    return version


@transaction.atomic
def create_goal(
    *, membership: Membership, by: User, sharing: str = Goal.Sharing.PRIVATE, **texts: str
) -> Goal:
    """A new self-set goal in the participant's own words (version 1)."""
    _require_active_participant(membership)
    if by.pk != membership.person_id:
        raise ValidationError(_("Only the participant sets their own goals."))
    goal = Goal(membership=membership, sharing=sharing)
    goal.full_clean(exclude=["current_version"])
    goal.save()
    _new_version(goal, by=by, number=1, texts=texts)
    _published("goal_created", goal=goal.pk, membership=membership.pk)
    return goal


@transaction.atomic
def revise_goal(*, goal: Goal, by: User, **texts: str) -> GoalVersion:
    """A new version of the goal; earlier versions stay as they were."""
    goal = Goal.objects.select_for_update().select_related("membership").get(pk=goal.pk)
    if by.pk != goal.membership.person_id:
        raise ValidationError(_("Only the participant changes their own goals."))
    number = (goal.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = _new_version(goal, by=by, number=number, texts=texts)
    _published("goal_revised", goal=goal.pk, version=version.number)
    return version


@transaction.atomic
def set_goal_sharing(*, goal: Goal, by: User, sharing: str) -> Goal:
    """The participant's choice: private (only them and their coach) or shared with the group."""
    if by.pk != goal.membership.person_id:
        raise ValidationError(_("Only the participant decides who sees their goal."))
    goal.sharing = sharing
    goal.full_clean(exclude=["current_version"])
    goal.save(update_fields=["sharing"])
    if not goal.is_shared:
        # Cheers were given to a shared goal; once private, nobody else may see them.
        goal.cheers.all().delete()
    return goal


@transaction.atomic
def set_goal_status(*, goal: Goal, by: User, status: str) -> Goal:
    if by.pk != goal.membership.person_id:
        raise ValidationError(_("Only the participant changes their own goals."))
    goal.status = status
    goal.full_clean(exclude=["current_version"])
    goal.save(update_fields=["status"])
    return goal


@transaction.atomic
def record_check_in(*, goal: Goal, by: User, confidence: int, note: str = "") -> CheckIn:
    """A short progress note and a 0-10 confidence score, quick enough for a phone."""
    if by.pk != goal.membership.person_id:
        raise ValidationError(_("Only the participant checks in on their own goal."))
    if goal.status != Goal.Status.ACTIVE:
        raise ValidationError(_("This goal is no longer active; revise it or set a new one."))
    check_in = CheckIn(goal=goal, confidence=confidence, note=note.strip())
    try:
        check_in.full_clean()
    except ValidationError as error:
        if "confidence" in getattr(error, "error_dict", {}):
            raise ValidationError(
                {"confidence": _("Choose how confident you are: a number from 0 to 10.")}
            ) from error
        raise
    check_in.save()
    _published("check_in", goal=goal.pk)
    return check_in


@transaction.atomic
def cheer_goal(*, goal: Goal, by: User) -> Cheer:
    """A fellow member cheers a shared goal on; cheering twice changes nothing."""
    if not goal.is_shared:
        raise ValidationError(_("Only goals shared with the group can be cheered on."))
    if by.pk == goal.membership.person_id:
        raise ValidationError(_("You cannot cheer on your own goal."))
    cheer, created = Cheer.objects.get_or_create(goal=goal, person=by)
    if created:
        _published("cheer", goal=goal.pk)
    return cheer


# --- measurements -------------------------------------------------------------------------


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
    _require_active_participant(membership)
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
    _published("measurements", membership=membership.pk, count=len(measurements))
    return measurements


def _check_moment_timing(cohort: Cohort, timing: dict[str, tuple[int, int]]) -> None:
    """Moments in their own order, each window closed before the next one opens."""
    order = [key for key, _months in DEFAULT_MOMENTS]
    previous = None
    for key in order:
        months, window = timing[key]
        target = add_months(cohort.start_date, months)
        if previous is not None:
            previous_key, previous_months, previous_target, previous_window = previous
            if months <= previous_months:
                raise ValidationError(
                    {
                        key: _(
                            "%(moment)s must come later than %(previous)s: choose more months "
                            "after the start."
                        )
                        % {
                            "moment": capfirst(MeasurementMoment.Key(key).label),
                            "previous": MeasurementMoment.Key(previous_key).label,
                        }
                    }
                )
            gap = (target - previous_target).days
            if previous_window + window >= gap:
                raise ValidationError(
                    {
                        key: _(
                            "The windows of %(previous)s and %(moment)s overlap, so one value "
                            "would count for both: make the windows shorter."
                        )
                        % {
                            "moment": MeasurementMoment.Key(key).label,
                            "previous": MeasurementMoment.Key(previous_key).label,
                        }
                    }
                )
        previous = (key, months, target, window)


def _require_cohort_manager(cohort: Cohort, by: User) -> None:
    if not may(by, Action.EDIT_COHORT, cohort):
        raise ValidationError(_("Only the programme manager sets the measurement moments."))


@transaction.atomic
def configure_measurement_moments(
    *, cohort: Cohort, by: User, timing: dict[str, tuple[int, int]]
) -> list[MeasurementMoment]:
    """Sets a cohort's own timing of every moment: {key: (months after start, window days)}.

    Keys left out keep their current timing. All or nothing: one wrong moment saves none.
    """
    _require_cohort_manager(cohort, by)
    unknown = set(timing) - set(MeasurementMoment.Key.values)
    if unknown:
        raise ValueError(f"Unknown measurement moments: {sorted(unknown)}")
    stored = {
        moment.key: moment
        for moment in MeasurementMoment.objects.select_for_update().filter(cohort=cohort)
    }
    current: dict[str, tuple[int, int]] = {
        str(key): (stored[key].months_after_start, stored[key].window_days)
        if key in stored
        else (months, DEFAULT_WINDOW_DAYS)
        for key, months in DEFAULT_MOMENTS
    }
    wanted: dict[str, tuple[int, int]] = {**current, **timing}
    moments = []
    errors: dict[str, list[str]] = {}
    for key, (months, window) in wanted.items():
        moment = stored.get(key) or MeasurementMoment(cohort=cohort, key=key)
        moment.months_after_start, moment.window_days = months, window
        try:
            moment.full_clean()
        except ValidationError as error:
            errors[key] = [
                _("%(moment)s: %(error)s")
                % {"moment": capfirst(MeasurementMoment.Key(key).label), "error": message}
                for message in error.messages
            ]
        moments.append(moment)
    if errors:
        raise ValidationError(errors)
    _check_moment_timing(cohort, wanted)
    for moment in moments:
        if moment.key in timing:
            moment.save()
    return moments


def configure_measurement_moment(
    *, cohort: Cohort, key: str, months_after_start: int, window_days: int, by: User
) -> MeasurementMoment:
    """Sets a cohort's own timing for baseline, 6 or 12 months (else the default holds)."""
    moments = configure_measurement_moments(
        cohort=cohort, by=by, timing={key: (months_after_start, window_days)}
    )
    return next(moment for moment in moments if moment.key == key)


# --- questionnaires -----------------------------------------------------------------------


@transaction.atomic
def submit_questionnaire(
    *,
    membership: Membership,
    instrument: Instrument,
    by: User,
    answers: Mapping[int, int | None],
    completed_on: datetime.date | None = None,
) -> QuestionnaireResponse:
    """Stores the answers and the score; too few answers are stored without a score."""
    _require_active_participant(membership)
    if by.pk != membership.person_id:
        raise ValidationError(_("Only the participant fills in their own questionnaire."))
    if instrument.is_placeholder or not instrument.active:
        raise ValidationError(_("This questionnaire cannot be filled in yet."))
    items = {item.number: item for item in instrument.items.all()}
    options = {option.value for option in instrument.options.all()}
    chosen = {number: value for number, value in answers.items() if value is not None}
    for number, value in chosen.items():
        if number not in items or value not in options:
            raise ValidationError(_("One of the answers is not one of the options."))
    result = scoring.score(scoring.rule_for(instrument), chosen)
    completed_on = completed_on or timezone.localdate()
    if completed_on > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."))
    response = QuestionnaireResponse.objects.create(
        membership=membership,
        instrument=instrument,
        completed_on=completed_on,
        raw_score=result.raw,
        score=result.score,
        answered=result.answered,
    )
    Answer.objects.bulk_create(
        Answer(response=response, item=items[number], value=value)
        for number, value in chosen.items()
    )
    _published("questionnaire", response=response.pk)
    return response
