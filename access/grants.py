"""Fetch-and-check in one call: the object, and what was worked out to allow it.

Like Zulip's ``access_stream_by_id``, each ``access_*`` helper returns a grant: the object,
the person's roles in (or relations to) it and every action they may take on it. Views
hand ``grant.can`` to templates and the grant to the access log, so nothing asks for the
roles a second time. Outsiders get 404 (an object's existence is not revealed), people who
may see it but not take the action get 403 (PermissionDenied).
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import User
from chat.models import ChatReminder
from coupling.models import Study
from groups.models import Cohort, Funder, Membership, Organisation
from groups.roles import (
    AnyUser,
    Role,
    cohort_standing,
    membership_relations,
    organisation_roles,
)
from health.models import Goal

from .policy import (
    Action,
    cohort_actions,
    goal_actions,
    goal_relations,
    may,
    membership_actions,
    organisation_actions,
    reminder_actions,
    shared_patients_for,
    studies_of_evaluator,
)
from .policy.roles import keep_granted_roles, roles_in


@dataclass(frozen=True)
class Grant[T]:
    """What one person may do with one object, with the facts it was decided from."""

    obj: T
    actions: frozenset[Action]
    roles: frozenset[Role] = field(default=frozenset())
    relations: frozenset[str] = field(default=frozenset())

    def allows(self, action: Action) -> bool:
        return action in self.actions

    def first_relation(self, *candidates: str) -> str | None:
        """The first of these relations the person holds to the object, if any."""
        return next((relation for relation in candidates if relation in self.relations), None)

    def require(self, action: Action) -> "Grant[T]":
        """The grant itself if it allows the action; PermissionDenied otherwise."""
        if action not in self.actions:
            raise PermissionDenied
        return self

    @property
    def can(self) -> dict[str, bool]:
        """For templates: ``{% if can.plan_sessions %}``."""
        return {action.value: True for action in self.actions}

    @property
    def membership(self) -> Membership | None:
        """The membership the object belongs to (the access log's subject), if any."""
        if isinstance(self.obj, Membership):
            return self.obj
        if isinstance(self.obj, Goal):
            return self.obj.membership
        return None


def cohort_grant(user: AnyUser, cohort: Cohort) -> Grant[Cohort]:
    """The user's grant on a cohort they already hold (one look at their roles, none when
    this object came with a grant for them already)."""
    roles = roles_in(user, cohort) if user.is_authenticated else frozenset()
    keep_granted_roles(cohort, user, roles)
    return Grant(cohort, cohort_actions(user, roles), roles=roles)


def membership_grant(user: AnyUser, membership: Membership) -> Grant[Membership]:
    relations = membership_relations(user, membership)
    return Grant(membership, membership_actions(user, membership, relations), relations=relations)


def goal_grant(user: AnyUser, goal: Goal) -> Grant[Goal]:
    """Goal actions, and the actions on the owner's membership (the plan), from one look."""
    member = membership_relations(user, goal.membership)
    relations = goal_relations(user, goal, member)
    actions = goal_actions(user, relations) | membership_actions(user, goal.membership, member)
    return Grant(goal, actions, relations=relations)


def access_cohort(user: AnyUser, pk: int, action: Action) -> Grant[Cohort]:
    """The cohort if the user may take the action: 404 to outsiders, 403 to members without it.

    Whether it is visible to them (``visible_cohorts``) comes from the same look as their
    roles (``cohort_standing``): fetching it by number is a third of the cost of asking
    the visible cohorts for it."""
    cohort = Cohort.objects.filter(pk=pk).select_related("organisation").first()
    if cohort is None:
        raise Http404
    roles, visible = cohort_standing(user, cohort)
    if not (visible or user.is_superuser):
        raise Http404
    keep_granted_roles(cohort, user, roles)
    return Grant(cohort, cohort_actions(user, roles), roles=roles).require(action)


def access_membership(user: AnyUser, pk: int, action: Action) -> Grant[Membership]:
    membership = (
        Membership.objects.select_related("cohort__organisation", "person").filter(pk=pk).first()
    )
    if membership is None:
        raise Http404
    grant = membership_grant(user, membership)
    if not (user.is_superuser or grant.relations):
        raise Http404
    return grant.require(action)


def access_goal(user: AnyUser, pk: int, action: Action) -> Grant[Goal]:
    """The goal if the user may take the action: 404 unless the goal is theirs to know of."""
    goal = (
        Goal.objects.select_related("membership__cohort__organisation", "membership__person")
        .select_related("current_version")
        .filter(pk=pk)
        .first()
    )
    if goal is None:
        raise Http404
    grant = goal_grant(user, goal)
    if not (user.is_superuser or grant.relations):
        raise Http404
    return grant.require(action)


def access_organisation(user: AnyUser, pk: int, action: Action) -> Grant[Organisation]:
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None:
        raise Http404
    roles = organisation_roles(user, organisation)
    if not (user.is_superuser or roles):
        raise Http404
    return Grant(organisation, organisation_actions(user, roles), roles=roles).require(action)


def access_funder(user: AnyUser, pk: int, action: Action) -> Grant[Funder]:
    """A funder only its own contacts (and superusers) know of: 404 for everyone else."""
    funder = Funder.objects.filter(pk=pk).first()
    if funder is None or not may(user, action, funder):
        raise Http404
    roles = frozenset() if user.is_superuser else frozenset({Role.FUNDER})  # may() asked
    return Grant(funder, frozenset({action}), roles=roles)


def access_shared_record(user: AnyUser, pk: int) -> Grant[User]:
    """The participant whose shared record (coupling/) the user may fetch; 404 otherwise,
    so a withdrawn share, another practice's patient and a stranger look the same."""
    person = (
        shared_patients_for(user)
        .select_related("participant_profile__practice")
        .filter(pk=pk)
        .first()
    )
    if person is None:
        raise Http404
    return Grant(person, frozenset({Action.FETCH_SHARED_RECORD}), relations=frozenset({"nurse"}))


def access_study(user: AnyUser, pk: int) -> Grant[Study]:
    """A study for its evaluators; 404 for everyone else (its existence is not revealed)."""
    study = studies_of_evaluator(user).filter(pk=pk).first()
    if study is None:
        raise Http404
    return Grant(
        study, frozenset({Action.EXPORT_RESEARCH_DATA}), relations=frozenset({"evaluator"})
    )


def access_chat_reminder(user: AnyUser, pk: int, action: Action) -> Grant[ChatReminder]:
    """A chat reminder for its owner; 404 for everyone else (it is theirs alone)."""
    reminder = (
        ChatReminder.objects.select_related("message__room", "message__session")
        .filter(pk=pk)
        .first()
    )
    if reminder is None:
        raise Http404
    actions = reminder_actions(user, reminder.person_id)
    if action not in actions:
        raise Http404
    return Grant(reminder, actions, relations=frozenset({"self"}))


# The object alone, where the caller needs nothing else from the grant.
def get_cohort_for_user(user: AnyUser, pk: int, action: Action) -> Cohort:
    return access_cohort(user, pk, action).obj


def get_membership_for_user(user: AnyUser, pk: int, action: Action) -> Membership:
    return access_membership(user, pk, action).obj


def get_goal_for_user(user: AnyUser, pk: int, action: Action) -> Goal:
    return access_goal(user, pk, action).obj


def get_organisation_for_user(user: AnyUser, pk: int, action: Action) -> Organisation:
    return access_organisation(user, pk, action).obj


def get_funder_for_user(user: AnyUser, pk: int, action: Action) -> Funder:
    return access_funder(user, pk, action).obj
