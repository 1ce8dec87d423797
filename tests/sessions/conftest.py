"""Helpers for the sessions tests: sessions and themes built through the real services."""

import datetime

import pytest
from django.utils import timezone

from sessions import services


def at(days: int = 0, hour: int = 19, minute: int = 0) -> datetime.datetime:
    """A wall-clock time in Amsterdam, `days` from today."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return services.local_datetime(day, datetime.time(hour, minute))


@pytest.fixture
def plan(world):
    """plan(days=7) plans a two-hour session of the world's cohort at 19:00 that day."""

    def plan(days=7, hour=19, hours=2, cohort=None, by=None, **fields):
        start = at(days, hour)
        fields.setdefault("title", f"Bijeenkomst {days}")
        fields.setdefault("place", "Buurthuis De Ster")
        return services.plan_session(
            cohort=cohort or world.cohort,
            by=by or world.sanne,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=hours),
            **fields,
        )

    return plan


@pytest.fixture
def chosen_theme(world):
    """A theme the group proposed, voted on and chose."""
    proposal = services.propose_theme(
        cohort=world.cohort, by=world.anna, title="Gezond eten", reason="Ik wil minder snoepen."
    )
    voting_round = services.open_voting_round(cohort=world.cohort, by=world.kees)
    services.cast_votes(voting_round=voting_round, voter=world.anna, allocation={proposal.pk: 3})
    services.close_voting_round(voting_round=voting_round, by=world.kees)
    return proposal
