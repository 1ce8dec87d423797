"""The chat's reads walk their indexes instead of a year's messages: the unread counts
start at the read marker's number in the (room, seq) and (session, seq) indexes, and a page
of messages walks the (room, seq) index back from the newest. Asked of PostgreSQL's
planner, with sequential scans off so that a tiny test room plans like a big one
(bench/pages_load.py measures the difference)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chat import selectors, services, unread

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the planner of PostgreSQL (CI's scale-out run)"
)


def explain(sql: str, params) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def plan(queryset) -> str:
    sql, params = queryset.values("pk")[:100].query.sql_with_params()
    return explain("SELECT COUNT(*) FROM (" + sql + ") capped", params)


def index_conditions(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if "Index Cond:" in line]


def test_the_main_chats_count_starts_at_the_read_marker(world):
    services.post_message(cohort=world.cohort, author=world.sanne, body="Hallo allemaal")
    text = plan(unread.main_unread_messages(person=world.anna, cohort=world.cohort))
    assert any("seq > COALESCE(" in condition for condition in index_conditions(text)), text


def test_a_threads_count_starts_at_the_read_marker(world, django_capture_on_commit_callbacks):
    from tests.chat.test_session_threads import plan as plan_session

    session = plan_session(world, "Eten met plezier", 3)
    services.post_message(cohort=world.cohort, author=world.sanne, body="Vraag", session=session)
    text = plan(unread.thread_unread_messages(person=world.anna, session=session))
    assert any("seq > COALESCE(" in condition for condition in index_conditions(text)), text


def test_a_page_of_messages_is_read_back_from_the_newest(world):
    services.post_message(cohort=world.cohort, author=world.sanne, body="Hallo allemaal")
    with CaptureQueriesContext(connection) as queries:
        selectors.recent_messages(cohort=world.cohort)
    [query] = queries.captured_queries
    text = explain(query["sql"], None)
    assert "Index Scan Backward using chat_message_unique_seq" in text, text
    assert "Sort" not in text, text
