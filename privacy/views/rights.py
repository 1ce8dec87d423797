from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from groups.models import Membership

from .. import services
from ..forms import ConsentForm, ErasureForm
from ..models import ConsentChoice


@require_http_methods(["GET", "POST"])
@login_required
def erase_my_data(request):
    """A former participant removes their personal data (right to erasure)."""
    refusal = services.erasure_refusal(request.user)
    form = ErasureForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            services.erase_person(person=request.user, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            logout(request)
            messages.success(request, _("Your personal data have been removed. Goodbye!"))
            return redirect("/")
    return render(request, "privacy/erase.html", {"form": form, "refusal": refusal})


@require_http_methods(["GET", "POST"])
@login_required
def consent(request):
    """What the participant agreed to at enrolment, and the optional uses they may withdraw."""
    if request.method == "POST":
        form = ConsentForm(request.POST)
        if form.is_valid():
            services.set_consent(person=request.user, **form.cleaned_data)
            messages.success(request, _("Your choice has been saved and applies right away."))
            return redirect("privacy:consent")
        messages.error(request, _("That choice was not understood; nothing was changed."))
    choices = [
        {
            "purpose": purpose,
            "label": label,
            "given": services.consent_given(person=request.user, purpose=purpose),
        }
        for purpose, label in ConsentChoice.Purpose.choices
    ]
    agreements = (
        Membership.objects.filter(person=request.user, accepted_at__isnull=False)
        .select_related("cohort")
        .order_by("-accepted_at")
    )
    return render(request, "privacy/consent.html", {"choices": choices, "agreements": agreements})
