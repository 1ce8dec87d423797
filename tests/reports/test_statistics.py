"""Checked against values computed elsewhere: R's t.test on Student's sleep data."""

import math
import statistics as pystats

import numpy as np
import pytest
from scipy import stats

from reports.statistics import paired_change

# Cushny & Peebles via Student (1908), R's `sleep` data set: extra hours of sleep.
DRUG_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
DRUG_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]


def test_paired_change_matches_r_on_the_sleep_data():
    # R: t.test(DRUG_2, DRUG_1, paired = TRUE)
    # t = 4.0621, df = 9, p-value = 0.002833, 95% CI 0.7001142 2.4598858, mean diff 1.58
    result = paired_change(DRUG_1, DRUG_2, lower_is_better=False)
    assert result.n == 10
    assert result.mean_change == pytest.approx(1.58)
    assert result.ci_low == pytest.approx(0.7001142, abs=1e-6)
    assert result.ci_high == pytest.approx(2.4598858, abs=1e-6)
    assert result.p_value == pytest.approx(0.002833, abs=1e-6)
    assert result.share_improved == pytest.approx(0.9)  # one person had no change


def test_means_and_spread_match_the_standard_library():
    result = paired_change(DRUG_1, DRUG_2, lower_is_better=True)
    assert result.baseline_mean == pytest.approx(pystats.mean(DRUG_1))
    assert result.baseline_sd == pytest.approx(pystats.stdev(DRUG_1))
    assert result.follow_up_sd == pytest.approx(pystats.stdev(DRUG_2))
    differences = [b - a for a, b in zip(DRUG_1, DRUG_2, strict=True)]
    t = pystats.mean(differences) / (pystats.stdev(differences) / math.sqrt(10))
    assert t == pytest.approx(4.0621, abs=1e-4)
    # lower is better for e.g. weight: one person stayed equal, nobody went down
    assert result.share_improved == 0


def test_fewer_than_two_pairs_give_no_statistics():
    assert paired_change([80.0], [78.0], lower_is_better=True) is None


def test_identical_changes_have_an_exact_interval():
    result = paired_change([80, 90, 100], [78, 88, 98], lower_is_better=True)
    assert (result.mean_change, result.ci_low, result.ci_high) == (-2, -2, -2)
    assert result.share_improved == 1


def test_unpaired_input_is_refused():
    with pytest.raises(ValueError):
        paired_change([1, 2], [1], lower_is_better=True)


@pytest.mark.parametrize("seed", range(5))
def test_the_summary_path_matches_scipys_paired_test_on_the_raw_pairs(seed):
    rng = np.random.default_rng(seed)
    before = rng.normal(92, 12, size=40)
    after = before + rng.normal(-2.5, 3, size=40)
    expected = stats.ttest_rel(after, before)
    interval = expected.confidence_interval(confidence_level=0.95)
    result = paired_change(list(before), list(after), lower_is_better=True)
    assert result.p_value == pytest.approx(expected.pvalue, rel=1e-9)
    assert (result.ci_low, result.ci_high) == pytest.approx((interval.low, interval.high))
    assert result.share_improved == pytest.approx(np.mean(after < before))
