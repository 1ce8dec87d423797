import pytest
from channels.testing import HttpCommunicator, WebsocketCommunicator

from config.asgi import application


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("site_tree")
async def test_asgi_application_serves_the_dutch_home_page():
    communicator = HttpCommunicator(application, "GET", "/", headers=[(b"host", b"localhost")])
    response = await communicator.get_response()
    assert response["status"] == 200
    assert b'<html lang="nl">' in response["body"]


# The refusal itself runs no query: the origin validator is the outermost layer, so no
# session, user or chat lookup happens. But Channels answers with its WebsocketDenier, a
# consumer, and every consumer's dispatch runs close_old_connections() in asgiref's worker
# thread (Channels >= 4.2). Once an earlier async test has used the database there, that
# thread holds a connection (an in-memory SQLite one can never be closed), and checking it
# counts as database access: legitimate housekeeping, hence the mark.
@pytest.mark.asyncio
@pytest.mark.django_db
async def test_websocket_from_a_foreign_origin_is_refused():
    communicator = WebsocketCommunicator(
        application, "/ws/anything/", headers=[(b"origin", b"https://evil.example.com")]
    )
    connected, _ = await communicator.connect()
    assert not connected
    await communicator.disconnect()
