"""Notices and their read receipts: who sees one pinned, marking it read, who has read."""

import pytest
from django.core.exceptions import ValidationError

from groups import services as group_services
from notices import selectors, services
from notices.models import MAX_NOTICE_LENGTH, NoticeRead


def test_a_notice_is_pinned_for_every_member_but_its_author(world, notice_by):
    notice = notice_by(world.sanne)
    for member in (world.anna, world.kees):
        assert selectors.open_notices(cohort=world.cohort, person=member) == [notice]
    assert selectors.open_notices(cohort=world.cohort, person=world.sanne) == []
    assert set(selectors.audience(notice=notice)) == {world.anna, world.kees}


def test_marking_read_unpins_it_for_that_member_only_and_only_once(world, notice_by):
    notice = notice_by(world.kees)
    assert services.mark_notice_read(notice=notice, person=world.anna) is True
    assert services.mark_notice_read(notice=notice, person=world.anna) is False  # a double click
    assert NoticeRead.objects.filter(notice=notice).count() == 1
    assert selectors.open_notices(cohort=world.cohort, person=world.anna) == []
    assert selectors.open_notices(cohort=world.cohort, person=world.sanne) == [notice]


def test_read_receipts_name_who_has_read_and_who_not_yet(world, notice_by):
    notice = notice_by(world.kees)
    services.mark_notice_read(notice=notice, person=world.sanne)
    receipts = selectors.read_receipts(notice=notice)
    assert [(m.person, at is not None) for m, at in receipts.read] == [(world.sanne, True)]
    assert [m.person for m in receipts.not_read] == [world.anna]  # never the author
    services.mark_notice_read(notice=notice, person=world.anna)
    receipts = selectors.read_receipts(notice=notice)
    assert {m.person for m, _at in receipts.read} == {world.anna, world.sanne}
    assert receipts.not_read == []


def test_the_notices_page_counts_reads_among_the_current_members(world, notice_by):
    notice = notice_by(world.sanne)
    services.mark_notice_read(notice=notice, person=world.anna)
    [row] = selectors.group_notices(cohort=world.cohort, person=world.anna)
    assert (row.notice, row.read_by_me, row.read_count, row.audience_count) == (notice, True, 1, 2)
    # anna leaves: she drops out of the count and of the receipts, her reading is kept
    group_services.leave_cohort(
        membership=world.cohort.memberships.get(person=world.anna),
        by=world.anna,
        reason="Verhuisd",
        category="moved",
    )
    [row] = selectors.group_notices(cohort=world.cohort, person=world.kees)
    assert (row.read_by_me, row.read_count, row.audience_count) == (False, 0, 1)
    receipts = selectors.read_receipts(notice=notice)
    assert receipts.read == [] and [m.person for m in receipts.not_read] == [world.kees]
    assert NoticeRead.objects.filter(notice=notice, person=world.anna).exists()


def test_a_member_who_joins_later_sees_the_open_notice_too(world, notice_by):
    notice = notice_by(world.sanne)
    assert selectors.open_notices_for(person=world.ivo) == []  # invited, not in yet
    invitation = world.cohort.memberships.get(person=world.ivo)
    group_services.accept_agreement(
        membership=invitation, by=world.ivo, agreement=True, privacy=True
    )
    newcomer = world.ivo
    assert selectors.open_notices(cohort=world.cohort, person=newcomer) == [notice]
    assert selectors.open_notices_for(person=newcomer) == [notice]
    assert newcomer in {m.person for m in selectors.read_receipts(notice=notice).not_read}


def test_a_withdrawn_notice_is_unpinned_for_everyone(world, notice_by):
    notice = notice_by(world.kees)
    services.withdraw_notice(notice=notice, by=world.sanne)
    assert selectors.open_notices(cohort=world.cohort, person=world.anna) == []
    assert selectors.group_notices(cohort=world.cohort, person=world.anna) == []
    with pytest.raises(ValidationError):
        services.withdraw_notice(notice=notice, by=world.kees)


def test_the_overview_lists_the_open_notices_of_the_persons_groups_only(world, notice_by):
    notice = notice_by(world.sanne)
    assert selectors.open_notices_for(person=world.anna) == [notice]
    assert selectors.open_notices_for(person=world.otto) == []  # another cohort
    assert selectors.open_notices_for(person=world.marloes) == []  # the manager


@pytest.mark.parametrize(
    ("body", "error"),
    [("   ", "Schrijf eerst de mededeling."), ("x" * (MAX_NOTICE_LENGTH + 1), "hoogstens 1000")],
)
def test_an_empty_or_too_long_notice_is_refused_in_plain_words(world, body, error):
    with pytest.raises(ValidationError) as refused:
        services.post_notice(cohort=world.cohort, by=world.sanne, body=body)
    assert error in " ".join(refused.value.messages)


def test_the_quick_check_of_a_sync_agrees_with_the_open_notices(world, notice_by):
    """has_open_notices (plain SQL, asked on every reconnect) says yes exactly when
    open_notices has something, in every state a notice can be in, for every member."""

    def agrees() -> None:
        for cohort in (world.cohort, world.other_cohort):
            for person in (world.anna, world.kees, world.sanne, world.otto):
                pinned = selectors.open_notices(cohort=cohort, person=person)
                quick = selectors.has_open_notices(cohort_id=cohort.pk, person_id=person.pk)
                assert quick is bool(pinned), (cohort, person)
                events = selectors.open_notice_events(cohort_id=cohort.pk, person=person)
                assert events == [notice.as_event() for notice in pinned]

    agrees()  # nothing posted
    notice = notice_by(world.sanne)
    assert selectors.has_open_notices(cohort_id=world.cohort.pk, person_id=world.anna.pk)
    agrees()
    services.mark_notice_read(notice=notice, person=world.anna)
    assert not selectors.has_open_notices(cohort_id=world.cohort.pk, person_id=world.anna.pk)
    agrees()
    services.withdraw_notice(notice=notice, by=world.sanne)
    assert not selectors.has_open_notices(cohort_id=world.cohort.pk, person_id=world.kees.pk)
    agrees()
