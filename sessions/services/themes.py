"""Themes and voting: the group proposes, votes and decides what the sessions are about."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from accounts.models import User
from groups.models import Cohort, Membership

from ..models import (
    DecisionResult,
    GroupDecision,
    ThemeProposal,
    Vote,
    VotingRound,
)
from ..tasks import send_voting_opened
from .cohort import active_membership, locked_cohort

DEFAULT_THEMES_TO_CHOOSE = 3


def default_themes_to_choose(open_proposals: int) -> int:
    """How many themes a closing round chooses unless the closer says otherwise.

    Three, as the group usually plans about three sessions per round; but always fewer
    than the number of open proposals, so that the vote still decides something (with
    three proposals the default is two, with two it is one). With one proposal it is one.
    """
    return max(1, min(DEFAULT_THEMES_TO_CHOOSE, open_proposals - 1))


@transaction.atomic
def propose_theme(
    *,
    cohort: Cohort,
    by: User,
    title: str = "",
    reason: str = "",
    library_page: Page | None = None,
) -> ThemeProposal:
    """Adds a theme to the group's list; from the theme library the page's title is the default."""
    title = " ".join(title.split()) or (library_page.title if library_page else "")
    if not title:
        raise ValidationError({"title": _("Give the theme a name.")})
    if library_page and cohort.theme_proposals.filter(library_page=library_page).exists():
        raise ValidationError(
            {"library_page": _("This page of the theme library has been proposed already.")}
        )
    if cohort.theme_proposals.filter(title__iexact=title).exists():
        raise ValidationError({"title": _("This theme has been proposed already.")})
    proposal = ThemeProposal(
        cohort=cohort,
        proposed_by=by,
        title=title,
        reason=reason.strip(),
        library_page=library_page,
    )
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def open_voting_round(*, cohort: Cohort, by: User, votes_per_person: int = 3) -> VotingRound:
    cohort = locked_cohort(cohort)
    if cohort.voting_rounds.filter(closed_at__isnull=True).exists():
        raise ValidationError(_("A voting round is already open. Close it first."))
    if not ThemeProposal.objects.filter(cohort=cohort).exclude(results__chosen=True).exists():
        raise ValidationError(_("There are no open theme proposals to vote on yet."))
    voting_round = VotingRound(cohort=cohort, opened_by=by, votes_per_person=votes_per_person)
    voting_round.full_clean()
    voting_round.save()
    transaction.on_commit(lambda: send_voting_opened.enqueue(voting_round_id=voting_round.pk))
    return voting_round


@transaction.atomic
def cast_votes(*, voting_round: VotingRound, voter: User, allocation: dict[int, int]) -> None:
    """Replaces the voter's votes in this round by the allocation {proposal id: votes}."""
    voting_round = VotingRound.objects.select_for_update().get(pk=voting_round.pk)
    if not voting_round.is_open:
        raise ValidationError(_("This voting round has closed; votes can no longer change."))
    if active_membership(voting_round.cohort, voter, Membership.PARTICIPANT_ROLES) is None:
        raise ValidationError(_("Only participants of this group can vote."))
    allocation = {int(pk): int(count) for pk, count in allocation.items() if int(count) != 0}
    if any(count < 0 for count in allocation.values()):
        raise ValidationError(_("A number of votes cannot be negative."))
    total = sum(allocation.values())
    if total > voting_round.votes_per_person:
        raise ValidationError(
            _("You gave %(total)d votes, but you have %(limit)d. Take some away and try again.")
            % {"total": total, "limit": voting_round.votes_per_person}
        )
    open_ids = set(
        ThemeProposal.objects.filter(cohort_id=voting_round.cohort_id)
        .exclude(results__chosen=True)
        .values_list("pk", flat=True)
    )
    if not set(allocation) <= open_ids:
        raise ValidationError(_("You can only vote for open proposals of your own group."))
    voting_round.votes.filter(voter=voter).delete()
    Vote.objects.bulk_create(
        Vote(round=voting_round, proposal_id=pk, voter=voter, count=count)
        for pk, count in allocation.items()
    )


def rank(counts: list[tuple[ThemeProposal, int]]) -> list[tuple[ThemeProposal, int, int, bool]]:
    """Standard competition ranking (1, 2, 2, 4): equal votes share a rank and are ties."""
    ordered = sorted(counts, key=lambda item: (-item[1], item[0].title.lower()))
    tally: dict[int, int] = {}
    for _proposal, votes in ordered:
        tally[votes] = tally.get(votes, 0) + 1
    ranked, position = [], 0
    for index, (proposal, votes) in enumerate(ordered):
        if index == 0 or votes != ordered[index - 1][1]:
            position = index + 1
        ranked.append((proposal, votes, position, tally[votes] > 1))
    return ranked


@transaction.atomic
def close_voting_round(
    *, voting_round: VotingRound, by: User, themes_to_choose: int | None = None
) -> GroupDecision:
    """Closes the round and records the group decision.

    Without ``themes_to_choose`` the number is ``default_themes_to_choose`` of the open
    proposals.

    The themes ranked within ``themes_to_choose`` are chosen; a tie at the boundary is
    kept a tie (all tied themes are chosen). Themes without votes are never chosen.
    """
    voting_round = VotingRound.objects.select_for_update().get(pk=voting_round.pk)
    if not voting_round.is_open:
        raise ValidationError(_("This voting round has closed already."))
    proposals = list(
        ThemeProposal.objects.filter(cohort_id=voting_round.cohort_id)
        .exclude(results__chosen=True)
        .annotate(total=Sum("votes__count", filter=Q(votes__round=voting_round)))
    )
    if themes_to_choose is None:
        themes_to_choose = default_themes_to_choose(len(proposals))
    if themes_to_choose < 1:
        raise ValidationError(_("Choose at least one theme."))
    ranked = rank([(proposal, proposal.total or 0) for proposal in proposals])
    voting_round.closed_at = timezone.now()
    voting_round.save(update_fields=["closed_at"])
    decision = GroupDecision.objects.create(
        round=voting_round,
        cohort_id=voting_round.cohort_id,
        decided_by=by,
        decided_at=voting_round.closed_at,
        voters=voting_round.votes.values("voter").distinct().count(),
    )
    DecisionResult.objects.bulk_create(
        DecisionResult(
            decision=decision,
            proposal=proposal,
            votes=votes,
            rank=position,
            tied=tied,
            chosen=votes > 0 and position <= themes_to_choose,
        )
        for proposal, votes, position, tied in ranked
    )
    return decision
