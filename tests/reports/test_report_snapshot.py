"""A report reads one snapshot: on PostgreSQL its transaction is REPEATABLE READ, so a
row committed by someone else while the report is built is not in its later sections."""

import threading

import pytest
from django.db import connection

from groups.models import Organisation
from reports.snapshot import report_transaction

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's read transaction keeps one snapshot by itself; nothing to set",
)


def _commit_elsewhere(name: str) -> None:
    from django.db import connections

    try:
        Organisation.objects.create(name=name)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_a_report_does_not_see_what_is_committed_while_it_is_built():
    with report_transaction(1):
        with connection.cursor() as cursor:
            cursor.execute("SHOW transaction_isolation")
            assert cursor.fetchone()[0] == "repeatable read"
        before = Organisation.objects.count()
        writer = threading.Thread(target=_commit_elsewhere, args=("Elders opgericht",))
        writer.start()
        writer.join()
        assert Organisation.objects.count() == before
    assert Organisation.objects.count() == before + 1
