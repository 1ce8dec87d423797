"""Attacks on the safety-net section (people with an alert per kind) and on retention by
month since the start, run by test_attacks.test_every_count_attack_fails on its one
harvest.

Groep Klein has 1 to 4 people with an alert of each kind (attack_world.ALERTS): no
subtraction of nested reports, nor of one period from a longer one, may pin that down.
"""

import datetime
import itertools

from django.utils.translation import gettext as _

from groups.models import Membership
from reports.disclosure import threshold
from reports.reach_tables import count_header
from safety.models import Alert

from .attack_world import number

LABELS = {
    Alert.Kind.HYPO: "Participants with at least one hypo",
    Alert.Kind.SEVERE_HYPO: (
        "Participants with at least one severe hypo (someone else had to help)"
    ),
    Alert.Kind.REPEATED_HIGH: "Participants with repeatedly high glucose",
}


def alerted(figures, kind: str) -> float | None:
    return number(figures, "safety_alerts", _(LABELS[kind]), count_header())


def true_alerted(funder_world, name: str, kind: str, span) -> int:
    """People of the cohort with an alert of the kind within the period, from the rows."""
    start = datetime.datetime.combine(span.start, datetime.time.min, tzinfo=datetime.UTC)
    end = datetime.datetime.combine(
        span.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=datetime.UTC
    )
    people = [m.person_id for m in funder_world.members[name]]
    return (
        Alert.objects.filter(
            person_id__in=people, kind=kind, created_at__gte=start, created_at__lt=end
        )
        .values("person_id")
        .distinct()
        .count()
    )


def attack_nested_reports_do_not_give_the_small_cohorts_alerts(attacked):
    """Funder report minus the other cohorts, for every kind and period."""
    from .test_attacks import candidates, combine, period_ends

    funder_world, found, client = attacked
    tried = 0
    for period, span in period_ends(client, funder_world).items():
        others = [found[("Groep Groot", period)], found[("Groep Midden", period)]]
        for kind in LABELS:
            hidden = combine(
                candidates(alerted(found[("funder", period)], kind)),
                [candidates(alerted(f, kind)) for f in others],
            ) & candidates(alerted(found[("Groep Klein", period)], kind))
            truth = true_alerted(funder_world, "Groep Klein", kind, span)
            assert truth in hidden, (period, kind)
            if 0 < truth < threshold():
                assert len(hidden) >= 2, (period, kind, hidden)
                tried += 1
    assert tried >= 10


def attack_a_period_against_a_longer_one_does_not_give_the_alerts_outside_it(attacked):
    """A quarter or year minus a month in it: the people with an alert in the rest."""
    from .test_attacks import candidates, combine, period_ends

    funder_world, found, client = attacked
    periods = period_ends(client, funder_world)
    tried = 0
    for inner, outer in itertools.permutations(periods.values(), 2):
        if not (outer.start <= inner.start and inner.end <= outer.end):
            continue
        for kind in LABELS:
            figures = (found[("Groep Klein", outer.key)], found[("Groep Klein", inner.key)])
            rest = combine(
                candidates(alerted(figures[0], kind)), [candidates(alerted(figures[1], kind))]
            )
            truth = true_alerted(funder_world, "Groep Klein", kind, outer) - true_alerted(
                funder_world, "Groep Klein", kind, inner
            )
            assert truth in rest
            assert len(rest & set(range(0, threshold()))) >= 2, (inner.key, outer.key, kind)
            tried += 1
    assert tried >= 20


def still_in(figures, month: int) -> float | None:
    return number(
        figures,
        "retention_by_month",
        _("Month %(month)d") % {"month": month},
        _("Still taking part"),
    )


def true_still_in(funder_world, name: str, month: int) -> int:
    from groups.models import add_months

    cohort = funder_world.cohorts[name]
    boundary = datetime.datetime.combine(
        add_months(cohort.start_date, month), datetime.time.min, tzinfo=datetime.UTC
    )
    members = Membership.objects.filter(pk__in=[m.pk for m in funder_world.members[name]])
    return sum(not (m.status == Membership.Status.LEFT and m.ended_at < boundary) for m in members)


def attack_retention_by_month_keeps_the_small_cohort_and_its_leaver_hidden(attacked):
    """Funder minus the other cohorts per month since the start; and one month against
    the next in the small cohort's own report (in which month did someone leave?)."""
    from .test_attacks import candidates, combine, period_ends

    funder_world, found, client = attacked
    tried = 0
    for period in period_ends(client, funder_world):
        months = 1
        while (
            "retention_by_month",
            _("Month %(month)d") % {"month": months},
            "",
            _("Still taking part"),
        ) in found[("funder", period)]:
            months += 1
        for month in range(1, months):
            others = [found[("Groep Groot", period)], found[("Groep Midden", period)]]
            hidden = combine(
                candidates(still_in(found[("funder", period)], month)),
                [candidates(still_in(f, month)) for f in others],
            ) & candidates(still_in(found[("Groep Klein", period)], month))
            truth = true_still_in(funder_world, "Groep Klein", month)
            assert truth in hidden, (period, month)
            assert len(hidden) >= 2, (period, month, hidden)
            tried += 1
        klein = found[("Groep Klein", period)]
        for month in range(1, months - 1):
            gone = combine(
                candidates(still_in(klein, month)), [candidates(still_in(klein, month + 1))]
            )
            assert len(gone & set(range(0, threshold()))) >= 2
    assert tried >= 50


SAFETY_ATTACKS = [
    attack_retention_by_month_keeps_the_small_cohort_and_its_leaver_hidden,
    attack_nested_reports_do_not_give_the_small_cohorts_alerts,
    attack_a_period_against_a_longer_one_does_not_give_the_alerts_outside_it,
]
