"""The weekly e-mail to the coach: counts and a link, no names; sent once a week."""

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from attention.models import DigestSent
from attention.tasks import send_weekly_digest

from .conftest import ABSENT, DAY, at, register, weekly


def test_the_coach_gets_counts_and_a_link_once_a_week_and_no_names(world):
    sessions = weekly(world, 2)
    for session in sessions:
        register(world, session, anna=ABSENT)
    with at(sessions[-1].starts_at + DAY):
        today = timezone.localdate().isoformat()
        assert send_weekly_digest.call(week=today) == 1  # sanne; carla's group has not started
        assert send_weekly_digest.call(week=today) == 0  # safe to repeat
    message = next(m for m in mail.outbox if m.to == [world.sanne.email])
    assert reverse("attention:cohort_list", args=[world.cohort.pk]) in message.body
    assert "Herstelcirkel Noord: 2 deelnemers met een signaal" in message.body
    for name in ("Anna", "Kees", "gemist", "Bijdrage"):
        assert name not in message.body
    assert DigestSent.objects.count() == 1
