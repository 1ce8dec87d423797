"""Writes for notices: stored first, then sent to the chat socket and by e-mail on commit.

The frames go through the chat's channel-layer groups (chat.models): ``notice`` to the
whole room, ``notice_read`` only to the reader's own connections (who has read a notice is
for the author and the coach, never for the group). The chat consumer hands every
``chat.event`` to its client as it is, so it needs no handler of its own for them.
"""

import json

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from chat.models import member_group_name, room_group_name
from groups.models import Cohort

from .models import MAX_NOTICE_LENGTH, Notice, NoticeRead
from .tasks import send_notice_email


def _send_on_commit(group: str, frame: dict) -> None:
    """Sends the frame to a channel-layer group once the transaction commits; a channel
    layer that is down does not undo what was stored (the socket's sync catches up)."""
    event = {"type": "chat.event", "text": json.dumps(frame)}
    transaction.on_commit(
        lambda: async_to_sync(get_channel_layer().group_send)(group, event), robust=True
    )


def _clean_body(body: str) -> str:
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise ValidationError({"body": _("Please write the notice first.")})
    if "\x00" in body:
        raise ValidationError({"body": ProhibitNullCharactersValidator.message})
    if len(body) > MAX_NOTICE_LENGTH:
        raise ValidationError(
            {
                "body": _(
                    "A notice can be at most %(max)d characters long; this one has %(count)d. "
                    "Please make it shorter."
                )
                % {"max": MAX_NOTICE_LENGTH, "count": len(body)}
            }
        )
    return body


@transaction.atomic
def post_notice(*, cohort: Cohort, by: User, body: str) -> Notice:
    """Stores the notice, pins it for the group's members and e-mails them that it is there
    (the view has asked the access layer whether ``by`` may post)."""
    notice = Notice(cohort=cohort, author=by, body=_clean_body(body), created_at=timezone.now())
    notice.full_clean()
    notice.save()
    _send_on_commit(room_group_name(cohort.pk), notice.as_event())
    transaction.on_commit(lambda: send_notice_email.enqueue(notice_id=notice.pk))
    return notice


@transaction.atomic
def withdraw_notice(*, notice: Notice, by: User) -> Notice:
    """Takes the notice down for everyone; who read it stays recorded."""
    notice = Notice.objects.select_for_update().select_related("author").get(pk=notice.pk)
    if notice.withdrawn_at is not None:
        raise ValidationError(_("This notice has been withdrawn already."))
    notice.withdrawn_at = timezone.now()
    notice.withdrawn_by = by
    notice.save(update_fields=["withdrawn_at", "withdrawn_by"])
    _send_on_commit(room_group_name(notice.cohort_id), notice.as_event())
    return notice


def mark_notice_read(*, notice: Notice, person: User) -> bool:
    """Records that the member has read the notice (once: a second time changes nothing).

    True when this marked it read. The member's other tabs and devices hide it as well.
    """
    try:
        with transaction.atomic():
            NoticeRead.objects.create(notice=notice, person=person, read_at=timezone.now())
            frame = {"type": "notice_read", "id": notice.pk}
            _send_on_commit(member_group_name(notice.cohort_id, person.pk), frame)
    except IntegrityError:  # read already (another tab, a double click)
        return False
    return True
