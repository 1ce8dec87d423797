"""Demo medication and blood sugar for anna, and one open alert on the demo nurse's
worklist (safe to run again: nothing is added when anna already has a medication list)."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from groups.models import Membership

from .models import Medication
from .services import medication, reports


@transaction.atomic
def load() -> None:
    anna = User.objects.filter(email="anna@herstelcirkel.test").first()
    nurse = User.objects.filter(email="poh@herstelcirkel.test").first()
    membership = (
        Membership.objects.participants().active().filter(person=anna).first() if anna else None
    )
    if (
        anna is None
        or membership is None
        or nurse is None
        or Medication.objects.filter(person=anna).exists()
    ):
        return
    today = timezone.localdate()
    metformin = {"name": "metformine", "dose": "500 mg 2 keer per dag"}
    medication.add_medication(
        membership=membership,
        by=nurse,
        started_on=today - datetime.timedelta(days=60),
        **metformin,
    )
    gliclazide = medication.add_medication(
        membership=membership,
        by=nurse,
        name="gliclazide",
        dose="80 mg 1 keer per dag",
        started_on=today - datetime.timedelta(days=50),
    )
    medication.change_medication(
        membership=membership,
        medication=gliclazide,
        by=nurse,
        kind="reduced",
        dose_after="40 mg 1 keer per dag",
        effective_on=today - datetime.timedelta(days=10),
        agreed_with="gp",
        agreed_by_name="dokter Jansen",
    )
    now = timezone.now()
    for hours, value in ((50, "7.1"), (26, "6.4")):
        reports.report_glucose(
            membership=membership,
            by=anna,
            value=value,
            context="fasting",
            measured_at=now - datetime.timedelta(hours=hours),
        )
    reports.report_glucose(
        membership=membership,
        by=anna,
        value="3.6",
        context="symptoms",
        measured_at=now - datetime.timedelta(hours=2),
    )
