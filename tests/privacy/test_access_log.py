"""The access log (NEN 7513): one entry per access, never changed or deleted."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from privacy import access_log
from privacy.models import AccessLogEntry, AppendOnlyError


def _entry(world, **fields) -> AccessLogEntry:
    values = {
        "actor": world.sanne,
        "subject": world.anna,
        "action": "view",
        "data_kind": "measurements",
    }
    values.update(fields)
    return access_log.record(**values)


def test_record_writes_who_what_whose_and_on_whose_behalf(world, rf):
    request = rf.get("/metingen/12/?x=1")
    entry = _entry(world, request=request)
    entry.refresh_from_db()
    assert entry.actor == world.sanne
    assert entry.subject == world.anna
    assert entry.action == AccessLogEntry.Action.VIEW
    assert entry.data_kind == AccessLogEntry.DataKind.MEASUREMENTS
    assert entry.actor_role == AccessLogEntry.ActorRole.COACH
    assert entry.organisation == world.organisation
    assert entry.path == "/metingen/12/?x=1"
    assert timezone.now() - entry.at < datetime.timedelta(minutes=1)


def test_the_nurse_acts_on_behalf_of_the_organisation(world):
    entry = _entry(world, actor=world.petra, data_kind="referral")
    assert entry.actor_role == AccessLogEntry.ActorRole.NURSE
    assert entry.organisation == world.organisation


def test_a_group_member_is_logged_without_an_organisation(world):
    entry = _entry(world, actor=world.kees, data_kind="goals")
    assert entry.actor_role == AccessLogEntry.ActorRole.AANJAGER
    assert entry.organisation is None


def test_looking_at_your_own_data_is_not_logged_but_your_export_is(world):
    assert _entry(world, actor=world.anna) is None
    export = _entry(world, actor=world.anna, action="export", data_kind="all_data")
    assert export.actor_role == AccessLogEntry.ActorRole.SELF
    assert AccessLogEntry.objects.count() == 1


def test_record_through_the_membership(world):
    membership = world.cohort.memberships.get(person=world.anna)
    entry = access_log.record(
        actor=world.sanne, membership=membership, action="change", data_kind="plan"
    )
    assert entry.subject == world.anna
    assert entry.action == "change"


def test_unknown_action_or_kind_is_refused(world):
    with pytest.raises(ValueError):
        _entry(world, action="peek")
    with pytest.raises(ValueError):
        _entry(world, data_kind="shoe size")
    assert not AccessLogEntry.objects.exists()


def test_record_many_writes_one_entry_per_named_person(world):
    memberships = list(world.cohort.memberships.participants().active().select_related("cohort"))
    written = access_log.record_many(
        actor=world.sanne, memberships=memberships, action="view", data_kind="attendance"
    )
    assert written == len(memberships) == 2
    assert set(AccessLogEntry.objects.values_list("subject", flat=True)) == {
        world.anna.pk,
        world.kees.pk,
    }
    assert set(AccessLogEntry.objects.values_list("actor_role", flat=True)) == {"coach"}


class TestAppendOnly:
    def test_saving_an_existing_entry_is_refused(self, world):
        entry = _entry(world)
        entry.data_kind = "goals"
        with pytest.raises(AppendOnlyError):
            entry.save()
        entry.refresh_from_db()
        assert entry.data_kind == "measurements"

    def test_deleting_an_entry_is_refused(self, world):
        entry = _entry(world)
        with pytest.raises(AppendOnlyError):
            entry.delete()
        assert AccessLogEntry.objects.filter(pk=entry.pk).exists()

    def test_queryset_update_and_delete_are_refused(self, world):
        _entry(world)
        with pytest.raises(AppendOnlyError):
            AccessLogEntry.objects.update(data_kind="goals")
        with pytest.raises(AppendOnlyError):
            AccessLogEntry.objects.filter(subject=world.anna).delete()
        with pytest.raises(AppendOnlyError):
            AccessLogEntry.objects.all().delete()
        assert AccessLogEntry.objects.get().data_kind == "measurements"

    def test_a_person_with_entries_cannot_be_deleted_away(self, world):
        from django.db.models import ProtectedError

        _entry(world)
        with pytest.raises(ProtectedError):
            world.anna.delete()

    def test_the_database_refuses_an_update_behind_the_orm(self, world):
        entry = _entry(world)
        table = AccessLogEntry._meta.db_table
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET data_kind = %s WHERE id = %s",
                ["goals", entry.pk],
            )
        assert AccessLogEntry.objects.get(pk=entry.pk).data_kind == "measurements"

    @pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite keeps DELETE for Django's test flush; PostgreSQL flushes by TRUNCATE",
    )
    def test_postgresql_refuses_a_delete_behind_the_orm(self, world):
        entry = _entry(world)
        table = AccessLogEntry._meta.db_table
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE id = %s", [entry.pk])
        assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


class TestMyAccessLogPage:
    url = reverse("privacy:my_access_log")

    def test_the_participant_sees_who_looked_newest_first(self, client, world):
        _entry(world, data_kind="measurements")
        _entry(world, actor=world.petra, data_kind="referral")
        _entry(world, subject=world.kees)  # someone else's data
        client.force_login(world.anna)
        response = client.get(self.url)
        assert response.status_code == 200
        rows = response.context["page"].object_list
        assert [e.actor for e in rows] == [world.petra, world.sanne]
        body = response.content.decode()
        assert "Petra" in body and "praktijkondersteuner" in body
        assert "Huisartsenpraktijk" not in body  # the organisation, not the practice

    def test_anonymous_is_sent_to_log_in(self, client, world):
        response = client.get(self.url)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]

    def test_post_is_not_allowed(self, client, world):
        client.force_login(world.anna)
        assert client.post(self.url).status_code == 405


class TestManagerSearch:
    url = reverse("privacy:access_log_search")

    def test_the_manager_finds_entries_by_person_actor_date_and_kind(self, client, world):
        _entry(world, data_kind="measurements")
        _entry(world, actor=world.petra, data_kind="referral")
        _entry(world, subject=world.kees, data_kind="plan")
        client.force_login(world.marloes)
        everything = client.get(self.url).context["page"].paginator.count
        assert everything == 3
        found = client.get(self.url, {"person": "Anna", "actor": "petra@"})
        assert [(e.subject, e.actor) for e in found.context["page"]] == [(world.anna, world.petra)]
        today = timezone.localdate().isoformat()
        by_kind = client.get(self.url, {"data_kind": "plan", "date_from": today})
        assert [e.subject for e in by_kind.context["page"]] == [world.kees]
        yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
        assert client.get(self.url, {"date_to": yesterday}).context["page"].paginator.count == 0

    def test_a_backward_date_range_is_a_clear_error(self, client, world):
        client.force_login(world.marloes)
        response = client.get(self.url, {"date_from": "2026-05-02", "date_to": "2026-05-01"})
        assert response.status_code == 200
        assert response.context["page"] is None
        assert "date_to" in response.context["form"].errors

    def test_entries_of_another_organisation_stay_hidden(self, client, world):
        from tests import factories

        other_org = factories.make_organisation("Zorggroep Elders")
        stranger = factories.make_person("stranger@example.org")
        access_log.record(
            actor=world.olga,
            subject=stranger,
            action="view",
            data_kind="profile",
            organisation=other_org,
        )
        _entry(world)
        client.force_login(world.marloes)
        page = client.get(self.url).context["page"]
        assert [e.subject for e in page] == [world.anna]

    @pytest.mark.parametrize("name", ["sanne", "petra", "anna", "frank", "olga"])
    def test_everyone_but_the_manager_is_refused(self, client, world, name):
        client.force_login(getattr(world, name))
        assert client.get(self.url).status_code == 403

    def test_the_search_page_has_no_n_plus_one(self, client, world, django_assert_max_num_queries):
        for _ in range(30):
            _entry(world)
            _entry(world, actor=world.petra, subject=world.kees)
        client.force_login(world.marloes)
        with django_assert_max_num_queries(25):
            response = client.get(self.url)
        assert response.context["page"].paginator.count == 60
