"""Two practice nurses race for a cohort's 20th place: exactly one wins.

This needs a database where two connections really run at the same time, so it runs
on PostgreSQL (CI's second run); SQLite serialises every write anyway.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from groups import services
from groups.models import Membership, StaffRole
from tests import factories

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)"
)


@pytest.mark.django_db(transaction=True)
def test_two_referrals_racing_for_the_twentieth_place_exactly_one_wins():
    organisation = factories.make_organisation()
    practice = factories.make_practice(organisation)
    manager = factories.make_person()
    nurse = factories.make_person()
    services.grant_staff_role(
        person=manager, role=StaffRole.Role.MANAGER, organisation=organisation
    )
    services.grant_staff_role(person=nurse, role=StaffRole.Role.PRACTICE_NURSE, practice=practice)
    cohort = factories.make_cohort(organisation, by=manager)
    for _ in range(19):
        factories.refer(cohort, nurse=nurse, practice=practice)

    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def refer(email: str) -> None:
        try:
            barrier.wait(timeout=10)
            factories.refer(cohort, nurse=nurse, practice=practice, email=email)
            outcomes.append("won")
        except ValidationError as error:
            outcomes.append("refused: " + " ".join(error.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=refer, args=(f"racer{n}@example.org",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes)[0] == "refused: Deze groep is vol: er zijn al 20 deelnemers."
    assert sorted(outcomes)[1] == "won"
    assert Membership.objects.filter(cohort=cohort).participants().count() == 20
    places = sorted(Membership.objects.filter(cohort=cohort).values_list("place", flat=True))
    assert places == list(range(1, 21))
