"""Proposals, voting rounds with a limit per person, ties and the group's decisions."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from sessions import services
from sessions.models import GroupDecision, ThemeProposal, Vote


@pytest.fixture
def proposals(world):
    return [
        services.propose_theme(cohort=world.cohort, by=world.anna, title=title)
        for title in ("Gezond eten", "Medicijnen", "Bewegen", "Slapen")
    ]


@pytest.fixture
def voting_round(world, proposals):
    return services.open_voting_round(cohort=world.cohort, by=world.kees)


def test_a_participant_proposes_a_theme_with_a_reason(world):
    proposal = services.propose_theme(
        cohort=world.cohort, by=world.anna, title="  Gezond   eten ", reason="Minder snoepen"
    )
    assert (proposal.title, proposal.proposed_by, proposal.library_page) == (
        "Gezond eten",
        world.anna,
        None,
    )


def test_the_same_theme_twice_is_refused_in_dutch(world, proposals):
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        services.propose_theme(cohort=world.cohort, by=world.kees, title="gezond eten")
    assert "al voorgesteld" in str(error.value)
    assert ThemeProposal.objects.count() == 4


def test_a_round_needs_open_proposals(world):
    with pytest.raises(ValidationError):
        services.open_voting_round(cohort=world.cohort, by=world.kees)


def test_only_one_round_is_open_at_a_time(world, voting_round):
    with pytest.raises(ValidationError):
        services.open_voting_round(cohort=world.cohort, by=world.sanne)


def test_votes_are_spread_and_replaced(world, proposals, voting_round):
    first, second, *_ = proposals
    services.cast_votes(
        voting_round=voting_round, voter=world.anna, allocation={first.pk: 2, second.pk: 1}
    )
    services.cast_votes(voting_round=voting_round, voter=world.anna, allocation={second.pk: 3})
    assert list(Vote.objects.values_list("proposal", "count")) == [(second.pk, 3)]


def test_votes_over_the_limit_are_refused_and_nothing_changes(world, proposals, voting_round):
    first, second, *_ = proposals
    services.cast_votes(voting_round=voting_round, voter=world.anna, allocation={first.pk: 1})
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        services.cast_votes(
            voting_round=voting_round, voter=world.anna, allocation={first.pk: 2, second.pk: 2}
        )
    assert "4 stemmen" in str(error.value) and "3" in str(error.value)
    assert list(Vote.objects.values_list("proposal", "count")) == [(first.pk, 1)]


def test_negative_votes_are_refused(world, proposals, voting_round):
    with pytest.raises(ValidationError):
        services.cast_votes(
            voting_round=voting_round,
            voter=world.anna,
            allocation={proposals[0].pk: 4, proposals[1].pk: -1},
        )
    assert not Vote.objects.exists()


def test_votes_after_the_round_closed_are_refused(world, proposals, voting_round):
    services.close_voting_round(voting_round=voting_round, by=world.kees)
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        services.cast_votes(
            voting_round=voting_round, voter=world.anna, allocation={proposals[0].pk: 1}
        )
    assert "gesloten" in str(error.value)
    assert not Vote.objects.exists()


@pytest.mark.parametrize("name", ["sanne", "otto", "ivo", "olga"])
def test_only_participants_of_the_group_vote(world, proposals, voting_round, name):
    with pytest.raises(ValidationError):
        services.cast_votes(
            voting_round=voting_round,
            voter=getattr(world, name),
            allocation={proposals[0].pk: 1},
        )


def test_votes_for_another_groups_theme_are_refused(world, voting_round):
    other = services.propose_theme(cohort=world.other_cohort, by=world.otto, title="Elders")
    with pytest.raises(ValidationError):
        services.cast_votes(voting_round=voting_round, voter=world.anna, allocation={other.pk: 1})


def test_closing_records_the_decision_with_votes_and_ties(world, proposals, voting_round):
    eten, medicijnen, bewegen, _slapen = proposals
    services.cast_votes(
        voting_round=voting_round, voter=world.anna, allocation={eten.pk: 2, medicijnen.pk: 1}
    )
    services.cast_votes(
        voting_round=voting_round, voter=world.kees, allocation={bewegen.pk: 2, medicijnen.pk: 1}
    )
    decision = services.close_voting_round(
        voting_round=voting_round, by=world.kees, themes_to_choose=1
    )
    results = {
        r.proposal.title: (r.votes, r.rank, r.tied, r.chosen) for r in decision.results.all()
    }
    # Three-way tie for first place: one theme asked, all three tied ones chosen.
    assert results == {
        "Gezond eten": (2, 1, True, True),
        "Medicijnen": (2, 1, True, True),
        "Bewegen": (2, 1, True, True),
        "Slapen": (0, 4, False, False),
    }
    assert decision.voters == 2
    voting_round.refresh_from_db()
    assert not voting_round.is_open
    assert GroupDecision.objects.get() == decision


def test_a_tie_below_the_cut_is_shown_but_not_chosen(world, proposals, voting_round):
    eten, medicijnen, bewegen, _slapen = proposals
    services.cast_votes(
        voting_round=voting_round,
        voter=world.anna,
        allocation={eten.pk: 1, medicijnen.pk: 1, bewegen.pk: 1},
    )
    services.cast_votes(voting_round=voting_round, voter=world.kees, allocation={eten.pk: 3})
    decision = services.close_voting_round(
        voting_round=voting_round, by=world.sanne, themes_to_choose=1
    )
    chosen = [r.proposal.title for r in decision.results.filter(chosen=True)]
    tied = sorted(r.proposal.title for r in decision.results.filter(tied=True, votes=1))
    assert chosen == ["Gezond eten"]
    assert tied == ["Bewegen", "Medicijnen"]


def test_chosen_themes_leave_the_next_round(world, proposals, voting_round):
    services.cast_votes(
        voting_round=voting_round, voter=world.anna, allocation={proposals[0].pk: 3}
    )
    services.close_voting_round(voting_round=voting_round, by=world.kees)
    next_round = services.open_voting_round(cohort=world.cohort, by=world.kees)
    with pytest.raises(ValidationError):
        services.cast_votes(
            voting_round=next_round, voter=world.anna, allocation={proposals[0].pk: 1}
        )


def test_closing_twice_is_refused(world, voting_round):
    services.close_voting_round(voting_round=voting_round, by=world.kees)
    with pytest.raises(ValidationError):
        services.close_voting_round(voting_round=voting_round, by=world.kees)


@pytest.mark.parametrize(("open_proposals", "expected"), [(1, 1), (2, 1), (3, 2), (4, 3), (12, 3)])
def test_the_default_number_to_choose_leaves_the_vote_something_to_decide(
    open_proposals, expected
):
    assert services.default_themes_to_choose(open_proposals) == expected


def test_closing_three_proposals_by_default_chooses_two_not_all_three(world):
    eten, medicijnen, bewegen = (
        services.propose_theme(cohort=world.cohort, by=world.anna, title=title)
        for title in ("Gezond eten", "Medicijnen", "Bewegen")
    )
    voting_round = services.open_voting_round(cohort=world.cohort, by=world.kees)
    services.cast_votes(
        voting_round=voting_round,
        voter=world.anna,
        allocation={eten.pk: 1, medicijnen.pk: 1, bewegen.pk: 1},
    )
    services.cast_votes(
        voting_round=voting_round, voter=world.kees, allocation={eten.pk: 2, medicijnen.pk: 1}
    )
    decision = services.close_voting_round(voting_round=voting_round, by=world.kees)
    chosen = sorted(r.proposal.title for r in decision.results.filter(chosen=True))
    assert chosen == ["Gezond eten", "Medicijnen"]
