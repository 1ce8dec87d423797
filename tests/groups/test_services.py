import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from groups import invitations, services
from groups.models import (
    Cohort,
    EnrolmentEvent,
    Membership,
    ParticipantProfile,
    add_months,
)
from tests import factories


@pytest.fixture
def forming(world):
    return factories.make_cohort(world.organisation, by=world.marloes, name="Herstelcirkel Oost")


def refer(world, cohort, **fields):
    return factories.refer(cohort, nurse=world.petra, practice=world.practice, **fields)


# --- cohorts ---------------------------------------------------------------------------------


def test_cohort_must_run_at_least_twelve_months(world):
    start = datetime.date(2027, 1, 31)
    with pytest.raises(ValidationError) as error:
        factories.make_cohort(
            world.organisation,
            by=world.marloes,
            start=start,
            planned_end_date=datetime.date(2027, 12, 31),
        )
    assert "planned_end_date" in error.value.error_dict
    assert not Cohort.objects.filter(start_date=start).exists()
    cohort = factories.make_cohort(
        world.organisation,
        by=world.marloes,
        start=start,
        planned_end_date=datetime.date(2028, 1, 31),
    )
    assert cohort.pk


def test_end_before_start_is_refused_by_the_database_too(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Cohort.objects.create(
            organisation=world.organisation,
            name="Fout",
            meeting_place="x",
            start_date=datetime.date(2027, 1, 1),
            planned_end_date=datetime.date(2026, 1, 1),
            monthly_contribution_cents=500,
        )


def test_add_months_keeps_the_day_or_takes_the_last_of_the_month():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 3, 15), 12) == datetime.date(2027, 3, 15)
    assert add_months(datetime.date(2027, 11, 30), 3) == datetime.date(2028, 2, 29)


def test_negative_contribution_is_refused(world):
    with pytest.raises(ValidationError):
        factories.make_cohort(world.organisation, by=world.marloes, monthly_contribution_cents=-1)


# --- enrolment flow --------------------------------------------------------------------------


def test_referral_records_profile_place_and_who_referred(world, forming):
    membership = refer(world, forming, email="lien@example.org", first_name="Lien", phone="0612")
    assert membership.status == Membership.Status.REFERRED
    assert membership.place == 1
    profile = ParticipantProfile.objects.get(person=membership.person)
    assert profile.practice == world.practice and profile.phone == "0612"
    event = membership.events.get()
    assert event.kind == EnrolmentEvent.Kind.REFERRED and event.by == world.petra


def test_consent_sends_the_invitation_only_after_commit(
    world, forming, mailoutbox, django_capture_on_commit_callbacks
):
    membership = refer(world, forming, email="lien@example.org", first_name="Lien")
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        factories.consent(membership, nurse=world.petra)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.INVITED
    assert membership.gp_consent.gp_name == "dr. Hermans"
    assert [mail.to for mail in mailoutbox] == [["lien@example.org"]]
    assert f"/welkom/{invitations.token_for(membership)}/" in mailoutbox[0].body
    assert "Beste Lien" in mailoutbox[0].body
    kinds = list(membership.events.values_list("kind", flat=True))
    assert kinds == ["referred", "gp_consent", "invited"]


def test_no_invitation_before_gp_consent(world, forming, mailoutbox):
    membership = refer(world, forming)
    with pytest.raises(ValidationError):
        services.invite_participant(membership=membership, by=world.petra)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.REFERRED
    assert mailoutbox == []


def test_consent_date_cannot_be_in_the_future(world, forming):
    membership = refer(world, forming)
    with pytest.raises(ValidationError) as error:
        services.record_gp_consent(
            membership=membership,
            by=world.petra,
            gp_name="dr. X",
            given_on=timezone.localdate() + datetime.timedelta(days=1),
            method="in_writing",
        )
    assert "given_on" in error.value.error_dict
    membership.refresh_from_db()
    assert membership.status == Membership.Status.REFERRED


def test_no_participation_before_accepting_both_texts(world, forming):
    membership = factories.consent(refer(world, forming), nurse=world.petra)
    with pytest.raises(ValidationError) as error:
        services.accept_agreement(
            membership=membership, by=membership.person, agreement=True, privacy=False
        )
    assert set(error.value.error_dict) == {"privacy"}
    membership.refresh_from_db()
    assert membership.status == Membership.Status.INVITED and membership.accepted_at is None


def test_someone_else_cannot_accept_for_the_participant(world, forming):
    membership = factories.consent(refer(world, forming), nurse=world.petra)
    with pytest.raises(ValidationError):
        services.accept_agreement(
            membership=membership, by=world.petra, agreement=True, privacy=True
        )


def test_accepting_makes_the_participant_active(world, forming):
    membership = factories.enrol(forming, nurse=world.petra, practice=world.practice)
    assert membership.status == Membership.Status.ACTIVE
    assert membership.agreement_version == services.AGREEMENT_VERSION
    assert membership.events.filter(kind="accepted", by=membership.person).exists()


def test_age_outside_45_to_75_needs_a_reason(world, forming):
    with pytest.raises(ValidationError) as error:
        refer(world, forming, age=40, email="jong@example.org")
    assert "age_exception_reason" in error.value.error_dict
    assert not Membership.objects.filter(person__email="jong@example.org").exists()
    membership = refer(
        world,
        forming,
        age=40,
        email="jong@example.org",
        age_exception_reason="Erfelijke aanleg, huisarts vindt het passend",
    )
    assert membership.age_exception_reason


def test_referral_to_a_running_cohort_is_refused(world):
    with pytest.raises(ValidationError):
        refer(world, world.cohort)


def test_a_person_takes_part_in_one_cohort_at_a_time(world, forming):
    with pytest.raises(ValidationError) as error:
        refer(world, forming, email=world.anna.email)
    assert "email" in error.value.error_dict
    assert world.anna.memberships.count() == 1


def test_one_open_participation_per_person_is_kept_by_the_database(world, forming):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            person=world.anna, cohort=forming, role="participant", status="referred", place=1
        )


def test_twenty_first_participant_is_refused(world, forming):
    for _ in range(20):
        refer(world, forming)
    with pytest.raises(ValidationError) as error:
        refer(world, forming, email="nummer21@example.org")
    assert "Deze groep is vol" in " ".join(error.value.messages)
    assert forming.memberships.participants().count() == 20
    assert not Membership.objects.filter(person__email="nummer21@example.org").exists()


def test_two_people_on_one_place_is_refused_by_the_database(world, forming):
    refer(world, forming)
    other = factories.make_person()
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            person=other, cohort=forming, role="participant", status="referred", place=1
        )


def test_place_above_twenty_is_refused_by_the_database(world, forming):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            person=factories.make_person(),
            cohort=forming,
            role="participant",
            status="referred",
            place=21,
        )


def test_leaving_frees_the_place_and_keeps_history(world, forming):
    memberships = [refer(world, forming) for _ in range(20)]
    active = (
        factories.enrol(forming, nurse=world.petra, practice=world.practice) if False else None
    )
    assert active is None
    leaver = memberships[4]
    services.end_membership(membership=leaver, by=world.sanne, category="moved", reason="Verhuisd")
    leaver.refresh_from_db()
    assert leaver.status == Membership.Status.LEFT and leaver.place is None
    assert leaver.end_reason == "Verhuisd"
    assert leaver.events.filter(kind="ended", by=world.sanne).exists()
    newcomer = refer(world, forming, email="nieuw@example.org")
    assert newcomer.place == 5


def test_participant_leaves_with_a_reason(world):
    membership = world.cohort.memberships.get(person=world.anna)
    with pytest.raises(ValidationError):
        services.leave_cohort(membership=membership, by=world.anna, reason="  ")
    with pytest.raises(ValidationError) as error:
        services.leave_cohort(
            membership=membership, by=world.anna, category="bored", reason="Geen zin"
        )
    assert set(error.value.error_dict) == {"category"}
    services.leave_cohort(
        membership=membership, by=world.anna, category="time", reason="Te druk met werk"
    )
    membership.refresh_from_db()
    assert membership.status == Membership.Status.LEFT
    assert membership.end_reason_category == "time"
    assert membership.events.filter(kind="left", by=world.anna).exists()


# --- aanjagers and the cohort's life cycle ---------------------------------------------------


def test_a_third_aanjager_is_refused(world, forming):
    members = [
        factories.enrol(forming, nurse=world.petra, practice=world.practice) for _ in range(3)
    ]
    services.start_cohort(cohort=forming, by=world.sanne, confirm_small_start=True, reason="Proef")
    services.appoint_aanjager(membership=members[0], by=world.sanne)
    services.appoint_aanjager(membership=members[1], by=world.sanne)
    with pytest.raises(ValidationError) as error:
        services.appoint_aanjager(membership=members[2], by=world.sanne)
    assert "twee aanjagers" in error.value.messages[0]
    assert forming.memberships.filter(role="aanjager").count() == 2


def test_a_third_aanjager_seat_is_refused_by_the_database(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(person=world.anna, cohort=world.cohort).update(
            role="aanjager", aanjager_seat=1
        )


def test_aanjager_can_step_down_and_seat_is_free_again(world):
    kees = world.cohort.memberships.get(person=world.kees)
    services.step_down_aanjager(membership=kees, by=world.sanne)
    kees.refresh_from_db()
    assert kees.role == "participant" and kees.aanjager_seat is None
    anna = services.appoint_aanjager(
        membership=world.cohort.memberships.get(person=world.anna), by=world.sanne
    )
    assert anna.aanjager_seat == 1


def test_invited_person_cannot_be_aanjager(world):
    ivo = world.cohort.memberships.get(person=world.ivo)
    with pytest.raises(ValidationError):
        services.appoint_aanjager(membership=ivo, by=world.sanne)


def test_starting_below_sixteen_needs_confirmation_and_reason(world, forming):
    factories.enrol(forming, nurse=world.petra, practice=world.practice)
    for confirm, reason in [(False, ""), (True, ""), (False, "Wachtlijst is leeg")]:
        with pytest.raises(ValidationError):
            services.start_cohort(
                cohort=forming, by=world.marloes, confirm_small_start=confirm, reason=reason
            )
    forming.refresh_from_db()
    assert forming.status == Cohort.Status.FORMING
    services.start_cohort(
        cohort=forming, by=world.marloes, confirm_small_start=True, reason="Wachtlijst is leeg"
    )
    forming.refresh_from_db()
    assert forming.status == Cohort.Status.RUNNING
    assert forming.small_start_reason == "Wachtlijst is leeg"
    assert forming.events.filter(kind="started", by=world.marloes).exists()


def test_sixteen_active_participants_start_without_confirmation(world, forming):
    for _ in range(16):
        factories.enrol(forming, nurse=world.petra, practice=world.practice)
    services.start_cohort(cohort=forming, by=world.sanne)
    forming.refresh_from_db()
    assert forming.status == Cohort.Status.RUNNING and forming.small_start_reason == ""


def test_finishing_closes_every_membership_and_frees_people(world):
    services.finish_cohort(cohort=world.cohort, by=world.sanne)
    statuses = set(world.cohort.memberships.values_list("status", flat=True))
    assert statuses == {Membership.Status.FINISHED}
    follow_up = factories.make_cohort(world.organisation, by=world.marloes)
    assert refer(world, follow_up, email=world.anna.email).person == world.anna


def test_coach_cannot_also_be_participant_of_the_same_cohort(world):
    with pytest.raises(ValidationError):
        services.assign_coach(cohort=world.cohort, coach=world.anna, by=world.marloes)


def test_manager_removes_a_coach(world):
    coach = world.cohort.memberships.get(person=world.sanne)
    services.remove_coach(membership=coach, by=world.marloes, reason="Andere baan")
    coach.refresh_from_db()
    assert coach.status == Membership.Status.LEFT and coach.end_reason == "Andere baan"
