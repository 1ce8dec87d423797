"""Demo coupling: anna shares her values with her practice, and a study of the running
cohort with its evaluator, to which most participants gave research consent (safe to run
again: nothing is added when the study exists)."""

from django.db import transaction

from accounts.demo import DEMO_STAFF_PASSWORD, ensure_demo_user
from accounts.models import User
from groups.models import Cohort, Organisation, ParticipantProfile
from privacy.models import ConsentChoice
from privacy.services import set_consent

from . import services
from .models import Study

STUDY = "Evaluatie Herstelcirkel Rivierstad"
COHORT = "Herstelcirkel Noord 2026"
# Research consent is asked for, not assumed: a few participants say no (or nothing).
CONSENTING_SHARE = 3 / 4


@transaction.atomic
def load() -> None:
    evaluator = ensure_demo_user(
        email="onderzoek@herstelcirkel.test",
        role="evaluator of a study (research export)",
        display_name="Onderzoeker",
        first_name="Onderzoeker",
        password=DEMO_STAFF_PASSWORD,
    )
    cohort = Cohort.objects.filter(name=COHORT).select_related("organisation").first()
    if cohort is None or Study.objects.filter(name=STUDY).exists():
        return
    organisation: Organisation = cohort.organisation
    study = Study.objects.create(name=STUDY, organisation=organisation)
    study.cohorts.add(cohort)
    study.evaluators.add(evaluator)
    participants = [
        membership.person for membership in cohort.memberships.participants().order_by("pk")
    ]
    for person in participants[: round(len(participants) * CONSENTING_SHARE)]:
        set_consent(person=person, purpose=ConsentChoice.Purpose.RESEARCH, given=True)
    anna = User.objects.filter(email="anna@herstelcirkel.test").first()
    if anna is not None and ParticipantProfile.objects.filter(person=anna).exists():
        services.start_practice_share(person=anna)
