from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from access.grants import access_cohort
from access.policy import Action
from privacy import access_log

from .. import selectors


@require_safe
@login_required
def attendance_overview(request, pk):
    """Attendance rates per participant and per session, computed from the register."""
    grant = access_cohort(request.user, pk, Action.TAKE_ATTENDANCE)
    cohort = grant.obj
    by_participant = selectors.attendance_by_participant(cohort=cohort)
    access_log.record_many(  # a rate per named participant
        actor=request.user,
        grant=grant,
        memberships=[membership for membership, _rate in by_participant],
        action="view",
        data_kind="attendance",
        request=request,
    )
    return render(
        request,
        "sessions/attendance_overview.html",
        {
            "cohort": cohort,
            "by_participant": by_participant,
            "by_session": selectors.attendance_by_session(cohort=cohort),
        },
    )
