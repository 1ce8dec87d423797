"""Access to all my data, erasure that keeps the reports' figures, retention, consent."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from access.policy import Action, may, measurement_memberships_for
from accounts.models import User
from chat import services as chat_services
from groups import services as group_services
from groups.models import Cohort, Membership, add_months
from health import services as health_services
from privacy import services
from privacy.models import AccessLogEntry, ConsentChoice, Erasure
from reports.builder import build_report
from reports.sections import Scope
from tests import factories


def build_programme(world, *, participants: int):
    """A cohort that started 13 months ago, with baseline and 12-month measurements."""
    start = timezone.localdate() - datetime.timedelta(days=400)
    cohort = factories.make_cohort(
        world.organisation, by=world.marloes, name="Rapport", start=start
    )
    group_services.assign_coach(cohort=cohort, coach=world.sanne, by=world.marloes)
    members = [
        factories.enrol(
            cohort,
            nurse=world.petra,
            practice=world.practice,
            email=f"rapport{n}@example.org",
            first_name=f"Persoon{n}",
        )
        for n in range(participants)
    ]
    group_services.start_cohort(
        cohort=cohort, by=world.sanne, confirm_small_start=True, reason="T"
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
    return cohort, members


def _anna_membership(world) -> Membership:
    return world.cohort.memberships.get(person=world.anna)


class TestDownload:
    def test_the_json_holds_my_profile_goals_and_measurements_but_no_secrets(self, client, world):
        membership = _anna_membership(world)
        health_services.create_goal(
            membership=membership, by=world.anna, title="Elke dag wandelen", why="Fitter"
        )
        client.force_login(world.anna)
        response = client.get(reverse("privacy:download_json"))
        assert response["Content-Disposition"].startswith("attachment;")
        data = json.loads(response.content)
        assert data["person"] == "anna@example.org"
        assert data["data"]["accounts.user"][0]["email"] == "anna@example.org"
        assert "password" not in data["data"]["accounts.user"][0]
        profile = data["data"]["groups.participantprofile"][0]
        assert profile["gp_name"] == "dr. Hermans"
        assert data["data"]["health.goalversion"][0]["title"] == "Elke dag wandelen"
        assert [m["id"] for m in data["data"]["groups.membership"]] == [membership.pk]
        flat = json.dumps(data)
        assert "kees@example.org" not in flat  # nobody else's details
        assert "petra@example.org" not in flat

    def test_the_readable_page_shows_my_data(self, client, world):
        client.force_login(world.anna)
        response = client.get(reverse("privacy:download_html"))
        assert response.status_code == 200
        body = response.content.decode()
        assert "anna@example.org" in body
        assert "dr. Hermans" in body
        assert "Kees" not in body.replace("Kees", "", 0) or "kees@example.org" not in body

    def test_anonymous_is_sent_to_log_in(self, client, db):
        response = client.get(reverse("privacy:download_json"))
        assert response["Location"].startswith(reverse("account_login"))


def _report_csv(cohort: Cohort) -> list:
    from reports.exports import to_csv

    scope = Scope(
        cohort_ids=(cohort.pk,),
        start=cohort.start_date,
        end=timezone.localdate(),
    )
    report = build_report(title="t", subtitle="s", scope=scope)
    return to_csv(report).splitlines()[3:]  # past the heading with the generation time


class TestErasure:
    def test_erasure_keeps_the_reports_aggregates(self, world):
        cohort, members = build_programme(world, participants=8)
        leaving = members[0]
        chat_services.post_message(cohort=cohort, author=leaving.person, body="Tot ziens allemaal")
        health_services.create_goal(
            membership=leaving, by=leaving.person, title="Minder suiker", why="Voor mijn kinderen"
        )
        group_services.leave_cohort(
            membership=leaving,
            by=leaving.person,
            reason="Verhuisd naar Groningen",
            category="moved",
        )
        before = _report_csv(cohort)

        services.erase_person(person=leaving.person, by=leaving.person)

        assert _report_csv(cohort) == before
        person = User.objects.get(pk=leaving.person_id)
        assert person.email.endswith("@herstelcirkel.invalid")
        assert (person.first_name, person.last_name) == ("", "")
        assert person.public_name == "Oud-deelnemer"
        assert not person.is_active and not person.has_usable_password()
        profile = person.participant_profile
        assert (profile.gp_name, profile.phone, profile.date_of_birth.month) == ("", "", 7)
        leaving.refresh_from_db()
        assert leaving.end_reason == "" and leaving.end_reason_category == "moved"
        version = leaving.goals.get().current_version
        assert "suiker" not in version.title and version.why == ""
        message = cohort.chat_room.messages.get() if hasattr(cohort, "chat_room") else None
        if message is not None:
            assert message.author.public_name == "Oud-deelnemer"
        assert Erasure.objects.get(person=person).reason == "request"
        assert AccessLogEntry.objects.filter(subject=person, action="erase").count() == 1

    def test_the_chat_shows_a_former_participant(self, world):
        membership = _anna_membership(world)
        message = chat_services.post_message(cohort=world.cohort, author=world.anna, body="Hoi!")
        group_services.leave_cohort(membership=membership, by=world.anna, reason="Geen tijd")
        services.erase_person(person=world.anna, by=world.anna)
        message.refresh_from_db()
        assert message.author.public_name == "Oud-deelnemer"
        assert message.body == "Hoi!"

    def test_an_active_participant_must_leave_first(self, world):
        with pytest.raises(ValidationError):
            services.erase_person(person=world.anna, by=world.anna)
        world.anna.refresh_from_db()
        assert world.anna.email == "anna@example.org"
        assert not Erasure.objects.exists()

    @pytest.mark.parametrize("name", ["sanne", "marloes", "petra", "frank"])
    def test_staff_are_not_erased_this_way(self, world, name):
        with pytest.raises(ValidationError):
            services.erase_person(person=getattr(world, name), by=None)

    def test_the_page_erases_and_logs_out(self, client, world):
        group_services.leave_cohort(
            membership=_anna_membership(world), by=world.anna, reason="Geen tijd"
        )
        client.force_login(world.anna)
        url = reverse("privacy:erase")
        assert client.get(url).status_code == 200
        refused = client.post(url, {})
        assert refused.status_code == 200 and not Erasure.objects.exists()
        response = client.post(url, {"confirm": "on"})
        assert response.status_code == 302
        assert Erasure.objects.filter(person=world.anna).exists()
        assert client.get(reverse("dashboard"))["Location"].startswith(reverse("account_login"))

    def test_the_page_tells_an_active_participant_to_leave_first(self, client, world):
        client.force_login(world.anna)
        response = client.post(reverse("privacy:erase"), {"confirm": "on"})
        assert response.status_code == 200
        assert response.context["refusal"]
        assert not Erasure.objects.exists()


class TestRetention:
    def _finish(self, world, days_ago: int) -> Cohort:
        cohort = world.cohort
        for membership in cohort.memberships.filter(status="active"):
            membership.status = "finished"
            membership.place = None
            membership.aanjager_seat = None
            membership.save()
        Cohort.objects.filter(pk=cohort.pk).update(
            status="finished", finished_at=timezone.now() - datetime.timedelta(days=days_ago)
        )
        return cohort

    def test_participants_of_a_cohort_past_retention_are_pseudonymised(self, world, settings):
        settings.DATA_RETENTION_DAYS_AFTER_FINISH = 365
        self._finish(world, days_ago=400)
        call_command("apply_retention")
        erased = set(Erasure.objects.values_list("person", flat=True))
        assert {world.anna.pk, world.kees.pk} <= erased
        assert world.sanne.pk not in erased and world.otto.pk not in erased
        assert set(Erasure.objects.values_list("reason", flat=True)) == {"retention"}
        entry = AccessLogEntry.objects.filter(subject=world.anna).get()
        assert entry.actor is None and entry.actor_role == "system"
        call_command("apply_retention")  # idempotent
        assert Erasure.objects.count() == len(erased)

    def test_a_cohort_within_retention_is_kept(self, world, settings):
        settings.DATA_RETENTION_DAYS_AFTER_FINISH = 365
        self._finish(world, days_ago=300)
        call_command("apply_retention")
        assert not Erasure.objects.exists()

    def test_the_scheduled_task_does_the_same(self, world, settings):
        from privacy.tasks import apply_retention

        settings.DATA_RETENTION_DAYS_AFTER_FINISH = 30
        self._finish(world, days_ago=31)
        result = apply_retention.enqueue()
        assert result.return_value >= 2


class TestConsent:
    def test_withdrawing_coach_access_to_measurements_applies_at_once(self, client, world):
        membership = _anna_membership(world)
        assert may(world.sanne, Action.VIEW_MEASUREMENTS, membership)
        client.force_login(world.anna)
        page = client.get(reverse("privacy:consent"))
        assert page.status_code == 200
        assert "Herstelcirkel Noord" in page.content.decode()
        response = client.post(
            reverse("privacy:consent"), {"purpose": "coach_measurements", "given": "no"}
        )
        assert response.status_code == 302
        assert not may(world.sanne, Action.VIEW_MEASUREMENTS, membership)
        assert world.anna not in [
            m.person for m in measurement_memberships_for(world.sanne, world.cohort)
        ]
        assert may(world.anna, Action.VIEW_MEASUREMENTS, membership)  # still her own
        assert may(world.petra, Action.VIEW_MEASUREMENTS, membership)  # the practice: care
        client.post(reverse("privacy:consent"), {"purpose": "coach_measurements", "given": "yes"})
        assert may(world.sanne, Action.VIEW_MEASUREMENTS, membership)

    def test_research_is_off_until_given(self, client, world):
        assert not services.consent_given(person=world.anna, purpose="research")
        client.force_login(world.anna)
        client.post(reverse("privacy:consent"), {"purpose": "research", "given": "yes"})
        assert services.consent_given(person=world.anna, purpose="research")
        assert ConsentChoice.objects.count() == 1

    def test_a_bad_choice_changes_nothing(self, client, world):
        client.force_login(world.anna)
        response = client.post(reverse("privacy:consent"), {"purpose": "selling", "given": "yes"})
        assert response.status_code == 200
        assert not ConsentChoice.objects.exists()
