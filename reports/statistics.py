"""Before/after statistics for outcome measures, computed with SciPy.

The database sums up the pairs of every measure and cohort (reports.outcome_blocks), so
the paired t-test here starts from the summary of the changes: their number, mean and
standard deviation. SciPy's t distribution gives the confidence interval and the p-value;
tests check the result against R and against ``scipy.stats.ttest_rel`` on the raw pairs.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats


@dataclass(frozen=True)
class PairSummary:
    """The pairs of one measure, summed up: what the paired t-test needs and no person."""

    n: int
    baseline_mean: float
    baseline_sd: float
    follow_up_mean: float
    follow_up_sd: float
    change_mean: float
    change_sd: float
    went_down: int
    went_up: int


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
    # Cohen's d_z: the mean change over the standard deviation of the changes (None
    # when every change was the same)
    d_z: float | None = None

    @property
    def nothing_changed(self) -> bool:
        return self.mean_change == 0 and self.ci_low == self.ci_high == 0


def summarise(baseline: list[float], follow_up: list[float]) -> PairSummary:
    """The summary of pairs held in memory (the database makes the same in SQL)."""
    if len(baseline) != len(follow_up):
        raise ValueError("baseline and follow-up must pair up")
    before = np.asarray(baseline, dtype=float)
    after = np.asarray(follow_up, dtype=float)
    change = after - before
    n = len(change)
    spread = (lambda values: float(values.std(ddof=1))) if n > 1 else (lambda values: math.nan)
    return PairSummary(
        n=n,
        baseline_mean=float(before.mean()) if n else math.nan,
        baseline_sd=spread(before),
        follow_up_mean=float(after.mean()) if n else math.nan,
        follow_up_sd=spread(after),
        change_mean=float(change.mean()) if n else math.nan,
        change_sd=spread(change),
        went_down=int((change < 0).sum()),
        went_up=int((change > 0).sum()),
    )


def summary_from_sums(
    n: int, sums: Sequence[float], *, went_down: int, went_up: int
) -> PairSummary:
    """The summary from the database's sums and sums of squares of the pairs' baseline,
    follow-up and change values (in that order): means and sample standard deviations.

    The sums are of double precision values with two decimals: for any programme size the
    rounding they carry stays far below the one decimal a report shows.
    """
    figures: list[float] = []
    for total, squares in zip(sums[::2], sums[1::2], strict=True):
        mean = float(total) / n
        if n > 1:
            figures += [mean, math.sqrt(max((float(squares) - n * mean * mean) / (n - 1), 0.0))]
        else:
            figures += [mean, math.nan]
    baseline_mean, baseline_sd, follow_up_mean, follow_up_sd, change_mean, change_sd = figures
    return PairSummary(
        n=n,
        baseline_mean=baseline_mean,
        baseline_sd=baseline_sd,
        follow_up_mean=follow_up_mean,
        follow_up_sd=follow_up_sd,
        change_mean=change_mean,
        change_sd=change_sd,
        went_down=went_down,
        went_up=went_up,
    )


def paired_change_from_summary(
    summary: PairSummary, *, lower_is_better: bool
) -> PairedChange | None:
    """Paired t-test of follow-up against baseline; None when fewer than two pairs."""
    n = summary.n
    if n < 2:
        return None
    mean = summary.change_mean
    # Sums in the database leave rounding noise where every change was the same.
    if summary.change_sd <= 1e-12 * max(1.0, abs(mean)):
        # No spread in the change: the t-test is undefined, the change itself is exact.
        ci_low = ci_high = mean
        p_value = 1.0 if mean == 0 else 0.0
    else:
        standard_error = summary.change_sd / math.sqrt(n)
        distribution = stats.t(df=n - 1, loc=mean, scale=standard_error)
        ci_low, ci_high = (float(bound) for bound in distribution.interval(0.95))
        # two-sided: the chance of a mean change at least this far from no change
        p_value = float(2 * stats.t.sf(abs(mean) / standard_error, df=n - 1))
    improved = summary.went_down if lower_is_better else summary.went_up
    spread = summary.change_sd > 1e-12 * max(1.0, abs(mean))
    return PairedChange(
        n=n,
        baseline_mean=summary.baseline_mean,
        baseline_sd=summary.baseline_sd,
        follow_up_mean=summary.follow_up_mean,
        follow_up_sd=summary.follow_up_sd,
        mean_change=mean,
        ci_low=ci_low,
        ci_high=ci_high,
        p_value=p_value,
        share_improved=improved / n,
        d_z=mean / summary.change_sd if spread else None,
    )


def mcnemar_exact(stopped: int, started: int) -> float:
    """McNemar's exact test for paired yes/no values: a two-sided binomial test of the
    discordant pairs (yes to no against no to yes) at one half (SciPy)."""
    discordant = stopped + started
    if discordant == 0:
        return 1.0
    return float(stats.binomtest(stopped, discordant, 0.5).pvalue)


def paired_change(
    baseline: list[float], follow_up: list[float], *, lower_is_better: bool
) -> PairedChange | None:
    """The paired t-test on pairs held in memory."""
    return paired_change_from_summary(
        summarise(baseline, follow_up), lower_is_better=lower_is_better
    )
