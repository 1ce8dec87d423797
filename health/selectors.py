"""Reads for the plan, measurement and questionnaire pages, and for reports (issue 8).

The report selectors (``paired_values``, ``paired_values_by_measure``,
``paired_values_by_moments``, ``goal_counts``, ``measurement_counts``) return ids and
numbers only, never names: a report decides itself what it may show to whom.
"""

import datetime
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from access.lists import cohorts_allowing
from access.policy import Action
from groups.models import Cohort, Membership, add_months
from groups.roles import AnyUser

from .measures import EXPECTED_AT_EACH_MOMENT, MEASURES, StrOrPromise, bmi
from .models import (
    CheckIn,
    Goal,
    Instrument,
    Measurement,
    MeasurementMoment,
)

# A goal without a check-in for this long is worth a conversation (not a warning).
QUIET_AFTER = datetime.timedelta(days=28)
# "Recent" for reports: a check-in in the last four weeks.
RECENT_CHECK_IN = datetime.timedelta(days=28)

DEFAULT_MOMENTS = [
    (MeasurementMoment.Key.BASELINE, 0),
    (MeasurementMoment.Key.MONTH_6, 6),
    (MeasurementMoment.Key.MONTH_12, 12),
]
DEFAULT_WINDOW_DAYS = 28


@dataclass(frozen=True)
class Moment:
    """A measurement moment of a cohort: its target date and the window around it."""

    key: str
    label: StrOrPromise
    target: datetime.date
    window_days: int
    months_after_start: int = 0

    @cached_property
    def opens(self) -> datetime.date:
        return self.target - datetime.timedelta(days=self.window_days)

    @cached_property
    def closes(self) -> datetime.date:
        return self.target + datetime.timedelta(days=self.window_days)

    def contains(self, day: datetime.date) -> bool:
        return self.opens <= day <= self.closes

    @property
    def has_opened(self) -> bool:
        return self.opens <= timezone.localdate()


def moments_for(*, cohort: Cohort) -> list[Moment]:
    """Baseline, 6 and 12 months (or the cohort's own timing), in date order."""
    own = {
        moment.key: (moment.months_after_start, moment.window_days)
        for moment in cohort.health_moments.all()
    }
    moments = [
        Moment(
            key=key,
            label=MeasurementMoment.Key(key).label,
            target=add_months(cohort.start_date, months),
            window_days=window,
            months_after_start=months,
        )
        for key, months, window in moment_timing(own)
    ]
    return sorted(moments, key=lambda moment: moment.target)


def moment_timing(own: dict[str, tuple[int, int]]) -> list[tuple[str, int, int]]:
    """Each moment's key, months after the start and window in days.

    ``own`` holds a cohort's own timing (MeasurementMoment rows) by key, as (months after
    the start, window days); moments it does not hold keep the default timing.
    """
    return [(key, *own.get(key, (months, DEFAULT_WINDOW_DAYS))) for key, months in DEFAULT_MOMENTS]


def _moment(cohort: Cohort, key: str) -> Moment:
    for moment in moments_for(cohort=cohort):
        if moment.key == key:
            return moment
    raise ValueError(f"Unknown measurement moment {key!r}")


# --- the participant's own pages ------------------------------------------------------------


def active_participation(*, user: AnyUser) -> Membership | None:
    """The user's active participant (or aanjager) membership, if any."""
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.participants()
        .active()
        .filter(person=user)
        .select_related("cohort", "person")
        .first()
    )


def cohorts_to_follow(*, user: AnyUser) -> list[Cohort]:
    """Running cohorts the user coaches, or of an organisation where they are a nurse."""
    cohorts = cohorts_allowing(user, Action.VIEW_MISSING_MEASUREMENTS).filter(
        status=Cohort.Status.RUNNING
    )
    return list(cohorts.order_by("-start_date", "name"))


def plan_goals(*, membership: Membership, shared_only: bool = False) -> QuerySet[Goal]:
    """The goals of a plan with their current words, last check-in and cheers."""
    goals = membership.goals.select_related("current_version").annotate(
        cheer_count=Count("cheers", distinct=True),
        last_check_in=Max("check_ins__created_at"),
    )
    if shared_only:
        goals = goals.filter(sharing=Goal.Sharing.GROUP)
    return goals.order_by("status", "created_at")


def goal_history(*, goal: Goal) -> dict[str, Any]:
    versions = list(goal.versions.select_related("created_by").order_by("-number"))
    check_ins = list(goal.check_ins.order_by("created_at", "pk"))
    return {"versions": versions, "check_ins": check_ins}


def shared_goals_of_cohort(*, cohort: Cohort, viewer: AnyUser) -> list[Goal]:
    """Goals members shared with their group (active members only), with cheer counts."""
    goals = (
        Goal.objects.filter(
            membership__cohort=cohort,
            membership__status=Membership.Status.ACTIVE,
            membership__role__in=Membership.PARTICIPANT_ROLES,
            sharing=Goal.Sharing.GROUP,
            status=Goal.Status.ACTIVE,
        )
        .select_related("current_version", "membership__person")
        .annotate(
            cheer_count=Count("cheers", distinct=True),
            cheered_by_viewer=Count("cheers", filter=Q(cheers__person=viewer), distinct=True),
        )
        .order_by("membership__person__display_name", "membership__person__first_name", "pk")
    )
    return list(goals)


# --- measurements ---------------------------------------------------------------------------


@dataclass
class Series:
    """One measure over time for one person, for a chart and its table."""

    key: str
    label: StrOrPromise
    unit: str
    rows: list[Measurement] = field(default_factory=list)


def measurement_history(*, membership: Membership) -> dict[str, Any]:
    """Every value of a participant by measure, the latest values and the derived BMI."""
    rows = list(membership.measurements.select_related("entered_by").order_by("measured_on", "pk"))
    by_measure: dict[str, Series] = {}
    for key, measure in MEASURES.items():
        by_measure[key] = Series(key=key, label=measure.label, unit=measure.unit)
    for row in rows:
        by_measure[row.measure].rows.append(row)
    latest = {key: series.rows[-1] for key, series in by_measure.items() if series.rows}
    weight = latest.get("weight")
    height = latest.get("height")
    return {
        "series": [series for series in by_measure.values() if series.rows],
        "charted": [
            series
            for series in by_measure.values()
            if MEASURES[series.key].charted and len(series.rows) >= 1
        ],
        "latest": latest,
        "bmi": bmi(weight.value if weight else None, height.value if height else None),
        "count": len(rows),
    }


def questionnaire_history(*, membership: Membership) -> list[dict[str, Any]]:
    """Per instrument the participant answered: responses in date order."""
    responses = (
        membership.questionnaire_responses.select_related("instrument")
        .annotate(item_count=Count("instrument__items", distinct=True))
        .order_by("instrument__key", "completed_on", "pk")
    )
    grouped: dict[int, dict[str, Any]] = {}
    for response in responses:
        entry = grouped.setdefault(
            response.instrument_id, {"instrument": response.instrument, "responses": []}
        )
        entry["responses"].append(response)
    return list(grouped.values())


def available_instruments() -> QuerySet[Instrument]:
    return Instrument.objects.filter(active=True, is_placeholder=False).order_by("key")


@dataclass(frozen=True)
class DueQuestionnaire:
    instrument: Instrument
    moment: Moment


def questionnaires_due(*, membership: Membership) -> list[DueQuestionnaire]:
    """The questionnaires to fill in now: a moment's window is open and none is scored in it."""
    today = timezone.localdate()
    open_moments = [m for m in moments_for(cohort=membership.cohort) if m.contains(today)]
    if not open_moments:
        return []
    scored = list(
        membership.questionnaire_responses.filter(score__isnull=False).values_list(
            "instrument_id", "completed_on"
        )
    )
    due = []
    for moment in open_moments:
        for instrument in available_instruments():
            done = any(
                instrument_id == instrument.pk and moment.contains(day)
                for instrument_id, day in scored
            )
            if not done:
                due.append(DueQuestionnaire(instrument=instrument, moment=moment))
    return due


# --- the coach's and the nurse's overview ---------------------------------------------------


@dataclass
class MomentStatus:
    moment: Moment
    missing: list[str]
    present: list[str]


@dataclass
class ParticipantRow:
    membership: Membership
    moments: list[MomentStatus] = field(default_factory=list)
    goals: int = 0
    quiet_goals: list[Goal] = field(default_factory=list)
    last_check_in: datetime.datetime | None = None


def missing_measurements(
    *, cohort: Cohort, memberships: list[Membership]
) -> tuple[list[Moment], list[ParticipantRow]]:
    """Per participant and per opened moment: which expected values are still missing."""
    moments = moments_for(cohort=cohort)
    values = defaultdict(list)
    for membership_id, measure, day in Measurement.objects.filter(
        membership__in=memberships
    ).values_list("membership_id", "measure", "measured_on"):
        values[membership_id].append((measure, day))
    rows = []
    for membership in memberships:
        row = ParticipantRow(membership=membership)
        for moment in moments:
            present = {measure for measure, day in values[membership.pk] if moment.contains(day)}
            row.moments.append(
                MomentStatus(
                    moment=moment,
                    missing=[
                        str(MEASURES[key].label)
                        for key in EXPECTED_AT_EACH_MOMENT
                        if key not in present
                    ],
                    present=sorted(present),
                )
            )
        rows.append(row)
    return moments, rows


def plans_to_follow(*, memberships: list[Membership]) -> dict[int, dict[str, Any]]:
    """Per membership: number of active goals and the goals quiet for four weeks or more."""
    quiet_before = timezone.now() - QUIET_AFTER
    goals = (
        Goal.objects.filter(membership__in=memberships, status=Goal.Status.ACTIVE)
        .select_related("current_version")
        .annotate(last_check_in=Max("check_ins__created_at"))
    )
    result: dict[int, dict[str, Any]] = {
        m.pk: {"goals": 0, "quiet": [], "last": None} for m in memberships
    }
    for goal in goals:
        entry = result[goal.membership_id]
        entry["goals"] += 1
        last = goal.last_check_in
        if last and (entry["last"] is None or last > entry["last"]):
            entry["last"] = last
        if (last or goal.created_at) < quiet_before:
            entry["quiet"].append(goal)
    return result


# --- for reports: counts only -------------------------------------------------------------


@dataclass(frozen=True)
class GoalCounts:
    participants: int
    participants_with_goal: int
    goals: int
    shared_goals: int
    goals_with_recent_check_in: int


def goal_counts(
    *, cohort_ids: list[int], recent: datetime.timedelta = RECENT_CHECK_IN
) -> dict[int, GoalCounts]:
    """Per cohort id: active participants, goals, shared goals, goals checked in recently."""
    since = timezone.now() - recent
    participants = dict(
        Membership.objects.participants()
        .active()
        .filter(cohort_id__in=cohort_ids)
        .values("cohort_id")
        .annotate(n=Count("pk"))
        .values_list("cohort_id", "n")
    )
    goals = (
        Goal.objects.filter(
            membership__cohort_id__in=cohort_ids,
            membership__status=Membership.Status.ACTIVE,
            status=Goal.Status.ACTIVE,
        )
        .values("membership__cohort_id")
        .annotate(
            goals=Count("pk", distinct=True),
            shared=Count("pk", filter=Q(sharing=Goal.Sharing.GROUP), distinct=True),
            people=Count("membership", distinct=True),
            recent=Count(
                "pk",
                filter=Q(pk__in=CheckIn.objects.filter(created_at__gte=since).values("goal_id")),
                distinct=True,
            ),
        )
    )
    by_cohort = {row["membership__cohort_id"]: row for row in goals}
    result: dict[int, GoalCounts] = {}
    for cohort_id in cohort_ids:
        row: Mapping[str, Any] = by_cohort.get(cohort_id, {})
        result[cohort_id] = GoalCounts(
            participants=participants.get(cohort_id, 0),
            participants_with_goal=row.get("people", 0),
            goals=row.get("goals", 0),
            shared_goals=row.get("shared", 0),
            goals_with_recent_check_in=row.get("recent", 0),
        )
    return result


def measurement_counts(*, cohort: Cohort) -> list[dict[str, Any]]:
    """Per moment: how many active participants have each expected value (numbers only)."""
    memberships = list(cohort.memberships.participants().active().only("pk", "cohort_id"))
    moments, rows = missing_measurements(cohort=cohort, memberships=memberships)
    counts = []
    for index, moment in enumerate(moments):
        complete = sum(1 for row in rows if not row.moments[index].missing)
        counts.append({"moment": moment, "complete": complete, "participants": len(memberships)})
    return counts
