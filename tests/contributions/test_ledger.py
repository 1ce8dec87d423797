"""The ledger: derived months, hand-recorded payments, waivers, leaving, and totals."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from contributions import selectors, services
from contributions.models import ContributionPlan, LedgerLine
from groups import services as group_services
from groups.models import Cohort, add_months
from tests import factories

from .conftest import membership_of, this_month


def months_of(world, person):
    return list(
        LedgerLine.objects.filter(membership=membership_of(world, person))
        .order_by("month")
        .values_list("month", flat=True)
    )


def test_one_line_per_participant_per_month_from_the_plan_start(ledger):
    expected = [add_months(this_month(), -3 + n) for n in range(4)]
    assert months_of(ledger, ledger.anna) == expected
    assert months_of(ledger, ledger.kees) == expected
    assert not LedgerLine.objects.filter(membership__person=ledger.sanne).exists()
    assert not LedgerLine.objects.filter(membership__person=ledger.ivo).exists()


def test_bringing_the_ledger_up_to_date_twice_adds_nothing(ledger):
    assert services.bring_ledger_up_to_date(cohort=ledger.cohort) == 0
    assert LedgerLine.objects.count() == 8


def test_a_forming_cohort_has_no_months_yet(world):
    assert services.bring_ledger_up_to_date(cohort=world.other_cohort) == 0
    assert not LedgerLine.objects.exists()


def test_the_default_plan_follows_the_cohort(world):
    plan = services.ensure_plan(cohort=world.cohort)
    assert plan.amount_cents == world.cohort.monthly_contribution_cents
    assert plan.start_month == world.cohort.start_date.replace(day=1)
    assert plan.end_month == add_months(world.cohort.planned_end_date.replace(day=1), -1)


def test_the_plan_ends_the_months(ledger):
    services.set_plan(
        cohort=ledger.cohort,
        amount_cents=1000,
        start_month=add_months(this_month(), -3),
        end_month=add_months(this_month(), 1),
        by=ledger.marloes,
    )
    services.bring_ledger_up_to_date(cohort=ledger.cohort, today=add_months(this_month(), 6))
    assert months_of(ledger, ledger.anna)[-1] == add_months(this_month(), 1)


def test_a_plan_with_its_end_before_its_start_is_refused(world):
    with pytest.raises(ValidationError):
        services.set_plan(
            cohort=world.cohort,
            amount_cents=1000,
            start_month=this_month(),
            end_month=add_months(this_month(), -1),
            by=world.marloes,
        )
    assert not ContributionPlan.objects.exists()


def test_recording_a_settled_month_again_is_refused(ledger):
    anna = membership_of(ledger, ledger.anna)
    line = anna.ledger_lines.first()
    services.record_payment(
        membership=anna, line_id=line.pk, method="cash", paid_on=this_month(), by=ledger.sanne
    )
    with pytest.raises(ValidationError):
        services.waive_month(membership=anna, line_id=line.pk, reason="Ziek", by=ledger.sanne)
    with pytest.raises(ValidationError):
        services.record_payment(
            membership=anna,
            line_id=line.pk,
            method="bank_transfer",
            paid_on=this_month(),
            by=ledger.sanne,
        )


def test_a_payment_in_the_future_or_by_another_method_is_refused(ledger):
    anna = membership_of(ledger, ledger.anna)
    line = anna.ledger_lines.first()
    with pytest.raises(ValidationError):
        services.record_payment(
            membership=anna,
            line_id=line.pk,
            method="cash",
            paid_on=timezone.localdate() + datetime.timedelta(days=40),
            by=ledger.sanne,
        )
    with pytest.raises(ValidationError):
        services.record_payment(
            membership=anna,
            line_id=line.pk,
            method="stripe",
            paid_on=this_month(),
            by=ledger.sanne,
        )


def test_standing_up_to_date_behind_and_waived(ledger):
    anna = membership_of(ledger, ledger.anna)
    lines = list(anna.ledger_lines.order_by("month"))
    standing = selectors.standing_of(lines)
    assert (standing.state, standing.open_months, standing.open_cents) == ("behind", 3, 3000)
    services.waive_month(membership=anna, line_id=lines[0].pk, reason="Ziek", by=ledger.sanne)
    for line in lines[1:3]:
        services.record_payment(
            membership=anna, line_id=line.pk, method="cash", paid_on=this_month(), by=ledger.sanne
        )
    standing = selectors.standing_of(list(anna.ledger_lines.all()))
    assert standing.state == "waived"  # this month is not late yet
    assert selectors.owed_cents(list(anna.ledger_lines.all())) == 1000
    services.record_payment(
        membership=anna, line_id=lines[3].pk, method="cash", paid_on=this_month(), by=ledger.sanne
    )
    assert selectors.owed_cents(list(anna.ledger_lines.all())) == 0


def test_leaving_stops_future_months(ledger, django_capture_on_commit_callbacks):
    anna = membership_of(ledger, ledger.anna)
    with django_capture_on_commit_callbacks(execute=True):
        group_services.leave_cohort(
            membership=anna, by=ledger.anna, reason="Geen tijd meer", category="time"
        )
    services.bring_ledger_up_to_date(cohort=ledger.cohort, today=add_months(this_month(), 4))
    assert months_of(ledger, ledger.anna)[-1] == this_month()
    assert months_of(ledger, ledger.kees)[-1] == add_months(this_month(), 4)


def test_ending_removes_due_months_after_leaving(ledger, django_capture_on_commit_callbacks):
    """groups.services asks contributions, once committed, to end the payments."""
    services.bring_ledger_up_to_date(cohort=ledger.cohort, today=add_months(this_month(), 2))
    anna = membership_of(ledger, ledger.anna)
    assert months_of(ledger, ledger.anna)[-1] == add_months(this_month(), 2)
    with django_capture_on_commit_callbacks(execute=True):
        group_services.end_membership(
            membership=anna, by=ledger.sanne, reason="Verhuisd", category="moved"
        )
    assert months_of(ledger, ledger.anna)[-1] == this_month()
    assert months_of(ledger, ledger.kees)[-1] == add_months(this_month(), 2)


def test_finishing_the_cohort_ends_everyones_months(ledger, django_capture_on_commit_callbacks):
    services.bring_ledger_up_to_date(cohort=ledger.cohort, today=add_months(this_month(), 1))
    with django_capture_on_commit_callbacks(execute=True):
        group_services.finish_cohort(cohort=ledger.cohort, by=ledger.sanne)
    assert months_of(ledger, ledger.anna)[-1] == this_month()
    assert months_of(ledger, ledger.kees)[-1] == this_month()


def test_cohort_totals_for_the_funders_report(ledger):
    anna = membership_of(ledger, ledger.anna)
    kees = membership_of(ledger, ledger.kees)
    first = add_months(this_month(), -3)
    services.record_payment(
        membership=anna,
        line_id=anna.ledger_lines.get(month=first).pk,
        method="cash",
        paid_on=this_month(),
        by=ledger.sanne,
    )
    services.waive_month(
        membership=kees,
        line_id=kees.ledger_lines.get(month=first).pk,
        reason="Geen inkomen",
        by=ledger.sanne,
    )
    totals = selectors.cohort_totals(
        cohort_ids=[ledger.cohort.pk], start=first, end=this_month() + datetime.timedelta(days=5)
    )
    assert (totals.collected_cents, totals.waived_cents, totals.outstanding_cents) == (
        1000,
        1000,
        6000,
    )
    only_first = selectors.cohort_totals(cohort_ids=[ledger.cohort.pk], start=first, end=first)
    assert only_first.outstanding_cents == 0
    nothing = selectors.cohort_totals(cohort_ids=[ledger.other_cohort.pk], start=first, end=first)
    assert nothing.collected_cents == nothing.outstanding_cents == 0


def test_the_management_command_adds_the_months_due(world):
    factories.make_cohort(world.organisation, by=world.marloes)
    LedgerLine.objects.all().delete()
    Cohort.objects.filter(pk=world.cohort.pk).update(start_date=add_months(this_month(), -1))
    ContributionPlan.objects.all().delete()
    call_command("update_contribution_ledger")
    assert LedgerLine.objects.filter(membership__cohort=world.cohort).exists()


def test_demo_contributions_load_twice(db):
    call_command("load_demo_data")
    statuses = set(LedgerLine.objects.values_list("status", flat=True))
    assert {"paid", "waived", "due"} <= statuses
    methods = set(LedgerLine.objects.values_list("method", flat=True))
    assert {"cash", "bank_transfer"} <= methods
    assert ContributionPlan.objects.count() == 2
    count = LedgerLine.objects.count()
    call_command("load_demo_data")
    assert LedgerLine.objects.count() == count
