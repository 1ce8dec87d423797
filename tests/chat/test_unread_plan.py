"""The unread counts start at the read marker's number in the (room, seq) and (session,
seq) indexes, instead of looking up the marker for every message of a year's chat: asked
of PostgreSQL's planner, with sequential scans off so that a tiny test room plans like a
big one (bench/pages_load.py measures the difference)."""

import pytest
from django.db import connection

from chat import selectors, services

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the planner of PostgreSQL (CI's scale-out run)"
)


def plan(queryset) -> str:
    sql, params = queryset.values("pk")[:100].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN SELECT COUNT(*) FROM (" + sql + ") capped", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def index_conditions(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if "Index Cond:" in line]


def test_the_main_chats_count_starts_at_the_read_marker(world):
    services.post_message(cohort=world.cohort, author=world.sanne, body="Hallo allemaal")
    text = plan(selectors.main_unread_messages(person=world.anna, cohort=world.cohort))
    assert any("seq > COALESCE(" in condition for condition in index_conditions(text)), text


def test_a_threads_count_starts_at_the_read_marker(world, django_capture_on_commit_callbacks):
    from tests.chat.test_session_threads import plan as plan_session

    session = plan_session(world, "Eten met plezier", 3)
    services.post_message(cohort=world.cohort, author=world.sanne, body="Vraag", session=session)
    text = plan(selectors.thread_unread_messages(person=world.anna, session=session))
    assert any("seq > COALESCE(" in condition for condition in index_conditions(text)), text
