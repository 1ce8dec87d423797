"""The sections of a report, each computed with a fixed number of aggregate queries.

Every section returns counts and sums per cohort (or cohort-month), with the record-key
sums disclosure control needs (reports.disclosure), never a person. What is released is
decided in reports.builder.

One meaning of the period for every section: reach and goals at the period's end;
attendance and money within it; outcomes of the moments whose window closed within it.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Aggregate, Count, Q, Sum

from groups.models import MAX_PARTICIPANTS, Cohort, Membership

from .attendance_blocks import CohortAttendance, MonthAttendance, attendance_blocks
from .disclosure import Cell, RecordKey
from .pairing import ids_in


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

    @property
    def start_of_period(self) -> datetime.datetime:
        return datetime.datetime.combine(self.start, datetime.time.min, tzinfo=datetime.UTC)


def cohort_names(scope: Scope) -> dict[int, str]:
    return dict(
        Cohort.objects.filter(pk__in=ids_in(scope.cohort_ids))
        .order_by("name")
        .values_list("pk", "name")
    )


# --- reach and retention -----------------------------------------------------------------

RETENTION_CELLS = ("referred", "enrolled", "active", "left", "finished")


@dataclass
class Retention:
    cells: dict[str, Cell] = field(default_factory=dict)
    left_reasons: dict[str, Cell] = field(default_factory=dict)


def reach_and_retention(scope: Scope) -> dict[int, Retention]:
    """Per cohort: referred, enrolled, active, left (by reason) or finished at the end."""
    end = scope.end_of_period
    enrolled = Q(accepted_at__lt=end)
    closed = Q(ended_at__lt=end)
    left = enrolled & closed & Q(status=Membership.Status.LEFT)
    conditions = {
        "referred": Q(),
        "enrolled": enrolled,
        "active": enrolled & ~closed,
        "left": left,
        "finished": enrolled & closed & Q(status=Membership.Status.FINISHED),
    }
    reasons = list(Membership.LeaveReason.values)
    for reason in reasons:
        category = Q(end_reason_category=reason)
        if reason == Membership.LeaveReason.OTHER:
            category |= Q(end_reason_category="")
        conditions[f"reason_{reason}"] = left & category
    aggregates: dict[str, Aggregate] = {}
    for name, condition in conditions.items():
        aggregates[f"{name}_n"] = Count("pk", filter=condition)
        aggregates[f"{name}_k"] = Sum(RecordKey("person_id"), filter=condition, default=0)
    # one column per condition, named at run time
    rows: Iterable[Mapping[str, Any]] = (
        Membership.objects.filter(
            cohort_id__in=ids_in(scope.cohort_ids),
            role__in=Membership.PARTICIPANT_ROLES,
            created_at__lt=end,
        )
        .values("cohort_id")
        .annotate(**aggregates)
        .order_by()
    )
    result = {pk: Retention() for pk in scope.cohort_ids}
    cell_columns = [(name, f"{name}_n", f"{name}_k") for name in RETENTION_CELLS]
    reason_columns = [(reason, f"reason_{reason}_n", f"reason_{reason}_k") for reason in reasons]
    for row in rows:
        result[row["cohort_id"]] = Retention(
            cells={name: Cell(row[n], row[k]) for name, n, k in cell_columns},
            left_reasons={reason: Cell(row[n], row[k]) for reason, n, k in reason_columns},
        )
    for retention in result.values():
        for name in RETENTION_CELLS:
            retention.cells.setdefault(name, Cell())
        for reason in reasons:
            retention.left_reasons.setdefault(reason, Cell())
    return result


PLACES_PER_COHORT = MAX_PARTICIPANTS


# --- attendance --------------------------------------------------------------------------


def attendance(scope: Scope) -> tuple[dict[int, CohortAttendance], dict]:
    return attendance_blocks(
        cohort_ids=scope.cohort_ids, start=scope.start_of_period, end=scope.end_of_period
    )


def attendance_and_first_sessions(scope: Scope):
    """attendance(scope) and retention_months.first_sessions(scope): on PostgreSQL in one
    pass over the register (reports.attendance_blocks.with_first_sessions)."""
    from django.db import connection

    from .attendance_blocks import with_first_sessions
    from .retention_months import first_sessions

    if connection.vendor == "postgresql":
        return with_first_sessions(
            cohort_ids=scope.cohort_ids, start=scope.start_of_period, end=scope.end_of_period
        )
    return (*attendance(scope), first_sessions(scope))


__all__ = ["CohortAttendance", "MonthAttendance"]


# --- outcomes ----------------------------------------------------------------------------


@dataclass(frozen=True)
class OutcomeMeasure:
    key: str
    lower_is_better: bool
    binary: bool = False


CLINICAL_OUTCOMES = [
    ("weight", True),
    ("bmi", True),
    ("waist", True),
    ("hba1c", True),
    ("cholesterol_total", True),
    ("ldl", True),
    ("bp_systolic", True),
    ("bp_diastolic", True),
    ("glucose_drugs", True),
    ("insulin", True),
]


def outcome_measures() -> list[OutcomeMeasure]:
    from health.measures import MEASURES
    from health.models import Instrument

    measures = [
        OutcomeMeasure(key, lower, binary=key in MEASURES and MEASURES[key].yes_no)
        for key, lower in CLINICAL_OUTCOMES
    ]
    return measures + [
        OutcomeMeasure(key, lower_is_better=False)
        for key in Instrument.objects.filter(responses__isnull=False)
        .values_list("key", flat=True)
        .distinct()
        .order_by("key")
    ]


def outcomes(scope: Scope):
    """Per (measure, cohort) and follow-up moment: the blocks of reports.outcome_blocks;
    and who was expected at the moments whose window closed within the period (only those
    moments are shown; the pairs of a moment do not depend on the period)."""
    from .outcome_blocks import expected_at_moments, outcome_blocks
    from .pairing import moment_rows

    measures = outcome_measures()
    period = (scope.start, scope.end)
    moments = moment_rows(scope.cohort_ids)
    blocks = outcome_blocks(
        cohort_ids=scope.cohort_ids, measures=[m.key for m in measures], moments=moments
    )
    expected = expected_at_moments(
        cohort_ids=scope.cohort_ids, closed_within=period, moments=moments
    )
    return measures, blocks, expected


# --- goals and money ---------------------------------------------------------------------

RECENT_CHECK_IN = datetime.timedelta(days=28)


@dataclass
class Goals:
    participants: Cell = field(default_factory=Cell)
    with_goal: Cell = field(default_factory=Cell)
    goals: int = 0
    goals_checked_in: int = 0


def goals(scope: Scope) -> dict[int, Goals]:
    """Per cohort, at the period's end: participants active then, those with a goal set
    by then, their goals, and goals with a check-in in the four weeks before the end."""
    from health.models import CheckIn, Goal

    end = scope.end_of_period
    active = Q(accepted_at__lt=end) & (Q(ended_at__isnull=True) | Q(ended_at__gte=end))
    members = Membership.objects.filter(
        active, cohort_id__in=ids_in(scope.cohort_ids), role__in=Membership.PARTICIPANT_ROLES
    )
    people = members.values("cohort_id").annotate(
        n=Count("pk"), k=Sum(RecordKey("person_id"), default=0)
    )
    with_goal = (
        members.filter(pk__in=Goal.objects.filter(created_at__lt=end).values("membership_id"))
        .values("cohort_id")
        .annotate(n=Count("pk"), k=Sum(RecordKey("person_id"), default=0))
    )
    recent = CheckIn.objects.filter(created_at__lt=end, created_at__gte=end - RECENT_CHECK_IN)
    goal_rows = (
        Goal.objects.filter(created_at__lt=end, membership__in=members)
        .values("membership__cohort_id")
        .annotate(
            goals=Count("pk", distinct=True),
            recent=Count("pk", filter=Q(pk__in=recent.values("goal_id")), distinct=True),
        )
    )
    result = {pk: Goals() for pk in scope.cohort_ids}
    for row in people.order_by():
        result[row["cohort_id"]].participants = Cell(row["n"], int(row["k"]))
    for row in with_goal.order_by():
        result[row["cohort_id"]].with_goal = Cell(row["n"], int(row["k"]))
    for goal_row in goal_rows.order_by():
        block = result[goal_row["membership__cohort_id"]]
        block.goals, block.goals_checked_in = goal_row["goals"], goal_row["recent"]
    return result


@dataclass
class MoneyBlock:
    """One cohort over the period's months of the ledger: amounts, people and the cell
    keys of the ledger lines, per status."""

    cents: dict[str, int] = field(default_factory=dict)
    people: dict[str, int] = field(default_factory=dict)
    lines: dict[str, Cell] = field(default_factory=dict)
    largest: dict[str, int] = field(default_factory=dict)


MONEY_STATUSES = ("collected", "waived", "outstanding")


def money(scope: Scope) -> tuple[dict[int, int], dict[int, MoneyBlock]]:
    """Cost per participant per cohort (as entered) and the ledger per cohort."""
    from django.db.models import F, Max
    from django.db.models.functions import ExtractMonth, ExtractYear

    from contributions.models import LedgerLine, month_start

    from .models import CohortCost

    costs = dict(
        CohortCost.objects.filter(cohort_id__in=ids_in(scope.cohort_ids)).values_list(
            "cohort_id", "cost_per_participant_cents"
        )
    )
    statuses = {
        "collected": Q(status=LedgerLine.Status.PAID),
        "waived": Q(status=LedgerLine.Status.WAIVED),
        "outstanding": Q(status__in=LedgerLine.OPEN_STATUSES),
    }
    # a line's record key: the person's key plus the month's (a person has one a month)
    month_number = ExtractYear("month") * 12 + ExtractMonth("month")
    aggregates: dict[str, Aggregate] = {}
    for name, condition in statuses.items():
        aggregates[f"{name}_cents"] = Sum("amount_cents", filter=condition, default=0)
        aggregates[f"{name}_people"] = Count("membership_id", filter=condition, distinct=True)
        aggregates[f"{name}_lines"] = Count("pk", filter=condition)
        aggregates[f"{name}_keys"] = Sum(
            RecordKey("membership__person_id"), filter=condition, default=0
        )
        aggregates[f"{name}_months"] = Sum(month_number, filter=condition, default=0)
        aggregates[f"{name}_largest"] = Max("amount_cents", filter=condition, default=0)
    rows: Iterable[Mapping[str, Any]] = (
        LedgerLine.objects.filter(
            membership__cohort_id__in=ids_in(scope.cohort_ids),
            month__gte=month_start(scope.start),
            month__lte=month_start(scope.end),
        )
        .values(cohort_id=F("membership__cohort_id"))
        .annotate(**aggregates)
        .order_by()
    )
    blocks = {}
    for row in rows:
        block = MoneyBlock()
        for name in statuses:
            block.cents[name] = row[f"{name}_cents"]
            block.people[name] = row[f"{name}_people"]
            keys = int(row[f"{name}_keys"]) + int(row[f"{name}_months"])
            block.lines[name] = Cell(row[f"{name}_lines"], keys)
            block.largest[name] = row[f"{name}_largest"]
        blocks[row["cohort_id"]] = block
    return costs, blocks
