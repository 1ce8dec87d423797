"""The socket's frames for a session's thread: ``send``/``read``/``history`` with a
``session``, ``message`` events that say which thread they belong to."""

import datetime

import pytest
from asgiref.sync import sync_to_async
from django.utils import timezone

from chat import services, unread
from chat.models import ChatMessage
from sessions import services as session_services

from .test_consumers import connect, receive

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("worker_connections_closed"),
]


def _plan(cohort, coach, title, days=3):
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
    return session_services.plan_session(
        cohort=cohort,
        by=coach,
        title=title,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        place="Buurthuis De Ster",
    )


async def plan(world, title="Eten met plezier", cohort=None):
    def make():
        target = cohort or world.cohort
        return _plan(target, target.memberships.get(role="coach").person, title)

    return await sync_to_async(make)()


async def test_a_thread_message_reaches_every_member_with_its_session(world):
    session = await plan(world)
    anna, *_ = await connect(world, "anna")
    sanne, *_ = await connect(world, "sanne")
    await anna.send_json_to(
        {"type": "send", "body": "Wat nemen we mee?", "client_id": "t1", "session": session.pk}
    )
    assert (await receive(anna, "sent"))["seq"] == 1
    for communicator in (anna, sanne):
        message = await receive(communicator, "message")
        assert (message["session"], message["body"]) == (session.pk, "Wat nemen we mee?")
    stored = await sync_to_async(ChatMessage.objects.get)(seq=1)
    assert stored.session_id == session.pk
    await anna.send_json_to({"type": "send", "body": "En in de groep", "client_id": "m1"})
    assert (await receive(sanne, "message"))["session"] is None
    await anna.disconnect()
    await sanne.disconnect()


@pytest.mark.parametrize("session", ["other-cohort", 999_999, "nonsense", [1]])
async def test_a_session_outside_the_group_is_refused_with_an_error(world, session):
    if session == "other-cohort":
        session = (await plan(world, "Zuid", cohort=world.other_cohort)).pk
    kees, *_ = await connect(world, "kees")
    await kees.send_json_to(
        {"type": "send", "body": "Verkeerd", "client_id": "x", "session": session}
    )
    error = await receive(kees, "error")
    assert error["client_id"] == "x" and "bestaat niet" in error["message"]
    assert not await sync_to_async(ChatMessage.objects.exists)()
    await kees.disconnect()


async def test_read_and_history_frames_keep_to_their_thread(world):
    session = await plan(world)

    def post_some():
        services.post_message(cohort=world.cohort, author=world.kees, body="Groep 1")
        for body in ("Draad 1", "Draad 2"):
            services.post_message(
                cohort=world.cohort, author=world.kees, body=body, session=session
            )
        services.post_message(cohort=world.cohort, author=world.kees, body="Groep 2")

    await sync_to_async(post_some)()
    anna, *_ = await connect(world, "anna")
    await anna.send_json_to({"type": "history", "before": 5, "session": session.pk})
    history = await receive(anna, "history")
    assert history["session"] == session.pk
    assert [e["body"] for e in history["events"]] == ["Draad 1", "Draad 2"]
    await anna.send_json_to({"type": "history", "before": 5})
    history = await receive(anna, "history")
    assert [e["body"] for e in history["events"]] == ["Groep 1", "Groep 2"]

    await anna.send_json_to({"type": "read", "seq": 4, "session": session.pk})
    await anna.send_json_to({"type": "sync", "after": 4})
    await receive(anna, "sync")  # the read above has been handled by now
    thread_unread = sync_to_async(unread.thread_unread_count)
    assert await thread_unread(session=session, person=world.anna) == 0
    main_unread = sync_to_async(unread.main_unread_count)
    assert await main_unread(cohort=world.cohort, person=world.anna) == 2
    await anna.disconnect()


async def test_a_reconnecting_client_catches_up_on_thread_messages(world):
    session = await plan(world)
    anna, *_ = await connect(world, "anna")
    await anna.send_json_to({"type": "send", "body": "Een", "client_id": "a"})
    await receive(anna, "sent")
    await anna.disconnect()

    kees, *_ = await connect(world, "kees")
    await kees.send_json_to(
        {"type": "send", "body": "Gemist in de draad", "client_id": "k", "session": session.pk}
    )
    await receive(kees, "sent")
    await kees.disconnect()

    anna, *_ = await connect(world, "anna")
    await anna.send_json_to({"type": "sync", "after": 1})
    sync = await receive(anna, "sync")
    assert [(e["seq"], e["session"], e["body"]) for e in sync["events"]] == [
        (2, session.pk, "Gemist in de draad")
    ]
    await anna.disconnect()
