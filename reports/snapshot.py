"""A report's read transaction, and a section read alongside on a second connection.

A report reads one snapshot (REPEATABLE READ on PostgreSQL): every section sees the same
state of the data. The two heaviest sections of a programme's report (the attendance
register and the outcome pairs) each take a few hundred milliseconds of PostgreSQL's time
for a thousand cohorts; run one after the other they leave a second core idle. So the
register is read on a second connection that imports the report's snapshot
(``pg_export_snapshot`` / ``SET TRANSACTION SNAPSHOT``, PostgreSQL's documented way for
several sessions to read the same data: "Snapshot Synchronization Functions" and
``SET TRANSACTION``), while this connection reads the rest. The figures are the same as
read one after the other (tests/reports/test_report_alongside.py).

Only where that holds: on PostgreSQL, when the report's transaction is the outermost one
(inside a caller's transaction, a test's for instance, its uncommitted rows are invisible
to another connection) and for a report of at least ALONGSIDE_FROM_COHORTS cohorts (a
cohort's own report takes milliseconds; a second connection costs more than it saves).
"""

import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

from django.db import connection, transaction
from django.utils import timezone, translation

# Report queries sort and group hundreds of thousands of rows for a large programme;
# PostgreSQL's default work_mem (4 MB) makes them spill to disk. The memory a query of a
# report needs grows with its cohorts: 64 MB per thousand, up to 512 MB (a national
# report of ten thousand cohorts sorts the register in memory instead of on disk). A
# limit, not an allocation: a small report uses what it needs.
REPORT_WORK_MEM_MB_PER_1000_COHORTS = 64
REPORT_WORK_MEM_MB_MAX = 512

ALONGSIDE_FROM_COHORTS = 100

T = TypeVar("T")


def report_work_mem(cohorts: int) -> str:
    thousands = max(1, -(-cohorts // 1000))  # rounded up
    return f"{min(REPORT_WORK_MEM_MB_MAX, REPORT_WORK_MEM_MB_PER_1000_COHORTS * thousands)}MB"


def _tune(cursor, cohorts: int, *, split: bool) -> None:
    cursor.execute("SELECT set_config('work_mem', %s, true)", [report_work_mem(cohorts)])
    # the wide aggregates cost more to JIT-compile than to run
    cursor.execute("SELECT set_config('jit', 'off', true)")
    if split:
        # the report's two connections are its parallelism: PostgreSQL's parallel workers
        # on top compete with them for the same cores (on the 2-core build machine 582 ms
        # with them, 514 ms without, for a thousand cohorts)
        cursor.execute("SELECT set_config('max_parallel_workers_per_gather', '0', true)")


def _splits(cohorts: int, *, shareable: bool) -> bool:
    return shareable and cohorts >= ALONGSIDE_FROM_COHORTS


class ReportTransaction:
    """What a section needs to know about the transaction it is read in."""

    def __init__(self, cohorts: int, *, shareable: bool):
        self.cohorts = cohorts
        self.shareable = shareable
        self._snapshot: str | None = None

    def alongside(self, function: Callable[..., T], *args) -> Callable[[], T]:
        """Starts ``function(*args)`` on a second connection in this transaction's
        snapshot, where that holds (see the module's docstring), and returns what gives
        its result (waiting for it). Otherwise it runs here and now."""
        if not _splits(self.cohorts, shareable=self.shareable):
            result = function(*args)
            return lambda: result
        if self._snapshot is None:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_export_snapshot()")
                self._snapshot = cursor.fetchone()[0]
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="report")
        future = executor.submit(
            _in_snapshot,
            self._snapshot,
            self.cohorts,
            translation.get_language(),
            timezone.get_current_timezone_name(),
            function,
            args,
        )
        executor.shutdown(wait=False)  # the thread ends with its one task
        return future.result


_SNAPSHOT_ID = re.compile(r"[0-9A-F]+(-[0-9A-F]+)+")


def _in_snapshot(snapshot: str, cohorts: int, language, zone: str, function, args):
    """Runs in the second thread, on that thread's own connection (Django keeps one per
    thread), which is closed (or handed back to the pool) when done."""
    # SET TRANSACTION SNAPSHOT takes no parameters; the identifier comes from PostgreSQL
    if not _SNAPSHOT_ID.fullmatch(snapshot):
        raise ValueError(f"Unexpected snapshot identifier {snapshot!r}")
    try:
        with translation.override(language), timezone.override(zone), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                cursor.execute(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
                _tune(cursor, cohorts, split=True)
            return function(*args)
    finally:
        connection.close()


@contextmanager
def report_transaction(cohorts: int) -> Iterator[ReportTransaction]:
    """One read transaction for every section, with room to sort in memory.

    On PostgreSQL it is REPEATABLE READ when it is the outermost transaction: every
    section then reads the same snapshot, so a report built while data changes cannot
    mix states (READ COMMITTED, the default, gives each statement its own snapshot).
    SQLite's read transaction keeps one snapshot already. Inside a caller's transaction
    (a test, for instance) the level is the caller's."""
    outermost = not connection.in_atomic_block
    postgresql = connection.vendor == "postgresql"
    shareable = postgresql and outermost
    with transaction.atomic():
        if postgresql:
            with connection.cursor() as cursor:
                if outermost:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                _tune(cursor, cohorts, split=_splits(cohorts, shareable=shareable))
        yield ReportTransaction(cohorts, shareable=shareable)
