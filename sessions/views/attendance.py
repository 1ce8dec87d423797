from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from access.grants import get_cohort_for_user
from access.policy import Action

from .. import selectors


@require_safe
@login_required
def attendance_overview(request, pk):
    """Attendance rates per participant and per session, computed from the register."""
    cohort = get_cohort_for_user(request.user, pk, Action.TAKE_ATTENDANCE)
    return render(
        request,
        "sessions/attendance_overview.html",
        {
            "cohort": cohort,
            "by_participant": selectors.attendance_by_participant(cohort=cohort),
            "by_session": selectors.attendance_by_session(cohort=cohort),
        },
    )
