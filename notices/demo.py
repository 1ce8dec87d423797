"""One open notice from the coach in the running cohort, so the demo shows it pinned."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from groups.models import Cohort

from .models import Notice, NoticeRead

COHORT = "Herstelcirkel Noord 2026"
BODY = (
    "Let op: de bijeenkomst van donderdag is in de grote zaal van het buurthuis, "
    "niet in de kleine. Neem gerust iemand mee om te proeven."
)


@transaction.atomic
def load() -> None:
    cohort = Cohort.objects.filter(name=COHORT).first()
    coach = User.objects.filter(email="coach@herstelcirkel.test").first()
    if cohort is None or coach is None or Notice.objects.filter(cohort=cohort).exists():
        return
    # Stored directly, as already e-mailed: loading the demo sends no e-mail to the group.
    posted = timezone.now() - datetime.timedelta(hours=20)
    notice = Notice.objects.create(
        cohort=cohort, author=coach, body=BODY, created_at=posted, mailed_at=posted
    )
    # Kees has read it already; anna and the others still see it pinned.
    kees = User.objects.filter(email="kees@herstelcirkel.test").first()
    if kees is not None:
        NoticeRead.objects.create(
            notice=notice, person=kees, read_at=posted + datetime.timedelta(hours=2)
        )
