"""What erasure removes from the safety net: the person's free text, and notes about them.

Kept: the kind of each drug, its dates and whether it can cause a hypo, the glucose values
and alerts with their times, tied to the pseudonym, so the counts in the reports stay.
"""

from typing import Any

from django.dispatch import receiver

from accounts.models import User
from privacy.signals import person_erased

from .medicines import KNOWN_DRUGS
from .models import AlertComment, HypoReport, Medication, MedicationChange

REMOVED = "–"


@receiver(person_erased, dispatch_uid="safety_scrub_on_erasure")
def scrub_safety_records(sender: Any, person: User, **kwargs: Any) -> None:
    # a drug typed in by hand may say more than its name; the short list's names do not
    Medication.objects.filter(person=person).exclude(name__in=KNOWN_DRUGS).update(name=REMOVED)
    MedicationChange.objects.filter(medication__person=person).update(agreed_by_name="")
    HypoReport.objects.filter(person=person).update(symptoms_other="", action_other="")
    AlertComment.objects.filter(alert__person=person).update(text=REMOVED)
