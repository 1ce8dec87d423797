"""Reading the access log: a person's own overview and the programme manager's search."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from access.lists import organisations_allowing
from access.policy import Action
from accounts.models import User
from groups.models import Membership, Organisation
from groups.roles import AnyUser

from .models import AccessLogEntry


def access_to_my_data(*, person: User) -> QuerySet[AccessLogEntry]:
    """Who viewed, changed or exported this person's data, newest first (not themselves
    viewing; their own changes and exports are listed)."""
    return (
        AccessLogEntry.objects.about(person)
        .exclude(actor=person, action=AccessLogEntry.Action.VIEW)
        .select_related("actor", "organisation")
    )


def searchable_organisations(
    *, user: AnyUser, action: Action = Action.SEARCH_ACCESS_LOG
) -> QuerySet[Organisation]:
    """The organisations whose access log this user may search (or: where they may take
    another organisation action, such as erase_participant)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    return organisations_allowing(user, action)


def erasing_organisations(*, user: AnyUser) -> QuerySet[Organisation]:
    """The organisations whose former participants this user may erase."""
    return searchable_organisations(user=user, action=Action.ERASE_PARTICIPANT)


def former_participants(*, organisations: QuerySet[Organisation]) -> list[Membership]:
    """Each person who took part in these organisations' cohorts, is in no group now and
    whose data are still there: their most recently ended membership, latest first."""
    still_open = Membership.objects.filter(status__in=Membership.OPEN_STATUSES).values("person")
    ended = (
        Membership.objects.filter(
            cohort__organisation__in=organisations, role__in=Membership.PARTICIPANT_ROLES
        )
        .exclude(status__in=Membership.OPEN_STATUSES)
        .exclude(person__in=still_open)
        .exclude(person__erasure__isnull=False)
        .exclude(person__is_staff=True)
        .select_related("person", "cohort")
        .order_by("-ended_at", "-pk")
    )
    latest: dict[int, Membership] = {}
    for membership in ended:
        latest.setdefault(membership.person_id, membership)
    return list(latest.values())


def get_participant_for_erasure(*, user: AnyUser, pk: int) -> tuple[User, list[Membership]]:
    """The person and their participant memberships in the user's organisations.

    403 for someone who may erase in no organisation; 404 for a person who never took
    part in one of theirs (their existence is not revealed).
    """
    organisations = erasing_organisations(user=user)
    if not organisations.exists():
        raise PermissionDenied
    memberships = list(
        Membership.objects.filter(
            person_id=pk,
            role__in=Membership.PARTICIPANT_ROLES,
            cohort__organisation__in=organisations,
        )
        .select_related("person", "cohort__organisation")
        .order_by("-created_at")
    )
    if not memberships:
        raise Http404
    return memberships[0].person, memberships


def search_access_log(
    *,
    organisations: QuerySet[Organisation],
    person: str = "",
    actor: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    data_kind: str = "",
    action: str = "",
) -> QuerySet[AccessLogEntry]:
    """Entries about the organisations' participants, or made on the organisations' behalf."""
    participants = Membership.objects.filter(cohort__organisation__in=organisations).values(
        "person"
    )
    entries = AccessLogEntry.objects.filter(
        Q(organisation__in=organisations) | Q(subject__in=participants)
    )
    if person:
        entries = entries.filter(_person_matches("subject", person))
    if actor:
        entries = entries.filter(_person_matches("actor", actor))
    if date_from:
        entries = entries.filter(at__date__gte=date_from)
    if date_to:
        entries = entries.filter(at__date__lte=date_to)
    if data_kind:
        entries = entries.filter(data_kind=data_kind)
    if action:
        entries = entries.filter(action=action)
    return entries.select_related("actor", "subject", "organisation").order_by("-at", "-pk")


def _person_matches(field: str, text: str) -> Q:
    query = Q()
    for word in text.split():
        query &= (
            Q(**{f"{field}__email__icontains": word})
            | Q(**{f"{field}__first_name__icontains": word})
            | Q(**{f"{field}__last_name__icontains": word})
            | Q(**{f"{field}__display_name__icontains": word})
        )
    return query
