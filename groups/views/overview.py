from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .. import selectors


@require_safe
@login_required
def dashboard(request):
    """The personal overview: one page, with a section for every role the person holds."""
    overview = selectors.overview_for(user=request.user)
    context: dict[str, object] = {"overview": overview}
    if overview.participation:
        context["members"] = selectors.cohort_members(cohort=overview.participation.cohort)
        context["first"] = selectors.first_things_for(
            user=request.user, membership=overview.participation
        )
    return render(request, "groups/dashboard.html", context)
