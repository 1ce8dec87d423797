"""The programme manager carries out a former participant's erasure (on their request, or
after they left), through the same service as the participant's own "remove my data"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from .. import access_log, selectors, services
from ..forms import StaffErasureForm


@require_safe
@login_required
def former_participants(request):
    """Former participants of the manager's organisations whose data are still held."""
    organisations = selectors.erasing_organisations(user=request.user)
    if not organisations.exists():
        raise PermissionDenied
    memberships = selectors.former_participants(organisations=organisations)
    access_log.record_many(
        actor=request.user,
        memberships=memberships,
        action="view",
        data_kind="profile",
        request=request,
        actor_role="manager",
    )
    return render(request, "privacy/former_participants.html", {"memberships": memberships})


@require_http_methods(["GET", "POST"])
@login_required
def erase_participant(request, pk):
    person, memberships = selectors.get_participant_for_erasure(user=request.user, pk=pk)
    refusal = services.erasure_refusal(person, by=request.user)
    form = StaffErasureForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and refusal is None and form.is_valid():
        name = person.get_full_name() or person.email
        try:
            services.erase_person(
                person=person,
                by=request.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The personal data of %(name)s have been removed.") % {"name": name}
            )
            return redirect("privacy:former_participants")
    if request.method == "GET":
        access_log.record(
            actor=request.user,
            subject=person,
            membership=memberships[0],
            action="view",
            data_kind="profile",
            request=request,
        )
    return render(
        request,
        "privacy/erase_participant.html",
        {"person": person, "memberships": memberships, "form": form, "refusal": refusal},
        status=400 if form.is_bound else 200,
    )
