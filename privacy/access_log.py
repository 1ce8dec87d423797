"""Writing the access log: one call in every view that shows, changes or exports a
named person's personal or health data.

    from privacy import access_log
    access_log.record(actor=request.user, membership=membership, action="view",
                      data_kind="measurements", request=request)

A view that fetched the object with an ``access.grants`` helper passes ``grant=grant``:
the actor's role is then read from the grant instead of being worked out again.

A person looking at their own data is not logged (it would drown what matters: other
people's access); their own changes and exports are.
"""

from django.http import HttpRequest

from groups.models import Membership
from groups.roles import Role, cohort_roles, is_fellow_member, membership_relations

from .models import AccessLogEntry

Action = AccessLogEntry.Action
DataKind = AccessLogEntry.DataKind
ActorRole = AccessLogEntry.ActorRole

_STAFF_RELATIONS = (
    ("coach", ActorRole.COACH),
    ("nurse", ActorRole.NURSE),
    ("manager", ActorRole.MANAGER),
)

_COHORT_ROLES = (
    (Role.COACH, ActorRole.COACH),
    (Role.MANAGER, ActorRole.MANAGER),
    (Role.NURSE, ActorRole.NURSE),
    (Role.AANJAGER, ActorRole.AANJAGER),
    (Role.PARTICIPANT, ActorRole.GROUP),
)


def _subject_membership(subject) -> Membership | None:
    """The membership that ties the person to an organisation: the open one, else the last."""
    memberships = Membership.objects.filter(
        person=subject, role__in=Membership.PARTICIPANT_ROLES
    ).select_related("cohort")
    return (
        memberships.filter(status__in=Membership.OPEN_STATUSES).order_by("-created_at").first()
        or memberships.order_by("-created_at").first()
    )


def _role_and_organisation(actor, subject, membership: Membership | None, relations=None):
    if actor is None:
        return ActorRole.SYSTEM, None
    if actor.pk == subject.pk:
        return ActorRole.SELF, None
    if membership is not None:
        if relations is None:
            relations = membership_relations(actor, membership)
        for relation, role in _STAFF_RELATIONS:
            if relation in relations:
                return role, membership.cohort.organisation_id
        if is_fellow_member(actor, membership):
            own = Membership.objects.filter(
                person=actor, cohort_id=membership.cohort_id, role=Membership.Role.AANJAGER
            ).exists()
            return (ActorRole.AANJAGER if own else ActorRole.GROUP), None
    if actor.is_superuser or actor.is_staff:
        return ActorRole.ADMINISTRATOR, None
    return ActorRole.OTHER, None


def record(
    *,
    actor,
    action: str,
    data_kind: str,
    subject=None,
    membership: Membership | None = None,
    organisation=None,
    request: HttpRequest | None = None,
    actor_role: str | None = None,
    grant=None,
) -> AccessLogEntry | None:
    """Writes one entry: who (actor) did what (action) with whose (subject) data of what kind.

    Give the subject, or the membership through which the data was reached (its person is
    the subject; it also tells on whose behalf staff acted), or the grant on that
    membership (or on a goal of it) that allowed the access. The organisation and the
    actor's role are worked out when not given. Returns None for a person viewing their
    own data, which is not logged.
    """
    relations = None
    if grant is not None and grant.membership is not None:
        membership = grant.membership
        relations = grant.relations
    if membership is not None and subject is None:
        subject = membership.person
    if subject is None:
        raise ValueError("record() needs the subject or the membership")
    if actor is not None and not actor.is_authenticated:
        actor = None
    action = Action(action)
    data_kind = DataKind(data_kind)
    if actor is not None and actor.pk == subject.pk and action == Action.VIEW:
        return None
    if membership is None and actor is not None and actor.pk != subject.pk:
        membership = _subject_membership(subject)
    role, derived_organisation = _role_and_organisation(actor, subject, membership, relations)
    if organisation is None and derived_organisation is not None:
        organisation_id = derived_organisation
    else:
        organisation_id = getattr(organisation, "pk", organisation)
    return AccessLogEntry.objects.create(
        actor=actor,
        subject=subject,
        action=action,
        data_kind=data_kind,
        actor_role=actor_role or role,
        organisation_id=organisation_id,
        path=(request.get_full_path()[:300] if request is not None else ""),
    )


def record_many(
    *,
    actor,
    memberships,
    action: str,
    data_kind: str,
    request: HttpRequest | None = None,
    actor_role: str | None = None,
    grant=None,
) -> int:
    """One entry per named person on a list page (an attendance register, a referral list).

    The actor's role is worked out once per cohort, not once per person; a view that
    knows it (a staff list page) passes actor_role and the cohorts' organisations count;
    one that holds the cohort's grant passes it, and its roles are used.
    """
    memberships = [m for m in memberships if m.person_id != getattr(actor, "pk", None)]
    path = request.get_full_path()[:300] if request is not None else ""
    per_cohort: dict[int, tuple[str, int | None]] = {}
    entries = []
    for membership in memberships:
        if membership.cohort_id not in per_cohort:
            per_cohort[membership.cohort_id] = (
                (ActorRole(actor_role), membership.cohort.organisation_id)
                if actor_role
                else _cohort_role(
                    actor,
                    membership,
                    grant.roles if _cohort_grant_for(grant, membership) else None,
                )
            )
        role, organisation_id = per_cohort[membership.cohort_id]
        entries.append(
            AccessLogEntry(
                actor=actor,
                subject_id=membership.person_id,
                action=Action(action),
                data_kind=DataKind(data_kind),
                actor_role=role,
                organisation_id=organisation_id,
                path=path,
            )
        )
    return len(AccessLogEntry.objects.bulk_create(entries))


def _cohort_grant_for(grant, membership: Membership | None) -> bool:
    """Whether the grant is one on the membership's cohort (its roles tell the actor's)."""
    return (
        grant is not None
        and grant.membership is None
        and membership is not None
        and getattr(grant.obj, "pk", None) == membership.cohort_id
        and grant.obj._meta.model_name == "cohort"
    )


def _cohort_role(actor, membership: Membership, roles=None) -> tuple[str, int | None]:
    cohort = membership.cohort
    if roles is None:
        roles = cohort_roles(actor, cohort) if actor is not None else frozenset()
    for permission_role, log_role in _COHORT_ROLES:
        if permission_role in roles:
            staff = log_role in {ActorRole.COACH, ActorRole.MANAGER, ActorRole.NURSE}
            return log_role, (cohort.organisation_id if staff else None)
    return _role_and_organisation(actor, membership.person, None)


def record_subjects(
    *,
    actor,
    subjects: list[tuple[int, int | None]],
    action: str,
    data_kind: str,
    actor_role: str,
    request: HttpRequest | None = None,
) -> int:
    """One entry per (person id, organisation id) on a list page whose viewer's role the
    view already knows (the practice's worklist of alerts), in one statement."""
    path = request.get_full_path()[:300] if request is not None else ""
    entries = [
        AccessLogEntry(
            actor=actor,
            subject_id=subject_id,
            action=Action(action),
            data_kind=DataKind(data_kind),
            actor_role=ActorRole(actor_role),
            organisation_id=organisation_id,
            path=path,
        )
        for subject_id, organisation_id in dict.fromkeys(subjects)
        if subject_id != getattr(actor, "pk", None)
    ]
    return len(AccessLogEntry.objects.bulk_create(entries))
