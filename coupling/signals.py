"""Being made evaluator of a study counts at once for the second-factor rule for staff."""

from typing import Any

from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from privacy.staff import note_roles_changed

from .models import Study


@receiver(m2m_changed, sender=Study.evaluators.through, dispatch_uid="coupling_evaluators")
def evaluators_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    if action in ("post_add", "post_remove"):
        people = {instance.pk} if reverse else set(pk_set or ())
    elif action == "pre_clear":  # afterwards nobody knows who they were
        people = (
            {instance.pk} if reverse else set(instance.evaluators.values_list("pk", flat=True))
        )
    else:
        return
    for person_pk in people:
        note_roles_changed(person_pk)
