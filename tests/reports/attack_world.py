"""A funder's world built to be taken apart, and an attacker who harvests every release.

Three cohorts of one funder, built through the services on fixed dates (the clock is
frozen with time-machine, nothing depends on today):

- Groep Groot (A): 12 participants, measured at the start, 6 and 12 months; one leaves
  in February 2026 for health reasons; one month waived for hardship.
- Groep Klein (B): 3 participants (the hidden cohort), measured at the start and at 12
  months; one moves away in January 2026; one month waived for hardship.
- Groep Midden (C): 11 participants, all measured at the start and at 12 months but one
  of them not at 6 months; two leave in March 2026, both for health reasons.
- Safety-net alerts (ALERTS): 7 and 6 people with a hypo in A and C; in B two people with
  a hypo (one of them three times) and one with a severe hypo.

The attacker requests, as the funder, every report (three cohorts and the funder report),
every fixed period and the long CSV of each, and reads them as a table of figures.
"""

import csv
import datetime
import io
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import time_machine
from django.db.models import F
from django.urls import reverse

from contributions import services as contribution_services
from contributions.models import LedgerLine
from groups import services as group_services
from health import services as health_services
from sessions import services as session_services
from tests import factories

ZONE = ZoneInfo("Europe/Amsterdam")
START = datetime.date(2025, 3, 3)
NOW = datetime.datetime(2026, 5, 20, 12, 0, tzinfo=ZONE)


def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=ZONE)


@dataclass
class FunderWorld:
    funder: object
    cohorts: dict  # name -> cohort
    members: dict  # name -> [membership]
    leavers: dict  # name -> [membership]


# hypo reports per cohort: (member index, day, severe); Groep Klein has 1 to 4 people
# with an alert of each kind, one of them with three hypos
ALERTS = {
    "Groep Groot": [(i, datetime.date(2025, 4 + i, 7), False) for i in range(2, 9)]
    + [(3, datetime.date(2025, 10, 2), True)],
    "Groep Klein": [
        (0, datetime.date(2025, 5, 12), False),
        (0, datetime.date(2025, 6, 16), False),
        (0, datetime.date(2025, 11, 20), False),
        (1, datetime.date(2025, 6, 20), False),
        (2, datetime.date(2025, 9, 5), True),
    ],
    "Groep Midden": [(i, datetime.date(2025, 3 + i, 21), False) for i in range(2, 8)],
}


def _alerts(name: str, members: list) -> None:
    from safety.services.reports import report_hypo

    for index, day, severe in ALERTS[name]:
        when = at(day, 9)
        with time_machine.travel(when, tick=False):
            report_hypo(
                membership=members[index],
                by=members[index].person,
                occurred_at=when,
                symptoms=["shaking"],
                action_taken="sugar",
                needed_help=severe,
            )


def _cohort(world, funder, name: str, size: int, *, six_months: int, leave: list, waive: int):
    with time_machine.travel(at(START - datetime.timedelta(days=20)), tick=False):
        cohort = factories.make_cohort(
            world.organisation, by=world.marloes, name=name, start=START
        )
        group_services.assign_coach(cohort=cohort, coach=world.sanne, by=world.marloes)
        group_services.set_cohort_funders(cohort=cohort, funders=[funder], by=world.marloes)
        slug = name.lower().replace(" ", "")
        members = [
            factories.enrol(
                cohort,
                nurse=world.petra,
                practice=world.practice,
                email=f"{slug}{n}@example.org",
                first_name=f"{name.split()[-1]}{n}",
            )
            for n in range(size)
        ]
    with time_machine.travel(at(START), tick=False):
        group_services.start_cohort(
            cohort=cohort, by=world.sanne, confirm_small_start=True, reason="Test"
        )
    cohort.refresh_from_db()
    left_on = {index: day for index, (day, _category) in enumerate(leave)}
    for week in range(0, 60, 6):  # a session every six weeks, attendance varied
        day = START + datetime.timedelta(weeks=week)
        with time_machine.travel(at(day, 21), tick=False):
            session = session_services.plan_session(
                cohort=cohort,
                by=world.sanne,
                title=f"Bijeenkomst {week}",
                place="Buurthuis",
                starts_at=at(day, 19) + datetime.timedelta(days=1),
                ends_at=at(day, 21) + datetime.timedelta(days=1),
            )
        with time_machine.travel(at(day + datetime.timedelta(days=1), 22), tick=False):
            open_members = [
                m for i, m in enumerate(members) if i not in left_on or left_on[i] > day
            ]
            session_services.record_attendance(
                session=session,
                by=world.sanne,
                entries={
                    # everyone at the first session, for the days from referral to it
                    m.person_id: ("present" if week == 0 or (i + week) % 3 else "absent", "")
                    for i, m in enumerate(open_members)
                },
            )
    with time_machine.travel(NOW, tick=False):
        for index, membership in enumerate(members):
            moments = [(START, 0), (datetime.date(2026, 3, 3), 12)]
            if index < six_months:
                moments.append((datetime.date(2025, 9, 3), 6))
            for day, months in moments:
                health_services.record_measurements(
                    membership=membership,
                    by=world.sanne,
                    measured_on=day,
                    source="session",
                    values={
                        "weight": round(95 + index * 1.5 - months * 0.4 * (index % 4), 1),
                        "hba1c": 62 - months // 6 * (index % 3) * 2,
                        "height": 170 + index,
                        "insulin": (index + months) % 5 == 0,
                    },
                )
    _alerts(name, members)
    leavers = []
    for index, (day, category) in enumerate(leave):
        membership = members[index]
        with time_machine.travel(at(day), tick=False):
            group_services.leave_cohort(
                membership=membership, by=membership.person, reason="Test", category=category
            )
        membership.refresh_from_db()
        leavers.append(membership)
    with time_machine.travel(NOW, tick=False):
        contribution_services.bring_ledger_up_to_date(
            cohort=cohort, today=datetime.date(2026, 4, 30)
        )
        lines = list(LedgerLine.objects.filter(membership__cohort=cohort).order_by("month", "pk"))
        for line in lines[:waive]:
            contribution_services.waive_month(
                membership=line.membership, line_id=line.pk, reason="Krap", by=world.sanne
            )
        one = lines[waive]
        contribution_services.record_payment(
            membership=one.membership,
            line_id=one.pk,
            method="cash",
            paid_on=one.month,
            by=world.sanne,
        )
        # the other payments in one statement: hundreds of service calls add nothing here
        paid = [line.pk for number, line in enumerate(lines) if number > waive and number % 4]
        LedgerLine.objects.filter(pk__in=paid).update(
            status=LedgerLine.Status.PAID, method=LedgerLine.Method.CASH, paid_on=F("month")
        )
    return cohort, members, leavers


def build_funder_world(world) -> FunderWorld:
    """A funder of its own (frank is its contact too) with exactly the three cohorts."""
    from groups.models import StaffRole

    funder = factories.make_funder("Verzekeraar Proef")
    group_services.grant_staff_role(person=world.frank, role=StaffRole.Role.FUNDER, funder=funder)
    cohorts, members, leavers = {}, {}, {}
    for name, size, six, leave, waive in (
        ("Groep Groot", 12, 12, [(datetime.date(2026, 2, 10), "health")], 1),
        ("Groep Klein", 3, 0, [(datetime.date(2026, 1, 14), "moved")], 1),
        (
            "Groep Midden",
            11,
            10,
            [(datetime.date(2026, 3, 9), "health"), (datetime.date(2026, 3, 23), "health")],
            0,
        ),
    ):
        cohorts[name], members[name], leavers[name] = _cohort(
            world, funder, name, size, six_months=six, leave=leave, waive=waive
        )
    return FunderWorld(funder, cohorts, members, leavers)


# --- the attacker ------------------------------------------------------------------------


def fixed_period_keys(client, url: str) -> list[str]:
    """The periods the funder may choose, read from the report page's form."""
    import re

    page = client.get(url).content.decode()
    return re.findall(r'<option value="([^"]+)"', page)


def harvest(client, funder_world: FunderWorld) -> dict:
    """(report, period) -> {(section, measure, moment, statistic): (value, withheld, unit)}."""
    reports = {"funder": ("financier", funder_world.funder.pk)}
    for name, cohort in funder_world.cohorts.items():
        reports[name] = ("groep", cohort.pk)
    found = {}
    for report, (kind, pk) in reports.items():
        page_url = reverse("reports:report", args=[kind, pk])
        for period in fixed_period_keys(client, page_url):
            url = reverse("reports:report_export", args=[kind, pk, "long.csv"])
            response = client.get(url, {"periode": period})
            assert response.status_code == 200
            rows = list(csv.reader(io.StringIO(response.content.decode())))[1:]
            found[(report, period)] = {tuple(row[:4]): tuple(row[4:]) for row in rows}
    return found


def number(figures: dict, section: str, measure: str, statistic: str, moment: str = ""):
    value, withheld, _unit = figures[(section, measure, moment, statistic)]
    return None if withheld or value == "" else float(value)
