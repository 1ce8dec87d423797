"""The funder tries to take the reports apart: counts.

The attacker knows the method and its public parameters (docs/disclosure-control.md):
a released count r of a true count n satisfies n in possible_true_counts(r). An attack
combines released figures (subtraction of nested reports, margins, one period against
another, share x n) into the set of values a hidden count can still have. It succeeds
when that set holds one value only. Each test also checks that the true value is in the
attacker's set, so the attacker's model is right and a pass means something.
"""

import itertools

import pytest
import time_machine
from django.urls import reverse
from django.utils.translation import gettext as _

from groups.models import Membership
from reports.disclosure import possible_true_counts, threshold
from reports.reach_tables import count_header

from .attack_world import NOW, build_funder_world, harvest, number
from .attacks_safety import SAFETY_ATTACKS

pytestmark = pytest.mark.django_db


def candidates(released: float | None) -> set[int]:
    assert released is not None, "a count is never withheld, only perturbed"
    return set(possible_true_counts(int(released)))


def combine(total: set[int], parts: list[set[int]]) -> set[int]:
    """total - sum(parts) over every combination the attacker cannot rule out."""
    return {t - sum(p) for t in total for p in itertools.product(*parts)}


def reach(figures, label: str) -> float | None:
    return number(figures, "reach", _(label), count_header())


REACH = [
    "Referred by the practices",
    "Enrolled (accepted the agreement)",
    "Active at the end of the period",
    "Left",
    "Finished the programme",
]


def true_reach(funder_world, name: str, end) -> dict[str, int]:
    """The true figures of a cohort at the end of a period, from the rows themselves."""
    import datetime

    end_dt = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min)
    end_dt = end_dt.replace(tzinfo=datetime.UTC)
    members = Membership.objects.filter(
        cohort=funder_world.cohorts[name], role__in=Membership.PARTICIPANT_ROLES
    )
    enrolled = [m for m in members if m.accepted_at and m.accepted_at < end_dt]
    closed = [m for m in enrolled if m.ended_at and m.ended_at < end_dt]
    return {
        REACH[0]: sum(m.created_at < end_dt for m in members),
        REACH[1]: len(enrolled),
        REACH[2]: len(enrolled) - len(closed),
        REACH[3]: sum(m.status == Membership.Status.LEFT for m in closed),
        REACH[4]: sum(m.status == Membership.Status.FINISHED for m in closed),
    }


def period_ends(client, funder_world) -> dict[str, object]:
    from reports.periods import fixed_periods

    first = min(c.start_date for c in funder_world.cohorts.values())
    return {p.key: p for p in fixed_periods(first_day=first, today=NOW.date())}


def attack_no_released_count_is_1_to_k_minus_1(attacked):
    _world, found, _client = attacked
    k = threshold()
    counts = 0
    for figures in found.values():
        for (section, _measure, _moment, _statistic), (value, withheld, unit) in figures.items():
            if unit == "count":  # people (cohorts and sessions are "exact")
                assert not withheld
                assert not 0 < float(value) < k, (section, value)
                counts += 1
    assert counts > 500  # every report and period was read


def attack_nested_reports_subtraction_leaves_the_small_cohort_hidden(attacked):
    """Funder report minus the cohorts it shows, for every count and every period."""
    funder_world, found, client = attacked
    periods = period_ends(client, funder_world)
    tried = 0
    for period, span in periods.items():
        funder = found[("funder", period)]
        small = found[("Groep Klein", period)]
        others = [found[("Groep Groot", period)], found[("Groep Midden", period)]]
        truth = true_reach(funder_world, "Groep Klein", span.end)
        for label in REACH:
            hidden = combine(
                candidates(reach(funder, label)), [candidates(reach(f, label)) for f in others]
            )
            hidden &= candidates(reach(small, label))
            assert truth[label] in hidden, (period, label)
            if 0 < truth[label] < threshold():
                assert len(hidden) >= 2, (period, label, hidden)
                tried += 1
    assert tried >= 20


def attack_number_of_pairs_by_subtraction_stays_hidden(attacked):
    _world, found, _client = attacked
    key = (_("Weight"), "outcomes")
    for moment in (_("6 months"), _("12 months")):
        values = {}
        for report in ("funder", "Groep Groot", "Groep Midden", "Groep Klein"):
            values[report] = number(
                found[(report, "start")], "outcomes", f"{key[0]} (kg)", _("n (pairs)"), moment
            )
        hidden = combine(
            candidates(values["funder"]),
            [candidates(values["Groep Groot"]), candidates(values["Groep Midden"])],
        ) & candidates(values["Groep Klein"])
        truth = 3 if moment == _("12 months") else 0
        assert truth in hidden
        if truth:
            assert len(hidden) >= 2


def attack_margins_inside_one_report_do_not_give_the_leavers(attacked):
    """Left = enrolled - active - finished; fill rate x places; goals' active count."""
    funder_world, found, client = attacked
    for report in ("Groep Klein", "funder"):
        figures = found[(report, "start")]
        left = combine(
            candidates(reach(figures, REACH[1])),
            [candidates(reach(figures, REACH[2])), candidates(reach(figures, REACH[4]))],
        ) & candidates(reach(figures, REACH[3]))
        truth = true_reach(
            funder_world, "Groep Klein", period_ends(client, funder_world)["start"].end
        )
        if report == "Groep Klein":
            assert truth[REACH[3]] in left and len(left) >= 2
        # the fill rate is the released active count over the places: nothing more
        places = 20 * (1 if report == "Groep Klein" else 3)
        fill_label = _("Fill rate (active participants of %(places)d places)") % {"places": places}
        fill = number(figures, "reach", fill_label, count_header())
        active = reach(figures, REACH[2])
        assert round(fill * places) == active
        # the goals table's active participants are the same people: the same figure
        goals_active = number(figures, "goals", _("Active participants"), _("Value"))
        assert goals_active == active


def attack_zeros_next_to_one_reason_do_not_tell_every_leavers_reason(attacked):
    """Groep Midden: both leavers left for health reasons; the other reasons are 0."""
    _world, found, _client = attacked
    labels = dict(Membership.LeaveReason.choices)
    for report in ("Groep Midden", "Groep Klein", "funder"):
        figures = found[(report, "start")]
        for _key, label in labels.items():
            released = number(figures, "left_reasons", str(label), count_header())
            # a released 0 may hide 1 to k-1 leavers: nobody's reason follows from a 0
            if released == 0:
                assert candidates(released) == set(range(threshold()))
        health = number(figures, "left_reasons", str(labels["health"]), count_header())
        left = reach(figures, REACH[3])
        others = [
            candidates(number(figures, "left_reasons", str(label), count_header()))
            for key, label in labels.items()
            if key != "health"
        ]
        by_margin = combine(candidates(left), others) & candidates(health)
        assert len(by_margin) >= 2, (report, by_margin)


def attack_one_period_against_the_next_does_not_give_who_left_when(attacked):
    funder_world, found, client = attacked
    periods = period_ends(client, funder_world)
    months = sorted(
        (p for p in periods.values() if p.key.startswith("maand-")), key=lambda p: p.end
    )
    tried = 0
    for report, name in (
        ("Groep Klein", "Groep Klein"),
        ("Groep Midden", "Groep Midden"),
        ("Groep Groot", "Groep Groot"),
    ):
        for before, after in itertools.pairwise(months):
            left_before = reach(found[(report, before.key)], REACH[3])
            left_after = reach(found[(report, after.key)], REACH[3])
            in_month = combine(candidates(left_after), [candidates(left_before)])
            truth = (
                true_reach(funder_world, name, after.end)[REACH[3]]
                - true_reach(funder_world, name, before.end)[REACH[3]]
            )
            assert truth in in_month
            if truth:
                assert len(in_month & set(range(0, 10))) >= 2
                tried += 1
    assert tried == 3  # leavers in three different months (two in one)


def attack_share_times_n_gives_no_exact_count(attacked):
    """'Improved 80 % of n = 5': every share is a released count over a released count."""
    _world, found, _client = attacked
    tried = 0
    for (_report, _period), figures in found.items():
        for (section, measure, moment, statistic), (value, withheld, _unit) in figures.items():
            if section != "outcomes" or statistic != _("Improved") or withheld or value == "":
                continue
            n = number(figures, section, measure, _("n (pairs)"), moment)
            improved = float(value) * n
            assert abs(improved - round(improved)) < 1e-6  # a released count, not a true one
            assert len(candidates(round(improved))) >= 2
            tried += 1
    assert tried >= 4


def attack_asking_again_gives_the_same_figures(attacked):
    """The noise is fixed by the people: no averaging over repeated requests."""
    funder_world, found, client = attacked
    url = reverse("reports:report_export", args=["financier", funder_world.funder.pk, "long.csv"])
    again = client.get(url, {"periode": "start"}).content.decode()
    once_more = client.get(url, {"periode": "start"}).content.decode()
    assert again == once_more
    assert len(found[("funder", "start")]) > 50


def attack_funders_get_fixed_periods_and_no_free_day_ranges(attacked):
    funder_world, _found, client = attacked
    url = reverse("reports:report", args=["financier", funder_world.funder.pk])
    one_day = client.get(url, {"start": "2026-01-13", "end": "2026-01-13"}).content.decode()
    assert "13 januari 2026 tot en met 13 januari 2026" not in one_day
    assert 'name="start"' not in one_day  # no free dates in the form
    periods = period_ends(client, funder_world)
    for period in periods.values():
        assert (period.end - period.start).days >= 27  # at least a month
        assert period.end < NOW.date().replace(day=1)  # closed before this month
    bad = client.get(url, {"periode": "dag-2026-01-13"})
    assert bad.status_code == 200
    assert "Kies een van de perioden" in bad.content.decode()


COUNT_ATTACKS = [
    attack_no_released_count_is_1_to_k_minus_1,
    attack_nested_reports_subtraction_leaves_the_small_cohort_hidden,
    attack_number_of_pairs_by_subtraction_stays_hidden,
    attack_margins_inside_one_report_do_not_give_the_leavers,
    attack_zeros_next_to_one_reason_do_not_tell_every_leavers_reason,
    attack_one_period_against_the_next_does_not_give_who_left_when,
    attack_share_times_n_gives_no_exact_count,
    attack_asking_again_gives_the_same_figures,
    attack_funders_get_fixed_periods_and_no_free_day_ranges,
    *SAFETY_ATTACKS,
]


def test_every_count_attack_fails(client, world):
    """One world and one harvest of every report, period and export for all attacks (the
    world takes a while to build through the services)."""
    funder_world = build_funder_world(world)
    client.force_login(world.frank)
    with time_machine.travel(NOW, tick=False):
        attacked = (funder_world, harvest(client, funder_world), client)
        for attack in COUNT_ATTACKS:
            attack(attacked)


def test_the_guess_by_subtraction_is_right_no_more_often_than_chance(world, settings):
    """The naive attacker guesses the hidden cohort's enrolled count as funder minus the
    others. Over 24 secrets (different record keys) the guess is right rarely."""
    from reports.builder import build_report
    from reports.exports import long_rows
    from reports.sections import Scope

    funder_world = build_funder_world(world)
    cohorts = funder_world.cohorts
    label = _("Enrolled (accepted the agreement)")
    right = 0
    with time_machine.travel(NOW, tick=False):
        for secret in range(24):
            settings.REPORT_CELL_KEY_SECRET = f"attack-{secret}"
            released = {}
            for name, ids in (
                ("funder", tuple(c.pk for c in cohorts.values())),
                *((n, (c.pk,)) for n, c in cohorts.items()),
            ):
                report = build_report(
                    title="t",
                    subtitle="",
                    scope=Scope(ids, cohorts["Groep Groot"].start_date, NOW.date()),
                )
                rows = {(r[0], r[1], r[3]): r[4] for r in long_rows(report)}
                released[name] = rows[("reach", label, count_header())]
            guess = released["funder"] - released["Groep Groot"] - released["Groep Midden"]
            right += guess == 3
    assert right <= 12, right  # at most half the time, and never knowingly
