"""The e-mail about a new notice: that there is one and from whom, never what it says."""

from django.test import Client

from groups import services as group_services
from notices import services
from notices.models import Notice
from notices.tasks import send_notice_email
from notifications import services as notification_services
from notifications.selectors import Kind

TEXT = "Mijn suiker was gisteren erg hoog, daarom kom ik donderdag niet."


def test_the_members_get_a_link_and_the_authors_first_name_but_never_the_text(
    world, notice_by, mailoutbox
):
    notice = notice_by(world.sanne, TEXT)
    assert sorted(m.to[0] for m in mailoutbox) == sorted([world.anna.email, world.kees.email])
    message = next(m for m in mailoutbox if m.to == [world.anna.email])
    assert message.subject == "Een nieuwe mededeling voor uw groep"
    assert "Er is een nieuwe mededeling van Sanne voor de groep Herstelcirkel Noord." in (
        message.body
    )
    assert f"/groepen/{world.cohort.pk}/mededelingen/" in message.body
    assert "suiker" not in message.body and "suiker" not in message.subject
    assert Notice.objects.get(pk=notice.pk).mailed_at is not None


def test_the_e_mail_has_a_working_unsubscribe_link_and_header(world, notice_by, mailoutbox):
    notice_by(world.kees)
    message = next(m for m in mailoutbox if m.to == [world.anna.email])
    header = message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = header.strip("<>")
    assert link in message.body
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert Client().post(f"/{path}").status_code in (200, 302)  # one click, no log-in
    mailoutbox.clear()
    notice_by(world.kees, "Nog een mededeling")
    assert world.anna.email not in {m.to[0] for m in mailoutbox}


def test_whoever_turned_notices_off_gets_nothing(world, notice_by, mailoutbox):
    notification_services.unsubscribe(person=world.kees, kind=Kind.NOTICES)
    notice_by(world.sanne)
    assert [m.to[0] for m in mailoutbox] == [world.anna.email]


def test_the_task_sends_once_however_often_it_runs(world, notice_by, mailoutbox):
    notice = notice_by(world.sanne)
    assert len(mailoutbox) == 2
    send_notice_email.call(notice_id=notice.pk)
    send_notice_email.call(notice_id=notice.pk)
    assert len(mailoutbox) == 2


def test_never_to_someone_who_left_nor_for_a_notice_already_withdrawn(world, mailoutbox):
    group_services.leave_cohort(
        membership=world.cohort.memberships.get(person=world.anna),
        by=world.anna,
        reason="Verhuisd",
        category="moved",
    )
    mailoutbox.clear()
    notice = services.post_notice(cohort=world.cohort, by=world.sanne, body="Tot donderdag")
    send_notice_email.call(notice_id=notice.pk)  # the commit's own run is left out here
    assert [m.to[0] for m in mailoutbox] == [world.kees.email]
    mailoutbox.clear()
    withdrawn = services.post_notice(cohort=world.cohort, by=world.sanne, body="Vergissing")
    services.withdraw_notice(notice=withdrawn, by=world.sanne)
    send_notice_email.call(notice_id=withdrawn.pk)
    assert mailoutbox == []
