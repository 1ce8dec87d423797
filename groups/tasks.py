"""Background work of the groups app (immediate in the embedded mode, a worker in production)."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


@task
def send_invitation(*, membership_id: int) -> None:
    """E-mails a referred participant the invitation to log in and accept the agreement."""
    from .invitations import token_for
    from .models import Membership

    membership = Membership.objects.select_related("person", "cohort").get(pk=membership_id)
    if membership.status != Membership.Status.INVITED:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "membership": membership,
            "login_url": settings.SITE_URL + reverse("account_login"),
            "invitation_url": settings.SITE_URL
            + reverse("groups:invitation_welcome", args=[token_for(membership)]),
        }
        subject = render_to_string("groups/email/invitation_subject.txt", context).strip()
        body = render_to_string("groups/email/invitation_message.txt", context)
    send_mail(subject, body, None, [membership.person.email])
