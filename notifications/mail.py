"""Sending an e-mail that a person can turn off: the link at the bottom, the headers on top.

Every app that sends such an e-mail hands it here (sessions' reminders and changes, the
chat digest); transactional e-mails (log-in codes, security) do not come here.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.models import User

from .selectors import Kind
from .unsubscribe import unsubscribe_headers, unsubscribe_url


def send_notification(*, person: User, kind: Kind, subject: str, body: str) -> None:
    """Sends one e-mail of this kind to the person, with its unsubscribe link and headers."""
    with translation.override(settings.LANGUAGE_CODE):
        footer = render_to_string(
            "notifications/email/footer.txt",
            {
                "unsubscribe_url": unsubscribe_url(person=person, kind=kind),
                "settings_url": settings.SITE_URL + reverse("notifications:settings"),
            },
        )
    message = EmailMessage(
        subject,
        f"{body.rstrip()}\n\n{footer}",
        None,
        [person.email],
        headers=unsubscribe_headers(person=person, kind=kind),
    )
    message.send()
