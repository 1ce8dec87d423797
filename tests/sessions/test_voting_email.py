"""Opening a vote on themes e-mails the group's participants: a link, no more."""

import pytest

from groups.models import Membership
from notifications import services as notification_services
from notifications.selectors import Kind
from sessions import services
from sessions.models import VotingRound


@pytest.fixture
def proposals(world):
    for title in ("Gezond eten", "Bewegen", "Slapen"):
        services.propose_theme(cohort=world.cohort, by=world.anna, title=title)


def _open(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.open_voting_round(cohort=world.cohort, by=world.kees)


def test_the_participants_get_a_link_to_vote_but_not_who_opened_it(
    world, proposals, mailoutbox, django_capture_on_commit_callbacks
):
    _open(world, django_capture_on_commit_callbacks)
    participants = {
        m.person.email
        for m in world.cohort.memberships.participants().filter(status=Membership.Status.ACTIVE)
    }
    assert world.anna.email in participants and world.kees.email in participants
    assert {m.to[0] for m in mailoutbox} == participants - {world.kees.email}
    message = next(m for m in mailoutbox if m.to == [world.anna.email])
    assert message.subject == "U kunt nu stemmen over thema's"
    assert f"/groepen/{world.cohort.pk}/themas/stemmen/" in message.body
    assert "U heeft 3 stemmen." in message.body
    assert "Gezond eten" not in message.body  # the proposals are on the site only
    assert "List-Unsubscribe" in message.extra_headers


def test_no_e_mail_for_someone_who_turned_it_off(
    world, proposals, mailoutbox, django_capture_on_commit_callbacks
):
    notification_services.unsubscribe(person=world.anna, kind=Kind.VOTING)
    _open(world, django_capture_on_commit_callbacks)
    assert world.anna.email not in {m.to[0] for m in mailoutbox}


def test_a_round_closed_before_the_task_runs_sends_nothing(world, proposals, mailoutbox):
    from sessions.tasks import send_voting_opened

    voting_round = services.open_voting_round(cohort=world.cohort, by=world.kees)
    VotingRound.objects.filter(pk=voting_round.pk).update(closed_at=voting_round.opened_at)
    send_voting_opened.call(voting_round_id=voting_round.pk)
    assert mailoutbox == []
