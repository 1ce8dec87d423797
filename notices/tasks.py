"""The e-mail about a new notice (Django's tasks API): that there is one, never its text."""

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from notifications.mail import send_notification
from notifications.selectors import Kind, wanting


def _render(context: dict) -> tuple[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("notices/email/new_notice_subject.txt", context).strip()
        body = render_to_string("notices/email/new_notice_message.txt", context)
    return " ".join(subject.split()), body


@task
def send_notice_email(*, notice_id: int) -> None:
    """Tells the group's members that there is a new notice from the author, with a link.

    Once per notice: the notice is claimed (``mailed_at``) in the statement that checks it
    was not mailed yet, so a second run, or a second worker, sends nothing. Only to people
    who are members now (not to the author, nor anyone who left or turned these off), and
    nothing for a notice withdrawn before the task ran.
    """
    from .models import Notice
    from .selectors import audience

    with transaction.atomic():
        claimed = Notice.objects.filter(
            pk=notice_id, mailed_at__isnull=True, withdrawn_at__isnull=True
        ).update(mailed_at=timezone.now())
    if not claimed:
        return
    notice = Notice.objects.select_related("cohort", "author").get(pk=notice_id)
    url = settings.SITE_URL + reverse("notices:list", args=[notice.cohort_id])
    author = notice.author.first_name or notice.author.public_name
    for person in wanting(audience(notice=notice), Kind.NOTICES):
        context = {"notice": notice, "person": person, "author": author, "url": url}
        subject, body = _render(context)
        send_notification(person=person, kind=Kind.NOTICES, subject=subject, body=body)
