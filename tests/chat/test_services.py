import asyncio
import datetime

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import get_channel_layer
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from chat import markers, selectors, services, unread
from chat.models import MAX_MESSAGE_LENGTH, ChatMessage, ChatRoom, member_group_name
from groups import services as group_services


def test_messages_get_increasing_numbers_per_room(world, post):
    first = post(world.anna, "Eén")
    second = post(world.kees, "Twee")
    other = post(world.otto, "Andere groep", cohort=world.other_cohort)
    assert (first.seq, second.seq) == (1, 2)
    assert other.seq == 1  # every room counts for itself
    assert ChatRoom.objects.get(cohort=world.cohort).last_seq == 2


def test_message_is_stored_before_the_broadcast_leaves(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        message = services.post_message(cohort=world.cohort, author=world.anna, body="Hoi")
        assert ChatMessage.objects.filter(pk=message.pk).exists()
    assert len(callbacks) == 1  # the broadcast waits for the commit


def test_empty_and_too_long_messages_are_refused_with_a_clear_message(world):
    with pytest.raises(ValidationError) as empty:
        services.post_message(cohort=world.cohort, author=world.anna, body="   ")
    assert "Schrijf eerst een bericht" in str(empty.value)
    with pytest.raises(ValidationError) as long:
        services.post_message(
            cohort=world.cohort, author=world.anna, body="x" * (MAX_MESSAGE_LENGTH + 1)
        )
    assert "hoogstens 2000 tekens" in str(long.value) and "2001" in str(long.value)
    assert not ChatMessage.objects.exists()


def test_eleventh_message_within_ten_seconds_is_refused(world, post, monkeypatch):
    monkeypatch.setattr(services, "_now", lambda: 1_000_000.0)
    for number in range(10):
        post(world.anna, f"Bericht {number}")
    with pytest.raises(ValidationError) as error:
        post(world.anna, "Nog eentje")
    assert "Wacht even" in str(error.value)
    post(world.kees, "Kees mag nog wel")  # the limit is per member
    monkeypatch.setattr(services, "_now", lambda: 1_000_021.0)
    post(world.anna, "Na een poosje weer wel")
    assert ChatMessage.objects.filter(author=world.anna).count() == 11


def test_rate_limit_counts_the_previous_window_too(world, post, monkeypatch):
    monkeypatch.setattr(services, "_now", lambda: 1_000_009.5)
    for number in range(10):
        post(world.anna, f"Bericht {number}")
    monkeypatch.setattr(services, "_now", lambda: 1_000_010.2)  # a new window has just begun
    with pytest.raises(ValidationError):
        post(world.anna, "Te snel")


def test_edit_delete_and_hide_take_new_change_numbers(
    world, post, django_capture_on_commit_callbacks
):
    message = post(world.anna, "Eerste versie")
    with django_capture_on_commit_callbacks(execute=True):
        edited = services.edit_message(message=message, by=world.anna, body="Tweede versie")
    assert (edited.seq, edited.changed_seq, edited.body) == (1, 2, "Tweede versie")
    assert edited.as_event()["edited"] is True

    other = post(world.kees, "Iets vervelends")
    with django_capture_on_commit_callbacks(execute=True):
        hidden = services.hide_message(message=other, by=world.sanne, reason="Niet vriendelijk")
    assert hidden.hidden_by == world.sanne and hidden.hidden_at is not None
    event = hidden.as_event()
    assert event["hidden"] and event["body"] == "" and event["hidden_reason"] == "Niet vriendelijk"
    assert hidden.body == "Iets vervelends"  # kept as the moderation record

    with django_capture_on_commit_callbacks(execute=True):
        deleted = services.delete_message(message=edited, by=world.anna)
    assert deleted.body == "" and deleted.as_event()["deleted"]
    assert [e["seq"] for e in selectors.events_after(cohort_id=world.cohort.pk, after=2)] == [
        3,
        1,
    ]


def test_only_the_author_may_edit_or_delete(world, post):
    message = post(world.anna, "Van Anna")
    with pytest.raises(ValidationError):
        services.edit_message(message=message, by=world.kees, body="Van Kees")
    with pytest.raises(ValidationError):
        services.delete_message(message=message, by=world.sanne)
    message.refresh_from_db()
    assert message.body == "Van Anna" and message.changed_seq == 1


def test_hiding_needs_a_reason_and_happens_once(world, post):
    message = post(world.anna, "Hoi")
    with pytest.raises(ValidationError):
        services.hide_message(message=message, by=world.kees, reason=" ")
    services.hide_message(message=message, by=world.kees, reason="Privé gegevens")
    with pytest.raises(ValidationError):
        services.hide_message(message=message, by=world.sanne, reason="Nog eens")
    with pytest.raises(ValidationError):
        services.edit_message(message=message, by=world.anna, body="Toch aanpassen")


def test_unread_counts_others_visible_messages_after_the_read_marker(world, post):
    post(world.anna, "Eigen bericht telt niet")
    post(world.kees, "Een")
    two = post(world.sanne, "Twee")
    assert unread.unread_count(cohort=world.cohort, person=world.anna) == 2
    markers.mark_read(cohort=world.cohort, person=world.anna, seq=two.seq - 1)
    assert unread.unread_count(cohort=world.cohort, person=world.anna) == 1
    markers.mark_read(cohort=world.cohort, person=world.anna, seq=1)  # never moves back
    assert unread.unread_count(cohort=world.cohort, person=world.anna) == 1
    markers.mark_read(cohort=world.cohort, person=world.anna, seq=10_000)  # capped at the end
    assert unread.unread_count(cohort=world.cohort, person=world.anna) == 0
    [chat] = selectors.chats_for(user=world.kees)
    assert (chat, chat.unread) == (world.cohort, 2)  # anna's and sanne's
    assert selectors.chats_for(user=world.frank) == []
    assert selectors.chats_for(user=world.ivo) == []


def test_disconnect_member_waits_for_the_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        services.disconnect_member(cohort_id=world.cohort.pk, user_id=world.anna.pk)
    assert len(callbacks) == 1


def test_ending_a_membership_disconnects_the_member_once_committed(
    world, django_capture_on_commit_callbacks
):
    membership = world.cohort.memberships.get(person=world.anna)

    def end():
        with django_capture_on_commit_callbacks(execute=True):
            group_services.end_membership(
                membership=membership, by=world.sanne, reason="Afgesproken", category="other"
            )

    async def listen_while_ending():
        # One event loop throughout: the pub/sub layer keeps its subscriptions per loop.
        layer = get_channel_layer()
        channel = await layer.new_channel()
        await layer.group_add(member_group_name(world.cohort.pk, world.anna.pk), channel)
        await sync_to_async(end)()
        return await asyncio.wait_for(layer.receive(channel), 2)

    assert async_to_sync(listen_while_ending)() == {"type": "chat.removed"}


def test_a_failed_removal_disconnects_nobody(world, django_capture_on_commit_callbacks):
    membership = world.cohort.memberships.get(person=world.anna)
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationError):
        group_services.end_membership(
            membership=membership, by=world.sanne, reason="", category="other"
        )
    assert callbacks == []


NAMES = ("anna", "kees", "sanne", "petra", "frank", "ivo", "otto", "olga", "marloes")


def test_the_sockets_one_query_check_agrees_with_the_permission_rules(world):
    from access.policy import COHORT_RULES, Action, may
    from groups.roles import Role

    assert {Role(role) for role in selectors.CHAT_ROLES} == COHORT_RULES[Action.USE_CHAT]
    for name in NAMES:
        person = getattr(world, name)
        expected = may(person, Action.USE_CHAT, world.cohort)
        assert selectors.may_use_chat(user=person, cohort_id=world.cohort.pk) is expected, name
    assert [name for name in NAMES if may(getattr(world, name), Action.USE_CHAT, world.cohort)]
    membership = world.cohort.memberships.get(person=world.anna)
    group_services.end_membership(
        membership=membership, by=world.sanne, reason="Afgesproken", category="other"
    )
    assert not selectors.may_use_chat(user=world.anna, cohort_id=world.cohort.pk)
    assert selectors.may_use_chat(user=world.kees, cohort_id=world.cohort.pk)


def test_the_socket_broadcasts_itself_only_after_the_commit(world):
    with pytest.raises(RuntimeError):  # inside a transaction (the test's own)
        services.post_message(cohort=world.cohort, author=world.anna, body="Hoi", broadcast=False)


def _stored(cohort):
    fields = ("seq", "changed_seq", "author_id", "body", "edited_at", "hidden_reason")
    return list(ChatMessage.objects.filter(room__cohort=cohort).order_by("seq").values(*fields))


@pytest.mark.parametrize("in_transaction", [False, True], ids=["socket", "page"])
@pytest.mark.django_db(transaction=True)
def test_the_sockets_store_checks_membership_in_the_same_statement(world, in_transaction):
    """The socket stores outside a transaction (on PostgreSQL in one statement that also
    checks the membership); the page inside one. Both store the same rows."""

    def post(author, body):
        return services.post_message(
            cohort=world.cohort,
            author=author,
            body=body,
            broadcast=in_transaction,  # the socket broadcasts itself, after the commit
            members_only=True,
        )

    def run(step):
        if not in_transaction:
            return step()
        with transaction.atomic():
            return step()

    first = run(lambda: post(world.anna, "Eén"))
    second = run(lambda: post(world.kees, "Twee"))
    assert (first.seq, second.seq) == (1, 2)
    assert ChatMessage.objects.get(pk=second.pk).created_at == second.created_at
    expected = [
        {"seq": 1, "changed_seq": 1, "author_id": world.anna.pk, "body": "Eén"},
        {"seq": 2, "changed_seq": 2, "author_id": world.kees.pk, "body": "Twee"},
    ]
    assert _stored(world.cohort) == [
        {**row, "edited_at": None, "hidden_reason": ""} for row in expected
    ]
    for outsider in (world.frank, world.otto, world.marloes):
        with pytest.raises(PermissionDenied):
            run(lambda outsider=outsider: post(outsider, "Mag ik meedoen?"))
    group_services.end_membership(
        membership=world.cohort.memberships.get(person=world.kees),
        by=world.sanne,
        reason="Verhuisd",
        category="other",
    )
    with pytest.raises(PermissionDenied):
        run(lambda: post(world.kees, "Nog één"))
    assert len(_stored(world.cohort)) == 2
    assert ChatRoom.objects.get(cohort=world.cohort).last_seq == 2  # no number used up


def test_the_catch_up_gives_what_the_orm_gives_for_every_kind_of_message(
    world, post, django_capture_on_commit_callbacks, monkeypatch
):
    """events_after is written out once in SQL (every reconnect asks it); its events are
    those of the ORM's messages: edited, deleted, hidden, in a session's thread, from
    authors with and without a display name, in order of change, up to the limit, and
    only this room's."""
    from sessions import services as session_services

    first = post(world.anna, "Goedemorgen allemaal")
    post(world.kees, "Hoi Anna")
    world.kees.display_name = ""
    world.kees.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.edit_message(message=first, by=world.anna, body="Goedemorgen, allemaal!")
        hidden = post(world.kees, "Iets vervelends")
        services.hide_message(message=hidden, by=world.sanne, reason="Niet vriendelijk")
        services.delete_message(message=post(world.anna, "Vergissing"), by=world.anna)
    starts = timezone.now() + datetime.timedelta(days=3)
    session = session_services.plan_session(
        cohort=world.cohort,
        by=world.sanne,
        title="Samen koken",
        place="Buurthuis De Brug",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.post_message(
            cohort=world.cohort, author=world.kees, body="Tot dan", session=session
        )
    post(world.otto, "Een andere groep", cohort=world.other_cohort)

    def through_the_orm(after: int, limit: int) -> list[dict]:
        messages = (
            ChatMessage.objects.filter(room__cohort_id=world.cohort.pk, changed_seq__gt=after)
            .select_related("author")
            .order_by("changed_seq")[:limit]
        )
        return [message.as_event() for message in messages]

    everything = selectors.events_after(cohort_id=world.cohort.pk, after=0)
    assert len(everything) >= 5
    assert everything == through_the_orm(0, selectors.CATCH_UP_LIMIT)
    assert any(event["edited"] for event in everything)
    assert any(event["deleted"] for event in everything)
    assert any(event["hidden"] for event in everything)
    assert any(event["session"] == session.pk for event in everything)
    assert selectors.events_after(cohort_id=world.cohort.pk, after=3) == through_the_orm(
        3, selectors.CATCH_UP_LIMIT
    )
    assert all(event["author_id"] != world.otto.pk for event in everything)
    (elsewhere,) = selectors.events_after(cohort_id=world.other_cohort.pk, after=0)
    assert (elsewhere["author_id"], elsewhere["body"]) == (world.otto.pk, "Een andere groep")
    monkeypatch.setattr(selectors, "CATCH_UP_LIMIT", 2)
    assert selectors.events_after(cohort_id=world.cohort.pk, after=0) == through_the_orm(0, 2)
