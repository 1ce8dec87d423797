"""Reads for the plan, measurement and questionnaire pages, and for reports (issue 8).

The report selectors (``paired_values``, ``paired_values_by_measure``,
``paired_values_by_moments``, ``goal_counts``, ``measurement_counts``) return ids and
numbers only, never names: a report decides itself what it may show to whom.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from access.policy import Action, cohorts_allowing
from groups.models import Cohort, Membership, add_months

from .measures import EXPECTED_AT_EACH_MOMENT, MEASURES, bmi
from .models import (
    CheckIn,
    Goal,
    Instrument,
    Measurement,
    MeasurementMoment,
    QuestionnaireResponse,
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
    label: str
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


def active_participation(*, user) -> Membership | None:
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


def cohorts_to_follow(*, user) -> list[Cohort]:
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


def goal_history(*, goal: Goal) -> dict:
    versions = list(goal.versions.select_related("created_by").order_by("-number"))
    check_ins = list(goal.check_ins.order_by("created_at", "pk"))
    return {"versions": versions, "check_ins": check_ins}


def shared_goals_of_cohort(*, cohort: Cohort, viewer) -> list[Goal]:
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
    label: str
    unit: str
    rows: list = field(default_factory=list)


def measurement_history(*, membership: Membership) -> dict:
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


def questionnaire_history(*, membership: Membership) -> list[dict]:
    """Per instrument the participant answered: responses in date order."""
    responses = (
        membership.questionnaire_responses.select_related("instrument")
        .annotate(item_count=Count("instrument__items", distinct=True))
        .order_by("instrument__key", "completed_on", "pk")
    )
    grouped: dict[int, dict] = {}
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


def plans_to_follow(*, memberships: list[Membership]) -> dict[int, dict]:
    """Per membership: number of active goals and the goals quiet for four weeks or more."""
    quiet_before = timezone.now() - QUIET_AFTER
    goals = (
        Goal.objects.filter(membership__in=memberships, status=Goal.Status.ACTIVE)
        .select_related("current_version")
        .annotate(last_check_in=Max("check_ins__created_at"))
    )
    result: dict[int, dict] = {m.pk: {"goals": 0, "quiet": [], "last": None} for m in memberships}
    for goal in goals:
        entry = result[goal.membership_id]
        entry["goals"] += 1
        last = goal.last_check_in
        if last and (entry["last"] is None or last > entry["last"]):
            entry["last"] = last
        if (last or goal.created_at) < quiet_before:
            entry["quiet"].append(goal)
    return result


# --- for reports (issue 8): ids and numbers only --------------------------------------------


@dataclass(frozen=True)
class PairedValue:
    membership_id: int
    cohort_id: int
    first: Decimal
    second: Decimal


def _values_in(moment: Moment, rows: list[tuple[datetime.date, Decimal]]) -> Decimal | None:
    """The value nearest to the moment's target date within its window.

    On a tie the earlier day wins, then the lower value: the result never depends on the
    order of the rows.
    """
    opens, closes, target = moment.opens, moment.closes, moment.target
    best = None
    for day, value in rows:
        if opens <= day <= closes:
            entry = (abs((day - target).days), day, value)
            if best is None or entry < best:
                best = entry
    return best[2] if best is not None else None


def _window_filter(moments: list[Moment], field: str) -> Q:
    """Rows on a day inside one of these windows (overlapping windows merged)."""
    spans = sorted((moment.opens, moment.closes) for moment in moments)
    merged: list[list[datetime.date]] = []
    for opens, closes in spans:
        if merged and opens <= merged[-1][1] + datetime.timedelta(days=1):
            merged[-1][1] = max(merged[-1][1], closes)
        else:
            merged.append([opens, closes])
    condition = Q()
    for opens, closes in merged:
        condition |= Q(**{f"{field}__range": (opens, closes)})
    return condition


def _pairs_from_rows(
    rows: dict[int, list[tuple[datetime.date, Decimal]]],
    cohort_of: dict[int, int],
    moments: dict[int, list[Moment]],
    first_moment: str,
    second_moment: str,
) -> list[PairedValue]:
    """The pairing rule, shared by paired_values and paired_values_by_measure.

    Per membership (in id order): the value nearest the target date of each moment within
    its window; a membership counts only with a value at both moments.
    """
    pairs = []
    for membership_id, values in sorted(rows.items()):
        cohort_moments = {m.key: m for m in moments[cohort_of[membership_id]]}
        first = _values_in(cohort_moments[first_moment], values)
        second = _values_in(cohort_moments[second_moment], values)
        if first is not None and second is not None:
            pairs.append(
                PairedValue(
                    membership_id=membership_id,
                    cohort_id=cohort_of[membership_id],
                    first=first,
                    second=second,
                )
            )
    return pairs


def _check_moment_keys(*keys: str) -> None:
    known = {key for key, _months in DEFAULT_MOMENTS}
    for key in keys:
        if key not in known:
            raise ValueError(f"Unknown measurement moment {key!r}")


def paired_values(
    *, cohort_ids: list[int], measure: str, first_moment: str, second_moment: str
) -> list[PairedValue]:
    """Per participant with a value at both moments, the pair (nearest the target date).

    ``measure`` is a key of health.measures.MEASURES (e.g. "weight", "hba1c") or the key of
    an Instrument (e.g. "who5", its 0-100 score). Participants who left still count: their
    values were measured. Returns ids only. For many measures or cohorts at once use
    paired_values_by_measure (same rule, a fixed number of queries).
    """
    _check_moment_keys(first_moment, second_moment)
    cohorts = Cohort.objects.filter(pk__in=cohort_ids).prefetch_related("health_moments")
    rows: dict[int, list] = defaultdict(list)
    if measure in MEASURES:
        source = (
            Measurement.objects.filter(measure=measure, membership__cohort_id__in=cohort_ids)
            .order_by()  # the pairing does not depend on order; the default one costs a sort
            .values_list("membership_id", "membership__cohort_id", "measured_on", "value")
        )
    else:
        source = (
            QuestionnaireResponse.objects.filter(
                instrument__key=measure, membership__cohort_id__in=cohort_ids, score__isnull=False
            )
            .order_by()
            .values_list("membership_id", "membership__cohort_id", "completed_on", "score")
        )
    cohort_of: dict[int, int] = {}
    for membership_id, cohort_id, day, value in source:
        rows[membership_id].append((day, value))
        cohort_of[membership_id] = cohort_id
    moments = {cohort.pk: moments_for(cohort=cohort) for cohort in cohorts}
    return _pairs_from_rows(rows, cohort_of, moments, first_moment, second_moment)


def paired_values_by_measure(
    *,
    measures: Iterable[str],
    cohort_ids: Iterable[int] | None = None,
    memberships: Iterable[Membership | int] | None = None,
    first_moment: str = "baseline",
    second_moment: str = "month_12",
) -> dict[str, list[PairedValue]]:
    """paired_values for many measures and cohorts at once, in at most four queries.

    Give either ``cohort_ids`` (every membership of those cohorts, also those who left, as
    paired_values does) or ``memberships`` (Membership objects or ids: only those).
    ``measures`` mixes MEASURES keys and Instrument keys, as paired_values takes them.
    Returns every requested measure as a key, with its pairs in membership-id order
    (an empty list when nobody has both values): for each measure exactly what
    ``paired_values(cohort_ids=..., measure=..., ...)`` returns for the same memberships.
    """
    pair = (first_moment, second_moment)
    return paired_values_by_moments(
        measures=measures, cohort_ids=cohort_ids, memberships=memberships, moment_pairs=[pair]
    )[pair]


def paired_values_by_moments(
    *,
    measures: Iterable[str],
    moment_pairs: Iterable[tuple[str, str]],
    cohort_ids: Iterable[int] | None = None,
    memberships: Iterable[Membership | int] | None = None,
) -> dict[tuple[str, str], dict[str, list[PairedValue]]]:
    """paired_values_by_measure for several moment pairs from one fetch (at most 4 queries).

    ``moment_pairs`` such as [("baseline", "month_12"), ("baseline", "month_6"),
    ("baseline", "baseline")]; the result is keyed by those pairs, then by measure. Only
    rows inside the windows of the moments asked for are fetched (others never pair).
    """
    moment_pairs = list(dict.fromkeys(moment_pairs))
    _check_moment_keys(*(key for pair in moment_pairs for key in pair))
    if (cohort_ids is None) == (memberships is None):
        raise TypeError("Give either cohort_ids or memberships.")
    measures = list(dict.fromkeys(measures))
    result = {pair: {measure: [] for measure in measures} for pair in moment_pairs}
    clinical = [measure for measure in measures if measure in MEASURES]
    scales = [measure for measure in measures if measure not in MEASURES]
    if cohort_ids is not None:
        ids = list(cohort_ids)
        where = {"membership__cohort_id__in": ids}
        cohorts = Cohort.objects.filter(pk__in=ids)
    else:
        ids = [getattr(membership, "pk", membership) for membership in memberships]
        where = {"membership_id__in": ids}
        cohorts = Cohort.objects.filter(
            pk__in=Membership.objects.filter(pk__in=ids).values("cohort_id")
        )
    if not ids or not measures or not moment_pairs:
        return result
    moments = {
        cohort.pk: moments_for(cohort=cohort)
        for cohort in cohorts.prefetch_related("health_moments")
    }
    keys = {key for pair in moment_pairs for key in pair}
    wanted = [m for cohort_moments in moments.values() for m in cohort_moments if m.key in keys]
    if not wanted:
        return result
    fetched = []
    if clinical:
        fetched.append(
            Measurement.objects.filter(measure__in=clinical, **where)
            .filter(_window_filter(wanted, "measured_on"))
            .order_by()  # the pairing does not depend on order; the default one costs a sort
            .values_list(
                "measure", "membership_id", "membership__cohort_id", "measured_on", "value"
            )
        )
    if scales:
        fetched.append(
            QuestionnaireResponse.objects.filter(
                instrument__key__in=scales, score__isnull=False, **where
            )
            .filter(_window_filter(wanted, "completed_on"))
            .order_by()
            .values_list(
                "instrument__key",
                "membership_id",
                "membership__cohort_id",
                "completed_on",
                "score",
            )
        )
    rows: dict[str, dict[int, list]] = {measure: defaultdict(list) for measure in measures}
    cohort_of: dict[int, int] = {}
    for source in fetched:
        for measure, membership_id, cohort_id, day, value in source:
            rows[measure][membership_id].append((day, value))
            cohort_of[membership_id] = cohort_id
    for first_moment, second_moment in moment_pairs:
        for measure in measures:
            result[(first_moment, second_moment)][measure] = _pairs_from_rows(
                rows[measure], cohort_of, moments, first_moment, second_moment
            )
    return result


@dataclass(frozen=True)
class GoalCounts:
    participants: int
    participants_with_goal: int
    goals: int
    shared_goals: int
    goals_with_recent_check_in: int


def goal_counts(*, cohort_ids: list[int], recent: datetime.timedelta = RECENT_CHECK_IN):
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
    result = {}
    for cohort_id in cohort_ids:
        row = by_cohort.get(cohort_id, {})
        result[cohort_id] = GoalCounts(
            participants=participants.get(cohort_id, 0),
            participants_with_goal=row.get("people", 0),
            goals=row.get("goals", 0),
            shared_goals=row.get("shared", 0),
            goals_with_recent_check_in=row.get("recent", 0),
        )
    return result


def measurement_counts(*, cohort: Cohort) -> list[dict]:
    """Per moment: how many active participants have each expected value (numbers only)."""
    memberships = list(cohort.memberships.participants().active().only("pk", "cohort_id"))
    moments, rows = missing_measurements(cohort=cohort, memberships=memberships)
    counts = []
    for index, moment in enumerate(moments):
        complete = sum(1 for row in rows if not row.moments[index].missing)
        counts.append({"moment": moment, "complete": complete, "participants": len(memberships)})
    return counts
