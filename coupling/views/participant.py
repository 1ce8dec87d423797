from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from groups.models import ParticipantProfile

from .. import selectors, services


@require_http_methods(["GET", "POST"])
@login_required
def share_with_practice(request):
    """The participant's own choice: share with their practice, or stop at once."""
    if request.method == "POST":
        choice = request.POST.get("choice")
        try:
            if choice == "share":
                services.start_practice_share(person=request.user)
                messages.success(request, _("Your practice can now see your values."))
            elif choice == "withdraw":
                services.withdraw_practice_share(person=request.user)
                messages.success(
                    request, _("You stopped sharing. Your practice can no longer see your values.")
                )
            else:
                messages.error(request, _("That choice was not understood; nothing was changed."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("coupling:share")
    profile = (
        ParticipantProfile.objects.filter(person=request.user).select_related("practice").first()
    )
    return render(
        request,
        "coupling/share.html",
        {
            "profile": profile,
            "share": selectors.active_share(person=request.user),
            "history": selectors.share_history(person=request.user),
            "shared_measures": selectors.shared_measure_labels(),
        },
    )
