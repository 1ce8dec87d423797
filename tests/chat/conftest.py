"""Helpers for the chat tests: real session cookies and sockets on the real ASGI router."""

import pytest
import pytest_asyncio
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connections
from django.test import Client

from config.asgi import application

ORIGIN = (b"origin", b"http://localhost")
HOST = (b"host", b"localhost")


def session_cookie(user) -> str:
    """A real session for the user in the test database, as the browser would hold it."""
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def socket_for(
    cohort_id: int, cookie: str | None = None, origin=ORIGIN, host=HOST
) -> WebsocketCommunicator:
    headers = [header for header in (origin, host) if header]
    if cookie:
        headers.append((b"cookie", f"sessionid={cookie}".encode()))
    return WebsocketCommunicator(application, f"/ws/groepen/{cohort_id}/chat/", headers=headers)


@pytest.fixture
def post(world, django_capture_on_commit_callbacks):
    """Posts a message through the service, running its broadcast as a commit would."""
    from chat import services

    def _post(person, body="Hallo allemaal", cohort=None):
        with django_capture_on_commit_callbacks(execute=True):
            return services.post_message(cohort=cohort or world.cohort, author=person, body=body)

    return _post


@pytest_asyncio.fixture
async def worker_connections_closed():
    """Closes the database connections the test opened in asgiref's worker thread.

    ``sync_to_async`` runs the test's own ORM calls in one shared worker thread; a
    PostgreSQL connection left open there would outlive the test (and keep the test
    database busy). An in-memory SQLite connection cannot be closed; Django ignores it.
    """
    yield
    await sync_to_async(connections.close_all)()
