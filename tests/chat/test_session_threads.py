"""A thread per session: its messages live in the cohort's one room (numbering, catch-up,
broadcast), the main chat shows none of them, and every thread counts its own unread."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from chat import markers, selectors, services, unread
from chat.models import ChatMessage
from sessions import services as session_services
from tests.view_matrix import view_matrix


def plan(world, title, days, cohort=None):
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
    return session_services.plan_session(
        cohort=cohort or world.cohort,
        by=world.sanne if cohort is None else cohort.memberships.get(role="coach").person,
        title=title,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        place="Buurthuis De Ster",
    )


@pytest.fixture
def eating(world):
    return plan(world, "Eten met plezier", 3)


@pytest.fixture
def sleeping(world):
    return plan(world, "Goed slapen", -5)


@pytest.fixture
def say(world, django_capture_on_commit_callbacks):
    def _say(person, body, session=None):
        with django_capture_on_commit_callbacks(execute=True):
            return services.post_message(
                cohort=world.cohort, author=person, body=body, session=session
            )

    return _say


def test_thread_messages_take_the_rooms_numbers_and_carry_their_session(world, eating, say):
    main = say(world.kees, "Hallo allemaal")
    question = say(world.kees, "Mag ik iemand meenemen?", session=eating)
    assert (main.seq, question.seq) == (1, 2)
    assert question.as_event()["session"] == eating.pk
    assert main.as_event()["session"] is None


def test_a_session_of_another_group_is_refused(world, say):
    elsewhere = plan(world, "Zuid", 2, cohort=world.other_cohort)
    with pytest.raises(ValidationError):
        say(world.kees, "Verkeerde groep", session=elsewhere)
    assert not ChatMessage.objects.exists()


def test_unread_counts_are_kept_per_thread(world, eating, sleeping, say):
    say(world.kees, "In de groep")
    say(world.kees, "Vraag vooraf", session=eating)
    say(world.sanne, "Nog een vraag", session=eating)
    say(world.kees, "Wat ik leerde", session=sleeping)
    say(world.anna, "Mijn eigen bericht telt niet", session=sleeping)
    anna = world.anna
    assert unread.unread_count(cohort=world.cohort, person=anna) == 4
    assert unread.main_unread_count(cohort=world.cohort, person=anna) == 1
    assert unread.thread_unread_count(session=eating, person=anna) == 2
    assert unread.thread_unread_count(session=sleeping, person=anna) == 1

    # Reading the main chat reads no thread; reading one thread reads no other.
    last = services.room_for(world.cohort).last_seq
    markers.mark_read(cohort=world.cohort, person=anna, seq=last)
    assert unread.main_unread_count(cohort=world.cohort, person=anna) == 0
    assert unread.thread_unread_count(session=eating, person=anna) == 2
    markers.mark_thread_read(session=eating, person=anna, seq=last)
    assert unread.thread_unread_count(session=eating, person=anna) == 0
    assert unread.thread_unread_count(session=sleeping, person=anna) == 1
    assert unread.unread_count(cohort=world.cohort, person=anna) == 1
    [chat] = selectors.chats_for(user=anna)
    assert chat.unread == 1

    threads = {s.title: s for s in selectors.session_threads(cohort=world.cohort, person=anna)}
    assert (threads["Eten met plezier"].thread_unread, threads["Goed slapen"].thread_unread) == (
        0,
        1,
    )
    assert threads["Eten met plezier"].thread_messages == 2


def test_the_thread_list_leaves_out_quiet_sessions_far_away(world, say):
    far = plan(world, "Over twee maanden", 60)
    talked = plan(world, "Lang geleden, wel besproken", -90)
    plan(world, "Lang geleden, stil", -91)
    say(world.kees, "Terugblik", session=talked)
    titles = [s.title for s in selectors.session_threads(cohort=world.cohort, person=world.anna)]
    assert titles == ["Lang geleden, wel besproken"]
    say(world.kees, "Alvast een vraag", session=far)
    titles = [s.title for s in selectors.session_threads(cohort=world.cohort, person=world.anna)]
    assert titles == ["Over twee maanden", "Lang geleden, wel besproken"]


def test_the_list_of_threads_takes_one_query(world, say, django_assert_num_queries):
    for number in range(6):
        session = plan(world, f"Bijeenkomst {number}", number - 3)
        say(world.kees, f"Bericht {number}", session=session)
    with django_assert_num_queries(1):
        threads = selectors.session_threads(cohort=world.cohort, person=world.anna)
        assert [s.thread_unread for s in threads] == [1] * 6


# --- pages ------------------------------------------------------------------------------


def thread_url(session):
    return reverse("chat:thread", args=[session.pk])


# (url builder, allowed person, member without the right, outsider, method not allowed)
VIEWS = {
    "thread": (lambda w, s: thread_url(s), "anna", "petra", "otto", "put"),
}
(
    test_view_works_for_the_allowed_person,
    test_view_sends_anonymous_visitor_to_log_in,
    test_view_gives_403_to_member_without_the_right,
    test_view_gives_404_to_outsider,
    test_view_refuses_wrong_method,
) = view_matrix(VIEWS, extra=["eating"])


def test_posting_in_a_thread_without_javascript(client, world, eating):
    client.force_login(world.anna)
    response = client.post(thread_url(eating), {"body": "Wat nemen we mee?"})
    assert response.status_code == 302
    assert response.url == thread_url(eating) + "#bericht-1"
    assert ChatMessage.objects.get().session == eating
    page = client.get(thread_url(eating)).text
    assert "Wat nemen we mee?" in page and "Gesprek over Eten met plezier" in page
    assert "Wat nemen we mee?" not in client.get(reverse("chat:room", args=[world.cohort.pk])).text


def test_a_former_member_cannot_post_in_a_thread(client, world, eating):
    from groups import services as group_services

    membership = world.cohort.memberships.get(person=world.anna)
    group_services.leave_cohort(
        membership=membership, by=world.anna, reason="Verhuisd", category="moved"
    )
    client.force_login(world.anna)
    assert client.post(thread_url(eating), {"body": "Nog even"}).status_code in (403, 404)
    assert not ChatMessage.objects.exists()


def test_the_chat_page_lists_the_threads_with_their_unread_counts(client, world, eating, say):
    say(world.kees, "Vraag vooraf", session=eating)
    say(world.sanne, "Nog een vraag", session=eating)
    client.force_login(world.anna)
    page = client.get(reverse("chat:room", args=[world.cohort.pk])).text
    assert "Praten over een bijeenkomst" in page
    assert thread_url(eating) in page
    assert "2 nieuwe berichten" in page
    assert "Vraag vooraf" not in page  # the main chat shows no thread messages
    # Opening the main chat does not read the thread: the overview still counts it.
    assert unread.thread_unread_count(session=eating, person=world.anna) == 2
    client.get(thread_url(eating))
    assert unread.thread_unread_count(session=eating, person=world.anna) == 0


def test_the_session_page_links_to_its_thread_with_the_unread_count(client, world, eating, say):
    say(world.kees, "Vraag vooraf", session=eating)
    client.force_login(world.anna)
    page = client.get(reverse("sessions:session_detail", args=[eating.pk])).text
    assert "Gesprek over deze bijeenkomst" in page
    assert thread_url(eating) in page and "1 nieuw bericht" in page
    client.force_login(world.marloes)  # the manager sees the session, not its talk
    page = client.get(reverse("sessions:session_detail", args=[eating.pk])).text
    assert thread_url(eating) not in page


def test_editing_a_thread_message_returns_to_the_thread(client, world, eating, say):
    message = say(world.anna, "Eerste versie", session=eating)
    client.force_login(world.anna)
    response = client.post(
        reverse("chat:message_edit", args=[world.cohort.pk, message.seq]),
        {"body": "Tweede versie"},
    )
    assert response.url == thread_url(eating) + f"#bericht-{message.seq}"


def test_a_thread_with_more_than_99_unread_messages_says_so(client, world, eating, monkeypatch):
    """The list of threads and the thread's own page stop counting at 99, like the other
    counts; the badge tells the page's script that it stands for more."""
    monkeypatch.setattr(services, "_check_rate_limit", lambda **kwargs: None)
    for number in range(unread.UNREAD_SHOWN + 2):
        services.post_message(
            cohort=world.cohort, author=world.sanne, body=f"Bericht {number}", session=eating
        )
    [thread] = selectors.session_threads(cohort=world.cohort, person=world.anna)
    assert thread.thread_unread == unread.UNREAD_SHOWN + 1
    client.force_login(world.anna)
    room = client.get(reverse("chat:room", args=[world.cohort.pk])).text
    badge = room.split(f'data-thread="{eating.pk}"')[1].split("</li>")[0]
    assert 'data-more="1"' in badge and "Meer dan 99 nieuwe berichten" in badge
    page = client.get(reverse("chat:thread", args=[eating.pk])).text
    assert "<title>(99+) " in page
    assert "Er zijn meer dan 99 nieuwe berichten sinds uw laatste bezoek." in page
