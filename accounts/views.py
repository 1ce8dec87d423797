from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .text_size import COOKIE_NAME, TextSize, cookie_kwargs


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


@require_POST
def text_size_set(request: HttpRequest) -> HttpResponse:
    """The text-size switch in the header: a plain form, so it works without JavaScript.
    The choice goes into a cookie and, when logged in, onto the account; then back to
    the page the reader came from (only on this site)."""
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = redirect(next_url)
    size = request.POST.get("size", "")
    if size not in TextSize.values:
        messages.error(request, _("Choose one of the text sizes."))
        return response
    if request.user.is_authenticated:
        services.set_text_size(user=request.user, size=size)
    response.set_cookie(COOKIE_NAME, size, **cookie_kwargs())  # type: ignore[arg-type]
    return response
