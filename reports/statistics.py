"""Before/after statistics for outcome measures, computed with SciPy."""

from dataclasses import dataclass

import numpy as np
from scipy import stats


@dataclass(frozen=True)
class PairedChange:
    """Baseline and follow-up values of the same people, and what changed."""

    n: int
    baseline_mean: float
    baseline_sd: float
    follow_up_mean: float
    follow_up_sd: float
    mean_change: float
    ci_low: float
    ci_high: float
    p_value: float
    share_improved: float


def paired_change(
    baseline: list[float], follow_up: list[float], *, lower_is_better: bool
) -> PairedChange | None:
    """Paired t-test of follow-up against baseline; None when fewer than two pairs."""
    if len(baseline) != len(follow_up):
        raise ValueError("baseline and follow-up must pair up")
    n = len(baseline)
    if n < 2:
        return None
    before = np.asarray(baseline, dtype=float)
    after = np.asarray(follow_up, dtype=float)
    change = after - before
    if np.all(change == change[0]):
        # No spread in the change: the t-test is undefined, the change itself is exact.
        ci_low = ci_high = float(change[0])
        p_value = 1.0 if change[0] == 0 else 0.0
    else:
        result = stats.ttest_rel(after, before)
        interval = result.confidence_interval(confidence_level=0.95)
        ci_low, ci_high, p_value = float(interval.low), float(interval.high), float(result.pvalue)
    improved = change < 0 if lower_is_better else change > 0
    return PairedChange(
        n=n,
        baseline_mean=float(before.mean()),
        baseline_sd=float(before.std(ddof=1)),
        follow_up_mean=float(after.mean()),
        follow_up_sd=float(after.std(ddof=1)),
        mean_change=float(change.mean()),
        ci_low=ci_low,
        ci_high=ci_high,
        p_value=p_value,
        share_improved=float(improved.mean()),
    )
