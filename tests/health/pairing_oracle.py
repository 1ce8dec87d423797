"""The pairing rule in plain Python: the oracle the SQL pairing of reports/ is checked with.

Production pairs baseline and follow-up values in the database (reports/pairing.py: that
is the rule). This slower Python version, once in health/selectors.py, is kept here only
so tests (and bench/health_pairs.py) can compare the SQL against an independent reading
of the same rule: per participant and measure, at each moment the value nearest the
moment's target date within its window (ties: the earlier day, then the lower value).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from groups.models import Cohort, Membership
from health.measures import MEASURES
from health.models import Measurement, QuestionnaireResponse
from health.selectors import DEFAULT_MOMENTS, Moment, moments_for


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
