import datetime

import pytest
from django.utils import timezone

from groups import services as group_services
from groups.models import add_months
from health import services as health_services
from sessions import services as session_services
from tests import factories


def build_programme(world, *, participants: int, sessions: int, name: str = "Groep Rapport"):
    """A cohort that started 13 months ago, with attendance and baseline/12-month values."""
    today = timezone.localdate()
    start = today - datetime.timedelta(days=400)
    cohort = factories.make_cohort(world.organisation, by=world.marloes, name=name, start=start)
    group_services.assign_coach(cohort=cohort, coach=world.sanne, by=world.marloes)
    group_services.set_cohort_funders(cohort=cohort, funders=[world.funder], by=world.marloes)
    members = [
        factories.enrol(
            cohort,
            nurse=world.petra,
            practice=world.practice,
            email=f"{name.lower().replace(' ', '')}{n}@example.org",
            first_name=f"Persoon{n}",
        )
        for n in range(participants)
    ]
    group_services.start_cohort(
        cohort=cohort, by=world.sanne, confirm_small_start=participants < 16, reason="Test"
    )
    for index, membership in enumerate(members):
        for day, weight in ((start, 90 + index), (add_months(start, 12), 87 + index)):
            health_services.record_measurements(
                membership=membership,
                by=world.sanne,
                measured_on=day,
                source="session",
                values={"weight": weight, "hba1c": 60 - (index % 3), "height": 175},
            )
    first = timezone.make_aware(datetime.datetime.combine(start, datetime.time(19)))
    for week in range(sessions):
        session = session_services.plan_session(
            cohort=cohort,
            by=world.sanne,
            title=f"Bijeenkomst {week + 1}",
            place="Buurthuis De Brug",
            starts_at=first + datetime.timedelta(weeks=week),
            ends_at=first + datetime.timedelta(weeks=week, hours=2),
        )
        session_services.record_attendance(
            session=session,
            by=world.sanne,
            entries={
                m.person_id: ("present" if (i + week) % 4 else "absent", "")
                for i, m in enumerate(members)
            },
        )
    return cohort, members


@pytest.fixture
def programme(world):
    return build_programme(world, participants=12, sessions=4)
