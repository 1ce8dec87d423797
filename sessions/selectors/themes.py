"""Reads for themes: proposals and votes, the chosen themes, and theme pages per group."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet, Sum
from wagtail.models import Locale, Page

from access.policy import Action, may
from accounts.models import User
from groups.models import Cohort, Membership

from ..models import (
    DecisionResult,
    GroupDecision,
    Session,
    ThemeProposal,
    VotingRound,
)
from ..services import rank


@dataclass
class RankedProposal:
    proposal: ThemeProposal
    votes: int
    rank: int
    tied: bool
    mine: int = 0


@dataclass
class ThemeOverview:
    open_round: VotingRound | None
    proposals: list[RankedProposal]
    votes_left: int = 0
    voters: int = 0
    decisions: list[GroupDecision] = field(default_factory=list)


def open_proposals(*, cohort: Cohort) -> QuerySet[ThemeProposal]:
    return (
        cohort.theme_proposals.exclude(results__chosen=True)
        .select_related("proposed_by", "library_page")
        .order_by("title")
    )


def theme_overview(*, cohort: Cohort, user: User) -> ThemeOverview:
    """Open proposals with the running tally of the open round (visible to the group)."""
    open_round = cohort.voting_rounds.filter(closed_at__isnull=True).first()
    proposals = list(
        open_proposals(cohort=cohort).annotate(
            total=Sum("votes__count", filter=Q(votes__round=open_round)),
            mine=Sum("votes__count", filter=Q(votes__round=open_round, votes__voter=user)),
        )
    )
    ranked = [
        RankedProposal(
            proposal=p, votes=votes, rank=position, tied=tied, mine=getattr(p, "mine", None) or 0
        )
        for p, votes, position, tied in rank([(p, p.total or 0) for p in proposals])
    ]
    overview = ThemeOverview(open_round=open_round, proposals=ranked)
    if open_round:
        overview.votes_left = open_round.votes_per_person - sum(r.mine for r in ranked)
        overview.voters = open_round.votes.values("voter").distinct().count()
    overview.decisions = list(
        cohort.theme_decisions.select_related("decided_by", "round").prefetch_related(
            Prefetch("results", queryset=DecisionResult.objects.select_related("proposal"))
        )
    )
    return overview


def chosen_themes(*, cohort: Cohort, session: Session | None = None) -> QuerySet[ThemeProposal]:
    """Themes the group chose (and those the session already has): what can be scheduled."""
    condition = Q(results__chosen=True)
    if session is not None:
        condition |= Q(sessions=session)
    return cohort.theme_proposals.filter(condition).distinct().order_by("title")


@dataclass
class ThemePageGroup:
    """One of the member's groups as seen from a theme-library page."""

    cohort: Cohort
    sessions: list[Session]
    proposal: ThemeProposal | None
    can_propose: bool
    page_to_propose: Page | None


def theme_page_groups(*, page: Page, user: User) -> list[ThemePageGroup]:
    """For a theme page: the sessions of each of the member's groups that use the page
    (as a theme's library page or as a session's material, in any language), the group's
    proposal of the page, and whether the member may propose it to the group."""
    if not user.is_authenticated:
        return []
    cohorts = list(
        Cohort.objects.filter(
            memberships__person=user, memberships__status=Membership.Status.ACTIVE
        )
        .distinct()
        .order_by("name")
    )
    if not cohorts:
        return []
    translations = Page.objects.filter(translation_key=page.translation_key).values("pk")
    sessions = (
        Session.objects.filter(cohort__in=cohorts)
        .filter(Q(material_page__in=translations) | Q(themes__library_page__in=translations))
        .distinct()
        .order_by("starts_at")
    )
    proposals = {
        proposal.cohort_id: proposal
        for proposal in ThemeProposal.objects.filter(
            cohort__in=cohorts, library_page__in=translations
        )
    }
    by_cohort: dict[int, list[Session]] = {}
    for session in sessions:
        by_cohort.setdefault(session.cohort_id, []).append(session)
    # Proposals link the page in the default language, as the proposal form offers it.
    page_to_propose = (
        Page.objects.filter(translation_key=page.translation_key, locale=Locale.get_default())
        .live()
        .first()
    )
    return [
        ThemePageGroup(
            cohort=cohort,
            sessions=by_cohort.get(cohort.pk, []),
            proposal=proposals.get(cohort.pk),
            can_propose=may(user, Action.PROPOSE_THEME, cohort),
            page_to_propose=page_to_propose,
        )
        for cohort in cohorts
    ]
