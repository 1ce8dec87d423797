"""Shared records and studies (coupling/): what a participant shares with their own GP
practice, and the research export of a study for its evaluators."""

from django.db.models import Exists, OuterRef, QuerySet

from accounts.models import User
from coupling.models import PracticeShare, Study
from groups.roles import AnyUser, practices_of_nurse

from .actions import is_active_person


def shared_patients_for(user: AnyUser) -> QuerySet[User]:
    """The people whose shared record this user may fetch: patients of a practice she is
    the nurse of, with an active share with that same practice. Nobody else, not even a
    superuser: the participant shares with the practice, not with the platform."""
    if not user.is_authenticated or not user.is_active:
        return User.objects.none()
    practices = practices_of_nurse(user)
    shares = PracticeShare.objects.active().filter(
        person=OuterRef("pk"), practice=OuterRef("participant_profile__practice")
    )
    return User.objects.filter(is_active=True, participant_profile__practice__in=practices).filter(
        Exists(shares)
    )


def may_fetch_shared_record(user: AnyUser, person: User) -> bool:
    return shared_patients_for(user).filter(pk=person.pk).exists()


def may_list_shared_records(user: AnyUser) -> bool:
    """Whether the user is the nurse of a practice whose shared records she may list."""
    return is_active_person(user) and practices_of_nurse(user).exists()


def studies_of_evaluator(user: AnyUser) -> QuerySet[Study]:
    """The studies whose research export this user may download (its evaluators)."""
    if not is_active_person(user) or not isinstance(user, User):
        return Study.objects.none()
    return Study.objects.filter(evaluators=user)
