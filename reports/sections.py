"""The sections of a report, each computed with a fixed number of aggregate queries.

Every section returns counts or summaries over people, never a person: suppression of
small numbers happens in reports.builder, where figures are shown.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q

from groups.models import MAX_PARTICIPANTS, Cohort, Membership

from .register_sums import register_sums
from .statistics import PairSummary


@dataclass(frozen=True)
class Scope:
    """What a report is about: a set of cohorts over a period."""

    cohort_ids: tuple[int, ...]
    start: datetime.date
    end: datetime.date

    @property
    def end_of_period(self) -> datetime.datetime:
        return datetime.datetime.combine(
            self.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=datetime.UTC
        )


@dataclass
class Retention:
    cohorts: int
    referred: int
    enrolled: int
    active: int
    left: int
    finished: int
    places: int
    left_reasons: dict[str, int] = field(default_factory=dict)


def reach_and_retention(scope: Scope) -> Retention:
    """Who was referred, enrolled, is active, left or finished by the end of the period."""
    end = scope.end_of_period
    participants = Membership.objects.filter(
        cohort_id__in=scope.cohort_ids,
        role__in=Membership.PARTICIPANT_ROLES,
        created_at__lt=end,
    )
    enrolled = Q(accepted_at__lt=end)
    closed = Q(ended_at__lt=end)
    totals = participants.aggregate(
        referred=Count("pk"),
        enrolled=Count("pk", filter=enrolled),
        active=Count("pk", filter=enrolled & ~closed),
        left=Count("pk", filter=enrolled & closed & Q(status=Membership.Status.LEFT)),
        finished=Count("pk", filter=enrolled & closed & Q(status=Membership.Status.FINISHED)),
    )
    reasons = dict(
        participants.filter(enrolled & closed & Q(status=Membership.Status.LEFT))
        .values_list("end_reason_category")
        .annotate(count=Count("pk"))
        .order_by()
    )
    left_reasons = {
        category: reasons.get(category, 0) for category in Membership.LeaveReason.values
    }
    left_reasons[Membership.LeaveReason.OTHER] += reasons.get("", 0)
    cohorts = Cohort.objects.filter(pk__in=scope.cohort_ids).count()
    return Retention(
        cohorts=cohorts,
        places=cohorts * MAX_PARTICIPANTS,
        left_reasons=left_reasons,
        **totals,
    )


# --- attendance --------------------------------------------------------------------------


@dataclass
class AttendanceSummary:
    sessions_held: int
    participants: int
    mean_rate: float | None
    buckets: dict[str, int]
    months: list["MonthAttendance"]


@dataclass
class MonthAttendance:
    month: datetime.date
    sessions: int
    # The largest register of a session that month: at least this many different people
    # make up the month's rate, which is what small-number suppression needs to know.
    participants: int
    rate: float | None


def attendance(scope: Scope) -> AttendanceSummary:
    """Sessions held and how often participants came, from the attendance register.

    The sums come from reports.register_sums in one pass over the register (PostgreSQL);
    the number of queries and the rows fetched do not grow with the number of people.
    """
    start = datetime.datetime.combine(scope.start, datetime.time.min, tzinfo=datetime.UTC)
    people, month_sums = register_sums(
        cohort_ids=scope.cohort_ids, start=start, end=scope.end_of_period
    )
    participants = people.participants
    buckets = {
        "below_50": people.below_50,
        "50_to_80": participants - people.below_50 - people.above_80,
        "above_80": people.above_80,
    }
    months = [
        MonthAttendance(
            month=sums.month,
            sessions=sums.sessions,
            participants=sums.largest,
            rate=sums.present / sums.recorded,
        )
        for sums in month_sums
    ]
    return AttendanceSummary(
        sessions_held=sum(month.sessions for month in months),  # a session is in one month
        participants=participants,
        mean_rate=people.mean_rate,
        buckets=buckets,
        months=months,
    )


# --- outcomes ----------------------------------------------------------------------------


@dataclass(frozen=True)
class OutcomeMeasure:
    key: str
    lower_is_better: bool
    binary: bool = False


OUTCOME_MEASURES = [
    OutcomeMeasure("weight", lower_is_better=True),
    OutcomeMeasure("bmi", lower_is_better=True),
    OutcomeMeasure("waist", lower_is_better=True),
    OutcomeMeasure("hba1c", lower_is_better=True),
    OutcomeMeasure("cholesterol_total", lower_is_better=True),
    OutcomeMeasure("ldl", lower_is_better=True),
    OutcomeMeasure("bp_systolic", lower_is_better=True),
    OutcomeMeasure("bp_diastolic", lower_is_better=True),
    OutcomeMeasure("glucose_drugs", lower_is_better=True),
    OutcomeMeasure("insulin", lower_is_better=True, binary=True),
]


@dataclass
class Outcome:
    measure: OutcomeMeasure
    follow_up_moment: str
    measured_at_baseline: int
    pairs: PairSummary | None  # the pairs summed up; None when nobody has both values

    @property
    def n(self) -> int:
        return self.pairs.n if self.pairs else 0

    @property
    def left_out(self) -> int:
        """Measured at baseline but missing at follow-up (or the reverse)."""
        return max(self.measured_at_baseline - self.n, 0)


def outcomes(scope: Scope) -> list[Outcome]:
    """Baseline against 12 months (or 6 months while no 12-month values exist yet).

    reports.pairing pairs every measure of every cohort with health's pairing rule and
    sums the pairs up, in one query.
    """
    from health.models import Instrument

    from .pairing import outcome_summaries

    measures = OUTCOME_MEASURES + [
        OutcomeMeasure(key, lower_is_better=False)
        for key in Instrument.objects.filter(responses__isnull=False)
        .values_list("key", flat=True)
        .distinct()
        .order_by("key")
    ]
    summaries = outcome_summaries(cohort_ids=scope.cohort_ids, measures=[m.key for m in measures])
    results = []
    for measure in measures:
        summary = summaries[measure.key]
        second = "month_12" if summary.with_follow_up["month_12"] else "month_6"
        results.append(
            Outcome(
                measure=measure,
                follow_up_moment=second,
                measured_at_baseline=summary.measured_at_baseline,
                pairs=summary.pairs.get(second),
            )
        )
    return results


# --- goals and money ---------------------------------------------------------------------


@dataclass
class GoalSummary:
    participants: int
    participants_with_goal: int
    goals: int
    goals_with_recent_check_in: int


def goals(scope: Scope) -> GoalSummary:
    from health.selectors import goal_counts

    counts = goal_counts(cohort_ids=list(scope.cohort_ids)).values()
    return GoalSummary(
        participants=sum(c.participants for c in counts),
        participants_with_goal=sum(c.participants_with_goal for c in counts),
        goals=sum(c.goals for c in counts),
        goals_with_recent_check_in=sum(c.goals_with_recent_check_in for c in counts),
    )


@dataclass
class Money:
    cost_per_participant_cents: int | None
    collected_cents: int
    waived_cents: int
    outstanding_cents: int


def money(scope: Scope) -> Money:
    """Programme cost per participant (mean over cohorts where entered) and contributions."""

    from contributions.selectors import cohort_totals

    from .models import CohortCost

    cost = CohortCost.objects.filter(cohort_id__in=scope.cohort_ids).aggregate(
        mean=Avg("cost_per_participant_cents")
    )["mean"]
    totals = cohort_totals(cohort_ids=list(scope.cohort_ids), start=scope.start, end=scope.end)
    return Money(
        cost_per_participant_cents=round(cost) if cost is not None else None,
        collected_cents=totals.collected_cents,
        waived_cents=totals.waived_cents,
        outstanding_cents=totals.outstanding_cents,
    )
