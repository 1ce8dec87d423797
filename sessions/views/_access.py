from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404

from groups.permissions import Action, get_cohort_for_user

from ..models import Session


def get_session_for_user(user, pk: int, action: Action) -> Session:
    """The session if the user may take the action on its group: 404 to outsiders, 403 else."""
    session = get_object_or_404(Session.objects.select_related("cohort"), pk=pk)
    session.cohort = get_cohort_for_user(user, session.cohort_id, action)
    return session


def add_service_error(form, error: ValidationError) -> None:
    """Shows a service's ValidationError on the form: by field where it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
