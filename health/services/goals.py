"""Self-set goals in the participant's own words: versions, sharing, check-ins, cheers."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from groups.models import Membership

from ..models import (
    CheckIn,
    Cheer,
    Goal,
    GoalVersion,
)
from .participation import publish, require_active_participant

GOAL_TEXT_FIELDS = (
    "title",
    "why",
    "actions",
    "timeline",
    "target_date",
    "progress_sign",
    "when_hard",
    "support",
)


def _new_version(goal: Goal, *, by: User, number: int, texts: dict[str, str]) -> GoalVersion:
    unknown = set(texts) - set(GOAL_TEXT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown goal fields: {sorted(unknown)}")
    version = GoalVersion(goal=goal, number=number, created_by=by, **texts)
    version.title = (version.title or "").strip()
    if not version.title:
        raise ValidationError({"title": _("Write your goal in a few words.")})
    if version.target_date and version.target_date < timezone.localdate() - datetime.timedelta(
        days=1
    ):
        raise ValidationError({"target_date": _("Choose a date that has not passed yet.")})
    version.full_clean(exclude=["goal"])
    version.save()
    goal.current_version = version
    goal.save(update_fields=["current_version"])
    return version


@transaction.atomic
def create_goal(
    *, membership: Membership, by: User, sharing: str = Goal.Sharing.PRIVATE, **texts: str
) -> Goal:
    """A new self-set goal in the participant's own words (version 1)."""
    require_active_participant(membership)
    if by.pk != membership.person_id:
        raise ValidationError(_("Only the participant sets their own goals."))
    goal = Goal(membership=membership, sharing=sharing)
    goal.full_clean(exclude=["current_version"])
    goal.save()
    _new_version(goal, by=by, number=1, texts=texts)
    publish("goal_created", goal=goal.pk, membership=membership.pk)
    return goal


@transaction.atomic
def revise_goal(*, goal: Goal, by: User, **texts: str) -> GoalVersion:
    """A new version of the goal; earlier versions stay as they were."""
    goal = Goal.objects.select_for_update().select_related("membership").get(pk=goal.pk)
    if by.pk != goal.membership.person_id:
        raise ValidationError(_("Only the participant changes their own goals."))
    number = (goal.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = _new_version(goal, by=by, number=number, texts=texts)
    publish("goal_revised", goal=goal.pk, version=version.number)
    return version


@transaction.atomic
def set_goal_sharing(*, goal: Goal, by: User, sharing: str) -> Goal:
    """The participant's choice: private (only them and their coach) or shared with the group."""
    if by.pk != goal.membership.person_id:
        raise ValidationError(_("Only the participant decides who sees their goal."))
    goal.sharing = sharing
    goal.full_clean(exclude=["current_version"])
    goal.save(update_fields=["sharing"])
    if not goal.is_shared:
        # Cheers were given to a shared goal; once private, nobody else may see them.
        goal.cheers.all().delete()
    return goal


@transaction.atomic
def set_goal_status(*, goal: Goal, by: User, status: str) -> Goal:
    if by.pk != goal.membership.person_id:
        raise ValidationError(_("Only the participant changes their own goals."))
    goal.status = status
    goal.full_clean(exclude=["current_version"])
    goal.save(update_fields=["status"])
    return goal


@transaction.atomic
def record_check_in(*, goal: Goal, by: User, confidence: int, note: str = "") -> CheckIn:
    """A short progress note and a 0-10 confidence score, quick enough for a phone."""
    if by.pk != goal.membership.person_id:
        raise ValidationError(_("Only the participant checks in on their own goal."))
    if goal.status != Goal.Status.ACTIVE:
        raise ValidationError(_("This goal is no longer active; revise it or set a new one."))
    check_in = CheckIn(goal=goal, confidence=confidence, note=note.strip())
    try:
        check_in.full_clean()
    except ValidationError as error:
        if "confidence" in getattr(error, "error_dict", {}):
            raise ValidationError(
                {"confidence": _("Choose how confident you are: a number from 0 to 10.")}
            ) from error
        raise
    check_in.save()
    publish("check_in", goal=goal.pk)
    return check_in


@transaction.atomic
def cheer_goal(*, goal: Goal, by: User) -> Cheer:
    """A fellow member cheers a shared goal on; cheering twice changes nothing."""
    if not goal.is_shared:
        raise ValidationError(_("Only goals shared with the group can be cheered on."))
    if by.pk == goal.membership.person_id:
        raise ValidationError(_("You cannot cheer on your own goal."))
    cheer, created = Cheer.objects.get_or_create(goal=goal, person=by)
    if created:
        publish("cheer", goal=goal.pk)
    return cheer
