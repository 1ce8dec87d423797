import time

from allauth.mfa.signals import authenticator_added, authenticator_removed, authenticator_reset
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .middleware import IDLE_KEY
from .staff import staff_state


@receiver(user_logged_in, dispatch_uid="privacy_on_login")
def start_idle_clock(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    request.session[IDLE_KEY] = time.time()
    request.user = user
    staff_state(request, refresh=True)


@receiver(authenticator_added, dispatch_uid="privacy_mfa_added")
@receiver(authenticator_removed, dispatch_uid="privacy_mfa_removed")
@receiver(authenticator_reset, dispatch_uid="privacy_mfa_reset")
def recheck_second_factor(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session") and request.user.is_authenticated:
        staff_state(request, refresh=True)
