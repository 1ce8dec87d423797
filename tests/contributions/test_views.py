"""Every contributions page: it works, anonymous goes to log in, outsiders get 404,
members without the right 403, a wrong method 405; and what each person may see."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contributions import services, stripe_gateway
from contributions.models import LedgerLine, StripeSubscription
from groups.models import Membership, add_months
from tests import factories

from .conftest import membership_of, this_month


def url(name, *args):
    return reverse(f"contributions:{name}", args=args)


# (url builder, allowed person, member without the right, outsider, method not allowed)
VIEWS = {
    "mine": (lambda w: url("mine", w.cohort.pk), "anna", "sanne", "otto", "post"),
    "overview": (lambda w: url("overview", w.cohort.pk), "sanne", "anna", "otto", "post"),
    "member_ledger": (
        lambda w: url("member_ledger", w.cohort.pk, membership_of(w, w.anna).pk),
        "sanne",
        "kees",
        "otto",
        "post",
    ),
    "totals": (lambda w: url("totals", w.cohort.pk), "marloes", "sanne", "olga", "post"),
    "totals_csv": (lambda w: url("totals_csv", w.cohort.pk), "marloes", "anna", "otto", "post"),
    "plan_edit": (lambda w: url("plan_edit", w.cohort.pk), "marloes", "sanne", "otto", "put"),
}

POST_ONLY = {
    "start": (lambda w: url("start", w.cohort.pk), "anna", "sanne", "otto"),
    "manage": (lambda w: url("manage", w.cohort.pk), "anna", "marloes", "otto"),
    "record_payment": (
        lambda w: url("record_payment", w.cohort.pk, membership_of(w, w.anna).pk),
        "sanne",
        "anna",
        "otto",
    ),
    "waive_month": (
        lambda w: url("waive_month", w.cohort.pk, membership_of(w, w.anna).pk),
        "marloes",
        "kees",
        "otto",
    ),
}


@pytest.mark.parametrize("view", list(VIEWS))
def test_view_works_for_the_allowed_person(client, ledger, view):
    build, allowed, *_ = VIEWS[view]
    client.force_login(getattr(ledger, allowed))
    response = client.get(build(ledger))
    assert response.status_code == 200
    if view != "totals_csv":
        assert '<html lang="nl">' in response.text


@pytest.mark.parametrize("view", list(VIEWS) + list(POST_ONLY))
def test_view_sends_anonymous_visitor_to_log_in(client, ledger, view):
    build = (VIEWS.get(view) or POST_ONLY[view])[0]
    method = client.post if view in POST_ONLY else client.get
    response = method(build(ledger))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("view", list(VIEWS) + list(POST_ONLY))
def test_view_gives_403_to_member_without_the_right(client, ledger, view):
    build, _allowed, without_right, *_ = VIEWS.get(view) or POST_ONLY[view]
    client.force_login(getattr(ledger, without_right))
    method = client.post if view in POST_ONLY else client.get
    assert method(build(ledger)).status_code == 403


@pytest.mark.parametrize("view", list(VIEWS) + list(POST_ONLY))
def test_view_gives_404_to_outsider(client, ledger, view):
    build, _allowed, _without, outsider, *_ = VIEWS.get(view) or POST_ONLY[view]
    client.force_login(getattr(ledger, outsider))
    method = client.post if view in POST_ONLY else client.get
    assert method(build(ledger)).status_code == 404


@pytest.mark.parametrize("view", list(VIEWS) + list(POST_ONLY))
def test_view_refuses_wrong_method(client, ledger, view):
    if view in POST_ONLY:
        build, allowed, *_ = POST_ONLY[view]
        method = "get"
    else:
        build, allowed, _without, _outsider, method = VIEWS[view]
    client.force_login(getattr(ledger, allowed))
    assert getattr(client, method)(build(ledger)).status_code == 405


def test_a_member_of_another_cohort_cannot_open_a_ledger_through_their_own_cohort(client, ledger):
    """The membership must belong to the cohort in the address."""
    client.force_login(ledger.sanne)
    otto = ledger.other_cohort.memberships.get(person=ledger.otto)
    assert client.get(url("member_ledger", ledger.cohort.pk, otto.pk)).status_code == 404


# --- the participant's page ----------------------------------------------------------------


def test_participant_sees_own_months_without_the_stripe_option_when_no_keys(
    client, ledger, stripe_off
):
    client.force_login(ledger.anna)
    page = client.get(url("mine", ledger.cohort.pk)).text
    assert "€\xa010,00" in page
    assert "Achter: 3 maanden open" in page
    assert "Elke maand betalen" not in page
    assert "contant of per bankoverschrijving bij uw coach" in page


def test_participant_never_sees_other_peoples_months_or_waiver_reasons(client, ledger):
    kees = membership_of(ledger, ledger.kees)
    anna = membership_of(ledger, ledger.anna)
    kees_line = kees.ledger_lines.first()
    services.waive_month(
        membership=kees, line_id=kees_line.pk, reason="Geheime reden Kees", by=ledger.sanne
    )
    anna_line = anna.ledger_lines.order_by("month").first()
    services.waive_month(
        membership=anna, line_id=anna_line.pk, reason="Geheime reden Anna", by=ledger.sanne
    )
    client.force_login(ledger.anna)
    page = client.get(url("mine", ledger.cohort.pk)).text
    assert "kwijtgescholden" in page
    assert "Geheime reden" not in page
    assert "Kees" not in page
    client.force_login(ledger.sanne)
    staff_page = client.get(url("member_ledger", ledger.cohort.pk, anna.pk)).text
    assert "Geheime reden Anna" in staff_page


def test_start_paying_is_offered_with_stripe_keys_and_sends_to_checkout(
    client, ledger, stripe_on, monkeypatch
):
    calls = []

    def fake_checkout(**kwargs):
        calls.append(kwargs)
        return {"id": "cs_test_view", "url": "https://checkout.stripe.test/c/cs_test_view"}

    # localstripe has no Checkout; the customer is still made at localstripe.
    monkeypatch.setattr(stripe_gateway, "create_checkout_session", fake_checkout)
    client.force_login(ledger.anna)
    assert "Elke maand betalen" in client.get(url("mine", ledger.cohort.pk)).text
    response = client.post(url("start", ledger.cohort.pk))
    assert response.status_code == 302
    assert response.url == "https://checkout.stripe.test/c/cs_test_view"
    assert calls[0]["amount_cents"] == 1000
    assert calls[0]["success_url"].endswith("/bijdrage/?stripe=klaar")
    record = StripeSubscription.objects.get()
    assert record.checkout_session_id == "cs_test_view"
    assert record.stripe_customer_id.startswith("cus_")


def test_start_paying_without_keys_explains_and_goes_back(client, ledger, stripe_off):
    client.force_login(ledger.anna)
    response = client.post(url("start", ledger.cohort.pk), follow=True)
    assert "Online betalen is niet mogelijk" in response.text


def test_billing_portal_opens_for_a_paying_participant(client, ledger, stripe_on, monkeypatch):
    membership = membership_of(ledger, ledger.anna)
    StripeSubscription.objects.create(
        membership=membership,
        stripe_customer_id="cus_test_anna",
        stripe_subscription_id="sub_test_portal",
        status="active",
    )
    monkeypatch.setattr(
        stripe_gateway,
        "create_portal_session",
        lambda **kwargs: f"https://billing.stripe.test/p/{kwargs['customer_id']}",
    )
    client.force_login(ledger.anna)
    page = client.get(url("mine", ledger.cohort.pk)).text
    assert "Betaalwijze wijzigen of stoppen met betalen" in page
    response = client.post(url("manage", ledger.cohort.pk))
    assert response.url == "https://billing.stripe.test/p/cus_test_anna"


# --- hand-recorded payments ----------------------------------------------------------------


def test_coach_records_a_cash_payment(client, ledger):
    anna = membership_of(ledger, ledger.anna)
    line = anna.ledger_lines.order_by("month").first()
    client.force_login(ledger.sanne)
    response = client.post(
        url("record_payment", ledger.cohort.pk, anna.pk),
        {
            "payment-month": line.pk,
            "payment-method": "cash",
            "payment-paid_on": this_month().isoformat(),
            "payment-note": "Zaal",
        },
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.status, line.method, line.recorded_by) == ("paid", "cash", ledger.sanne)


def test_waiving_needs_a_reason(client, ledger):
    anna = membership_of(ledger, ledger.anna)
    line = anna.ledger_lines.first()
    client.force_login(ledger.marloes)
    response = client.post(
        url("waive_month", ledger.cohort.pk, anna.pk),
        {"waive-month": line.pk, "waive-reason": " "},
    )
    assert response.status_code == 400
    line.refresh_from_db()
    assert line.status == "due"


def test_a_month_of_someone_else_cannot_be_recorded_here(client, ledger):
    anna = membership_of(ledger, ledger.anna)
    kees_line = membership_of(ledger, ledger.kees).ledger_lines.first()
    client.force_login(ledger.sanne)
    response = client.post(
        url("record_payment", ledger.cohort.pk, anna.pk),
        {
            "payment-month": kees_line.pk,
            "payment-method": "cash",
            "payment-paid_on": this_month().isoformat(),
        },
    )
    assert response.status_code == 400
    kees_line.refresh_from_db()
    assert kees_line.status == "due"


def test_manager_changes_the_plan(client, ledger):
    client.force_login(ledger.marloes)
    response = client.post(
        url("plan_edit", ledger.cohort.pk),
        {
            "amount_euro": "12,50",
            "start_month": add_months(this_month(), -3).strftime("%Y-%m"),
            "end_month": "",
        },
    )
    assert response.status_code == 302
    plan = ledger.cohort.contribution_plan
    plan.refresh_from_db()
    assert plan.amount_cents == 1250
    assert plan.end_month is None
    # months already due keep their amount
    assert set(LedgerLine.objects.values_list("amount_cents", flat=True)) == {1000}


# --- lists, totals and the CSV export ------------------------------------------------------


@pytest.fixture
def full_cohort(ledger):
    """Next to the ledger's cohort of two, a started cohort of eighteen with four months each.

    Returns the world with `cohort` the big one and `small_cohort` the ledger's cohort.
    """
    from groups import services as group_services

    world = ledger
    cohort = factories.make_cohort(world.organisation, by=world.marloes, name="Groep Achttien")
    group_services.assign_coach(cohort=cohort, coach=world.sanne, by=world.marloes)
    for number in range(18):
        factories.enrol(
            cohort, nurse=world.petra, practice=world.practice, first_name=f"Deelnemer{number}"
        )
    group_services.start_cohort(cohort=cohort, by=world.sanne)
    cohort.refresh_from_db()
    start = add_months(this_month(), -3)
    services.set_plan(
        cohort=cohort, amount_cents=1000, start_month=start, end_month=None, by=world.marloes
    )
    Membership.objects.filter(cohort=cohort).update(
        accepted_at=membership_of(world, world.anna).accepted_at
    )
    services.bring_ledger_up_to_date(cohort=cohort)
    assert LedgerLine.objects.filter(membership__cohort=cohort).count() == 18 * 4
    world.small_cohort = world.cohort
    world.cohort = cohort
    return world


def queries_of(client, view, cohort) -> int:
    client.get(url(view, cohort.pk))  # the first request of a session does more
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(view, cohort.pk))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("view", "person"),
    [("overview", "sanne"), ("totals", "marloes"), ("totals_csv", "marloes")],
)
def test_query_count_does_not_grow_with_the_group(client, full_cohort, view, person):
    client.force_login(getattr(full_cohort, person))
    small = queries_of(client, view, full_cohort.small_cohort)
    assert queries_of(client, view, full_cohort.cohort) == small


def test_the_overview_lists_every_participant_of_a_big_group(client, full_cohort):
    client.force_login(full_cohort.sanne)
    response = client.get(url("overview", full_cohort.cohort.pk))
    assert response.text.count("Maanden van") == 18


def test_csv_export_has_one_row_per_month_with_the_totals(client, ledger):
    anna = membership_of(ledger, ledger.anna)
    kees = membership_of(ledger, ledger.kees)
    first_month = anna.ledger_lines.order_by("month").first()
    services.record_payment(
        membership=anna,
        line_id=first_month.pk,
        method="bank_transfer",
        paid_on=this_month(),
        by=ledger.sanne,
    )
    services.waive_month(
        membership=kees,
        line_id=kees.ledger_lines.get(month=first_month.month).pk,
        reason="Geen inkomen",
        by=ledger.sanne,
    )
    client.force_login(ledger.marloes)
    response = client.get(url("totals_csv", ledger.cohort.pk))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 4
    first = rows[0]
    assert first["month"] == first_month.month.strftime("%Y-%m")
    assert (first["months_due"], first["months_paid"]) == ("2", "1")
    assert (first["collected_eur"], first["waived_eur"], first["outstanding_eur"]) == (
        "10.00",
        "10.00",
        "0.00",
    )
    assert rows[-1]["outstanding_eur"] == "20.00"
    assert "Geen inkomen" not in response.content.decode()
    assert "Anna" not in response.content.decode()


def test_links_from_the_dashboard_and_the_cohort_page(client, ledger):
    client.force_login(ledger.anna)
    assert url("mine", ledger.cohort.pk) in client.get(reverse("dashboard")).text
    page = client.get(reverse("groups:cohort_detail", args=[ledger.cohort.pk])).text
    assert url("mine", ledger.cohort.pk) in page
    assert url("overview", ledger.cohort.pk) not in page
    client.force_login(ledger.sanne)
    assert url("overview", ledger.cohort.pk) in client.get(reverse("dashboard")).text
    client.force_login(ledger.marloes)
    page = client.get(reverse("groups:cohort_detail", args=[ledger.cohort.pk])).text
    assert url("totals", ledger.cohort.pk) in page
    assert url("totals", ledger.cohort.pk) in client.get(reverse("dashboard")).text
