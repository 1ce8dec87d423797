"""A cohort that starts later: its report's default period does not run backwards."""

import datetime

from django.urls import reverse
from django.utils import timezone

from groups import services


def test_the_default_period_of_a_cohort_that_has_not_started_ends_on_its_start(client, world):
    later = timezone.localdate() + datetime.timedelta(days=45)
    cohort = world.other_cohort
    cohort.start_date = later
    cohort.save(update_fields=["start_date"])
    services.grant_staff_role(
        person=world.marloes, role="manager", organisation=world.organisation
    )
    client.force_login(world.marloes)
    response = client.get(reverse("reports:report", args=["groep", cohort.pk]))
    assert response.status_code == 200
    report = response.context["report"]
    assert report.start <= report.end
    assert (report.start, report.end) == (later, later)
    initial = response.context["form"].initial
    assert initial["start"] <= initial["end"]
