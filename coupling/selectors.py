"""Reads: a participant's share, and the values they share with their practice."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from accounts.models import User
from health.models import Measurement, QuestionnaireResponse

from .models import PracticeShare

# The measures the practice receives (the zib profiles in coupling.fhir); waist, number
# of drugs and insulin have no nl-core profile here and stay in the programme.
SHARED_MEASURES = (
    "weight",
    "height",
    "bp_systolic",
    "bp_diastolic",
    "hba1c",
    "cholesterol_total",
    "ldl",
)
SHARED_INSTRUMENTS = ("who5",)


def active_share(*, person: User) -> PracticeShare | None:
    return PracticeShare.objects.active().filter(person=person).select_related("practice").first()


def share_history(*, person: User) -> list[PracticeShare]:
    return list(PracticeShare.objects.filter(person=person).select_related("practice"))


@dataclass
class SharedRecord:
    """What one participant shares: measurements (not those the practice entered itself)
    and scored questionnaires, oldest first."""

    person: User
    measurements: list[Measurement] = field(default_factory=list)
    responses: list[QuestionnaireResponse] = field(default_factory=list)

    def latest(self, measure: str) -> Measurement | None:
        values = [m for m in self.measurements if m.measure == measure]
        return values[-1] if values else None

    def blood_pressures(self) -> list[tuple[datetime.date, Decimal, Decimal, Measurement]]:
        """Systolic and diastolic values measured on the same day in the same membership."""
        diastolic = {
            (m.membership_id, m.measured_on): m
            for m in self.measurements
            if m.measure == "bp_diastolic"
        }
        pairs = []
        for m in self.measurements:
            if m.measure != "bp_systolic":
                continue
            lower = diastolic.get((m.membership_id, m.measured_on))
            if lower is not None:
                pairs.append((m.measured_on, m.value, lower.value, m))
        return pairs


def shared_record(*, person: User) -> SharedRecord:
    measurements = (
        Measurement.objects.filter(membership__person=person, measure__in=SHARED_MEASURES)
        .exclude(entered_as=Measurement.EnteredAs.NURSE)
        .order_by("measured_on", "pk")
    )
    responses = (
        QuestionnaireResponse.objects.filter(
            membership__person=person,
            instrument__key__in=SHARED_INSTRUMENTS,
            score__isnull=False,
        )
        .select_related("instrument")
        .prefetch_related("answers__item")
        .order_by("completed_on", "pk")
    )
    return SharedRecord(person=person, measurements=list(measurements), responses=list(responses))


def shared_measure_labels() -> list[str]:
    """What the participant shares, in words (for the page where they choose)."""
    from django.utils.translation import gettext as _

    from health.measures import MEASURES

    labels = [str(MEASURES[key].label) for key in SHARED_MEASURES]
    return [*labels, _("WHO-5 well-being score and answers")]
