"""The socket's front door: exact Origin (scheme, host, port) and unreadable frames."""

import json
import logging

import pytest
from asgiref.sync import sync_to_async

from .conftest import session_cookie, socket_for

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("worker_connections_closed"),
]


async def _open(world, origin=b"http://localhost", host=b"localhost"):
    cookie = await sync_to_async(session_cookie)(world.anna)
    communicator = socket_for(
        world.cohort.pk, cookie, origin=(b"origin", origin), host=(b"host", host)
    )
    connected, code = await communicator.connect()
    return communicator, connected, code


@pytest.mark.parametrize(
    "origin",
    [
        b"http://127.0.0.1:9999",  # another port on an allowed host
        b"http://localhost:9999",
        b"https://localhost",  # another scheme
        b"http://localhost.evil.example",
        b"null",
        b"localhost",
    ],
)
async def test_an_origin_differing_in_scheme_host_or_port_is_refused(world, origin):
    communicator, connected, _code = await _open(world, origin=origin)
    assert not connected
    await communicator.disconnect()


async def test_the_same_origin_with_its_port_is_accepted(world):
    communicator, connected, _code = await _open(
        world, origin=b"http://127.0.0.1:8000", host=b"127.0.0.1:8000"
    )
    assert connected
    await communicator.disconnect()
    communicator, connected, _code = await _open(
        world, origin=b"http://127.0.0.1:9999", host=b"127.0.0.1:8000"
    )
    assert not connected
    await communicator.disconnect()


async def test_a_default_port_written_out_is_the_same_origin(world):
    communicator, connected, _code = await _open(world, origin=b"http://localhost:80")
    assert connected
    await communicator.disconnect()


async def test_a_socket_without_an_origin_is_refused(world):
    cookie = await sync_to_async(session_cookie)(world.anna)
    communicator = socket_for(world.cohort.pk, cookie, origin=None)
    connected, _code = await communicator.connect()
    assert not connected
    await communicator.disconnect()


async def _next_error(communicator):
    while True:
        message = await communicator.receive_json_from(timeout=3)
        if message["type"] == "error":
            return message


@pytest.mark.parametrize(
    "frame",
    [
        "this is not json",
        "[" * 50_000 + "]" * 50_000,
        "[" * 5_000 + "]" * 5_000,  # short enough to parse, too deep for the parser
        json.dumps([1, 2, 3]),
        json.dumps("text"),
        "{" + '"type": "send",' * 1,  # cut off
    ],
)
async def test_an_unreadable_frame_gets_an_error_frame_and_one_log_line(world, frame, caplog):
    communicator, connected, _code = await _open(world)
    assert connected
    with caplog.at_level(logging.WARNING):
        await communicator.send_to(text_data=frame)
        error = await _next_error(communicator)
    assert error["message"] == "Dit bericht kon niet worden gelezen. Laad de pagina opnieuw."
    records = [r for r in caplog.records if r.name == "chat.consumers"]
    assert len(records) == 1 and records[0].exc_info is None
    assert "\n" not in records[0].getMessage()
    # The socket still works afterwards.
    await communicator.send_json_to({"type": "sync", "after": 0})
    while (await communicator.receive_json_from(timeout=3))["type"] != "sync":
        pass
    await communicator.disconnect()


async def test_a_binary_frame_closes_the_socket_as_a_policy_violation(world, caplog):
    communicator, connected, _code = await _open(world)
    assert connected
    with caplog.at_level(logging.WARNING):
        await communicator.send_to(bytes_data=b"\x00\x01binary")
        while True:
            output = await communicator.receive_output(timeout=3)
            if output["type"] == "websocket.close":
                break
    assert output["code"] == 1008
    assert [r.getMessage() for r in caplog.records if r.name == "chat.consumers"] == [
        f"chat: refused a binary frame from user {world.anna.pk} in cohort {world.cohort.pk}"
    ]
    await communicator.disconnect()
