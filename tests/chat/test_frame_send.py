"""A chat delivery goes to the server's own send, past Channels' session wrappers."""

from channels.sessions import InstanceSessionWrapper

from chat.consumers import _frame_send


async def server_send(message):
    pass


def test_the_session_wrappers_are_passed_by():
    inner = InstanceSessionWrapper({"cookies": {}}, server_send)
    outer = InstanceSessionWrapper(inner.scope, inner.send)  # a second session middleware
    assert _frame_send(outer.send) is server_send
    assert _frame_send(inner.send) is server_send


def test_a_send_without_wrapper_is_kept():
    assert _frame_send(server_send) is server_send


def test_the_wrapper_does_nothing_to_a_websocket_frame():
    """What makes passing it by safe: it only saves on these message types."""
    assert "websocket.send" not in InstanceSessionWrapper.save_message_types
    assert "websocket.send" not in InstanceSessionWrapper.cookie_response_message_types
