"""The roles a decision is taken from: a look at groups.roles, or the roles a grant on the
same cohort object was decided from (access.grants)."""

from groups.models import Cohort
from groups.roles import AnyUser, Role, cohort_roles

# Where a cohort fetched with its grant keeps the roles the grant was decided from.
GRANTED_ROLES = "_granted_roles"


def keep_granted_roles(cohort: Cohort, user: AnyUser, roles: frozenset[Role]) -> None:
    """Keep the roles a grant was decided from on the cohort object it returned, so that
    the page's later questions about that object (its template tags' ``may``) need no
    second look (one was two queries, and a page asked up to five times). Only on this
    object, fetched for this request: nothing is kept across requests or people, and
    whoever needs a fresh look fetches the cohort again."""
    cohort.__dict__[GRANTED_ROLES] = (user.pk, roles)


def roles_in(user: AnyUser, cohort: Cohort) -> frozenset[Role]:
    """The user's roles in the cohort: those its grant was decided from when this object
    came with one for the same person (keep_granted_roles), else a look (groups.roles)."""
    granted: tuple[object, frozenset[Role]] | None = cohort.__dict__.get(GRANTED_ROLES)
    if granted is not None and granted[0] == user.pk and user.is_authenticated:
        return granted[1]
    return cohort_roles(user, cohort)
