"""A programme's report reads its register on a second connection, in the report's own
snapshot (reports.snapshot): the same figures as read on one connection, nothing
committed meanwhile, and errors reach the caller.

Two connections reading one snapshot exist only on PostgreSQL (CI's second run); on
SQLite a report reads on one connection, which every other report test covers.
"""

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from groups.models import Organisation
from reports import snapshot
from reports.builder import build_report
from reports.sections import Scope

from .conftest import build_programme

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="a snapshot shared by two connections is PostgreSQL's (CI's second run)",
    ),
    pytest.mark.django_db(transaction=True),
]


def _figures(report) -> list:
    return [
        (
            table.key,
            [[(value.text, value.number, value.withheld) for value in row] for row in table.rows],
        )
        for table in report.tables
    ]


def _build(scope: Scope, *, alongside_from: int, monkeypatch) -> tuple[object, list[str]]:
    """The report, and the SQL this connection ran for it."""
    monkeypatch.setattr(snapshot, "ALONGSIDE_FROM_COHORTS", alongside_from)
    ran: list[str] = []

    def log(execute, sql, params, many, context):
        ran.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(log):
        report = build_report(title="Rapport", subtitle="", scope=scope)
    return report, ran


def test_the_register_read_alongside_gives_the_figures_of_one_connection(world, monkeypatch):
    cohorts = [
        build_programme(world, participants=participants, sessions=3, name=f"Groep {name}")[0]
        for name, participants in (("Noord", 11), ("Zuid", 12))
    ]
    scope = Scope(
        cohort_ids=tuple(c.pk for c in cohorts),
        start=min(c.start_date for c in cohorts),
        end=timezone.localdate(),
    )
    together, ran_together = _build(scope, alongside_from=1, monkeypatch=monkeypatch)
    alone, ran_alone = _build(scope, alongside_from=10**6, monkeypatch=monkeypatch)

    assert _figures(together) == _figures(alone)
    attendance = together.table("attendance_by_month")
    assert any(value.number for row in attendance.rows for value in row[1:])
    # the register was read, but not on this connection
    register = [sql for sql in ran_alone if "GROUPING SETS" in sql]
    assert register
    assert not [sql for sql in ran_together if "GROUPING SETS" in sql]
    assert any("pg_export_snapshot" in sql for sql in ran_together)


def _commit_elsewhere(name: str) -> None:
    try:
        Organisation.objects.create(name=name)
    finally:
        connections.close_all()


def test_the_second_connection_reads_the_report_snapshot(db, monkeypatch):
    monkeypatch.setattr(snapshot, "ALONGSIDE_FROM_COHORTS", 1)
    with snapshot.report_transaction(1) as read:
        before = Organisation.objects.count()
        writer = threading.Thread(target=_commit_elsewhere, args=("Later opgericht",))
        writer.start()
        writer.join()
        seen = read.alongside(
            lambda: (threading.get_ident(), Organisation.objects.count(), _isolation())
        )()
    thread, count, isolation = seen
    assert thread != threading.get_ident()
    assert count == before
    assert isolation == ("repeatable read", "0")
    assert Organisation.objects.count() == before + 1


def _isolation() -> tuple[str, str]:
    """The transaction's level, and whether PostgreSQL may add parallel workers (not: the
    report's two connections are its parallelism)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW transaction_isolation")
        level = cursor.fetchone()[0]
        cursor.execute("SHOW max_parallel_workers_per_gather")
        return level, cursor.fetchone()[0]


def test_inside_a_callers_transaction_it_reads_here(db, monkeypatch):
    from django.db import transaction

    monkeypatch.setattr(snapshot, "ALONGSIDE_FROM_COHORTS", 1)
    with transaction.atomic():
        Organisation.objects.create(name="Nog niet vastgelegd")
        with snapshot.report_transaction(1) as read:
            thread, names = read.alongside(
                lambda: (
                    threading.get_ident(),
                    list(Organisation.objects.values_list("name", flat=True)),
                )
            )()
    assert thread == threading.get_ident()
    assert "Nog niet vastgelegd" in names


def test_an_error_alongside_reaches_the_caller(db, monkeypatch):
    monkeypatch.setattr(snapshot, "ALONGSIDE_FROM_COHORTS", 1)

    def broken():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 / 0")

    with (
        pytest.raises(Exception, match="division by zero"),
        snapshot.report_transaction(1) as read,
    ):
        read.alongside(broken)()
