import time

from allauth.mfa.signals import authenticator_added, authenticator_removed, authenticator_reset
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from groups.models import Membership, StaffRole

from .staff import IDLE_KEY, note_roles_changed, staff_state

# Sent by services.erase_person inside its transaction, with ``person``: an app above privacy
# that keeps the person's own words (safety, coupling) removes them or ends what they shared,
# so erasure covers it without privacy importing those apps.
person_erased = Signal()


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


@receiver(post_save, sender=Membership, dispatch_uid="privacy_membership_roles")
@receiver(post_delete, sender=Membership, dispatch_uid="privacy_membership_roles_gone")
@receiver(post_save, sender=StaffRole, dispatch_uid="privacy_staff_roles")
@receiver(post_delete, sender=StaffRole, dispatch_uid="privacy_staff_roles_gone")
def roles_changed(sender, instance, **kwargs):
    """A coach's membership or a staff role: the second-factor rule applies at once."""
    note_roles_changed(instance.person_id)


@receiver(post_save, sender=get_user_model(), dispatch_uid="privacy_user_flags")
def user_flags_changed(sender, instance, created, update_fields=None, **kwargs):
    if created or update_fields == frozenset({"last_login"}):
        return
    note_roles_changed(instance.pk)  # is_staff or is_superuser may have been switched on
