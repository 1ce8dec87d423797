from django.shortcuts import get_object_or_404

from access.grants import Grant, access_cohort
from access.policy import Action
from groups.models import Cohort

from ..models import Session


def access_session(user, pk: int, action: Action) -> tuple[Session, Grant[Cohort]]:
    """The session and the grant on its group: 404 to outsiders, 403 without the action."""
    session = get_object_or_404(Session.objects.select_related("cohort"), pk=pk)
    grant = access_cohort(user, session.cohort_id, action)
    session.cohort = grant.obj
    return session, grant


def get_session_for_user(user, pk: int, action: Action) -> Session:
    """The session if the user may take the action on its group: 404 to outsiders, 403 else."""
    return access_session(user, pk, action)[0]
