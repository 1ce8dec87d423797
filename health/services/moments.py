"""The cohort's measurement moments (baseline, 6 and 12 months) and their windows."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from access.policy import Action, may
from accounts.models import User
from groups.models import Cohort, add_months

from ..models import (
    MeasurementMoment,
)
from ..selectors import DEFAULT_MOMENTS, DEFAULT_WINDOW_DAYS


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
