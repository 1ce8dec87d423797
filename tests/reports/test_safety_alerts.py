"""The safety-net section: people with an alert per kind, per cohort, in every export."""

import csv
import datetime
import io

import pytest
import time_machine
from django.utils import timezone

from reports.builder import build_report
from reports.disclosure import record_key
from reports.exports import long_rows, to_csv, to_pdf, to_xlsx
from reports.safety_tables import alert_people
from reports.sections import Scope
from safety.models import Alert
from safety.services.reports import report_hypo

from .conftest import build_programme

pytestmark = pytest.mark.django_db


def hypo(membership, *, when: datetime.datetime, severe: bool = False):
    with time_machine.travel(when, tick=False):
        return report_hypo(
            membership=membership,
            by=membership.person,
            occurred_at=when,
            symptoms=["shaking"],
            action_taken="sugar",
            needed_help=severe,
        )


def programme(world, **fields):
    """build_programme enrols today: the agreements are moved back to the cohort's start,
    so that alerts in the past fall within the memberships."""
    from groups.models import Membership

    cohort, members = build_programme(world, sessions=1, **fields)
    accepted = timezone.now() - datetime.timedelta(days=400)
    Membership.objects.filter(cohort=cohort).update(accepted_at=accepted)
    return cohort, [Membership.objects.get(pk=m.pk) for m in members]


def scope_of(*cohorts, days: int = 60) -> Scope:
    today = timezone.localdate()
    return Scope(tuple(c.pk for c in cohorts), today - datetime.timedelta(days=days), today)


def test_a_person_with_three_hypos_counts_once_and_kinds_apart(world):
    cohort, members = programme(world, participants=6)
    now = timezone.now()
    for days in (40, 20, 3):  # three hypos of one person, far enough apart to be three alerts
        hypo(members[0], when=now - datetime.timedelta(days=days))
    hypo(members[1], when=now - datetime.timedelta(days=10))
    hypo(members[2], when=now - datetime.timedelta(days=5), severe=True)
    hypo(members[3], when=now - datetime.timedelta(days=200))  # before the period
    assert Alert.objects.filter(kind=Alert.Kind.HYPO).count() == 5
    cells = alert_people(scope_of(cohort))[cohort.pk]
    assert cells[Alert.Kind.HYPO].n == 2
    people = (members[0].person_id, members[1].person_id)
    assert cells[Alert.Kind.HYPO].keys == sum(record_key(pk) for pk in people)
    assert cells[Alert.Kind.SEVERE_HYPO].n == 1
    assert cells[Alert.Kind.REPEATED_HIGH].n == 0


def test_an_alert_counts_in_the_cohort_the_person_was_in_then(world):
    from groups import services as group_services

    first, members = programme(world, participants=6, name="Groep Een")
    second, _others = programme(world, participants=5, name="Groep Twee")
    now = timezone.now()
    hypo(members[0], when=now - datetime.timedelta(days=30))
    with time_machine.travel(now - datetime.timedelta(days=20), tick=False):
        group_services.leave_cohort(
            membership=members[0], by=members[0].person, reason="Test", category="time"
        )
    scope = scope_of(first, second)
    cells = alert_people(scope)
    assert cells[first.pk][Alert.Kind.HYPO].n == 1
    assert cells[second.pk][Alert.Kind.HYPO].n == 0
    # an alert raised after the membership ended belongs to no cohort of the report
    Alert.objects.update(created_at=now - datetime.timedelta(days=10))
    assert alert_people(scope)[first.pk][Alert.Kind.HYPO].n == 0


def test_one_query_for_every_cohort(world, django_assert_num_queries):
    cohorts = [
        build_programme(world, participants=5, sessions=1, name=f"Groep {n}")[0] for n in range(3)
    ]
    with django_assert_num_queries(1):
        alert_people(scope_of(*cohorts))


def test_the_section_is_in_every_export_with_its_definitions(world, settings):
    settings.REPORT_MIN_GROUP_SIZE = 1  # released as they are (noise still applies)
    cohort, members = programme(world, participants=6)
    now = timezone.now()
    for membership in members:
        hypo(membership, when=now - datetime.timedelta(days=8))
    report = build_report(title="Rapport", subtitle="", scope=scope_of(cohort))
    table = report.table("safety_alerts")
    assert [row[1].kind for row in table.rows] == ["count"] * 3
    assert 4 <= table.rows[0][1].number <= 8
    long = [row for row in long_rows(report) if row[0] == "safety_alerts"]
    assert len(long) == 3 and {row[6] for row in long} == {"count"}
    rows = list(csv.reader(io.StringIO(to_csv(report)), delimiter=";"))
    assert [table.title] in rows
    assert any("bloedsuikerverlagende" in line[0] for line in rows if line)
    assert any("drie hypo" in d for d in report.definitions)
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(to_xlsx(report)))
    sheet = next(s for s in book.worksheets if s.title.startswith("Vangnet"))
    assert isinstance(sheet["B2"].value, int) and sheet["B2"].number_format == "#,##0"
    assert to_pdf(report).startswith(b"%PDF")
