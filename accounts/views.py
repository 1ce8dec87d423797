from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _


@login_required
def password_set_refused(request):
    """allauth's "set a password" page, closed: who has no password (participants) logs
    in by an e-mailed code or a passkey; staff change theirs at "change password"."""
    if request.user.has_usable_password():
        return redirect("account_change_password")
    messages.info(
        request,
        _(
            "You do not need a password: you log in with a code by e-mail. "
            "A passkey is an easy and safe extra choice."
        ),
    )
    return redirect("privacy:overview")
