"""What erasure does to coupling: an active share with the practice ends at once."""

from typing import Any

from django.dispatch import receiver
from django.utils import timezone

from accounts.models import User
from privacy.signals import person_erased

from .models import PracticeShare


@receiver(person_erased, dispatch_uid="coupling_end_share_on_erasure")
def end_practice_share(sender: Any, person: User, **kwargs: Any) -> None:
    PracticeShare.objects.active().filter(person=person).update(ended_at=timezone.now())
