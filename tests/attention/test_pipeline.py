"""The referral pipeline: stages and days at chosen moments, stalled referrals, who sees
which referrals, the medians, the access log, and queries that stay flat."""

import datetime

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from attention import services
from attention.pipeline import Stage
from groups import services as group_services
from groups.models import StaffRole
from privacy.models import AccessLogEntry
from tests import factories

from .conftest import DAY, PRESENT, at, register, weekly


def pipeline_url(world):
    return reverse("attention:pipeline", args=[world.organisation.pk])


def refer(world, email, *, nurse=None, practice=None):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return factories.refer(
            world.other_cohort,
            nurse=nurse or world.petra,
            practice=practice or world.practice,
            email=email,
            first_name=email.split("@")[0].title(),
        )


def referrals_of(response):
    return {r.membership.person.email: r for r in response.context["pipeline"].open}


def look(client, person, world):
    """The page as the person sees it now (logged in anew: a staff session ends when idle)."""
    client.force_login(person)
    return client.get(pipeline_url(world))


@pytest.mark.parametrize("name", ["marloes", "petra"])
def test_the_manager_and_the_nurse_open_the_pipeline(client, world, name):
    client.force_login(getattr(world, name))
    response = client.get(pipeline_url(world))
    assert response.status_code == 200
    assert '<html lang="nl">' in response.text
    assert "Waar staat iedere verwijzing?" in response.text


@pytest.mark.parametrize("name", ["sanne", "anna", "kees", "ivo", "otto", "frank", "olga"])
def test_everyone_else_gets_404(client, world, name):
    client.force_login(getattr(world, name))
    assert client.get(pipeline_url(world)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in_and_a_post_is_refused(client, world):
    response = client.get(pipeline_url(world))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    client.force_login(world.marloes)
    assert client.post(pipeline_url(world)).status_code == 405


def test_stage_and_days_follow_the_referral_through_its_steps(client, world):
    # noon today, so that whole days later are the same calendar days across a change of
    # clock (the days in a step are counted in calendar days, Amsterdam time)
    start = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    with at(start):
        membership = refer(world, "bert@example.org")
    with at(start + 13 * DAY):
        bert = referrals_of(look(client, world.petra, world))["bert@example.org"]
        assert (bert.stage, bert.days, bert.stalled) == (Stage.REFERRED, 13, False)
    with at(start + 14 * DAY):
        response = look(client, world.petra, world)
        bert = referrals_of(response)["bert@example.org"]
        assert (bert.stage, bert.days, bert.stalled) == (Stage.REFERRED, 14, True)
        assert "Staat stil" in response.text  # a word, not only a colour
        assert "verwijzingen staan stil." in response.text  # bert, and ivo's invitation
        with TestCase.captureOnCommitCallbacks(execute=True):
            factories.consent(membership, nurse=world.petra)
    with at(start + 20 * DAY):
        bert = referrals_of(look(client, world.petra, world))["bert@example.org"]
        assert (bert.stage, bert.days, bert.stalled) == (Stage.INVITED, 6, False)
    with at(start + 28 * DAY):
        bert = referrals_of(look(client, world.petra, world))["bert@example.org"]
        assert (bert.stage, bert.days, bert.stalled) == (Stage.INVITED, 14, True)
        membership.refresh_from_db()
        group_services.accept_agreement(
            membership=membership, by=membership.person, agreement=True, privacy=True
        )
        bert = referrals_of(look(client, world.petra, world))["bert@example.org"]
        assert (bert.stage, bert.days, bert.stalled) == (Stage.ACCEPTED, 0, False)


def test_waiting_for_the_first_session_counts_from_the_start_of_the_group(client, world):
    """Accepted long before the group starts is not stalled; weeks after the start it is."""
    client.force_login(world.marloes)
    start = world.other_cohort.start_date
    otto = referrals_of(look(client, world.petra, world))["otto@example.org"]
    assert otto.stage == Stage.ACCEPTED and not otto.stalled
    moment = timezone.make_aware(datetime.datetime.combine(start, datetime.time(12)))
    with at(moment + 21 * DAY):
        otto = referrals_of(look(client, world.petra, world))["otto@example.org"]
        assert otto.stalled


def test_the_thresholds_are_the_managers_settings(client, world):
    services.set_thresholds(
        organisation=world.organisation, by=world.marloes, stalled_invited_days=2
    )
    client.force_login(world.petra)
    with at(timezone.now() + 2 * DAY):
        ivo = referrals_of(look(client, world.petra, world))["ivo@example.org"]
    assert (ivo.stage, ivo.stalled) == (Stage.INVITED, True)


def test_the_manager_edits_the_stall_thresholds_where_the_other_settings_are(client, world):
    client.force_login(world.marloes)
    page = reverse("attention:thresholds", args=[world.organisation.pk])
    form = client.get(page).context["form"]
    data = {name: value for name, value in form.initial.items() if name in form.fields}
    data["stalled_referred_days"] = 5
    assert client.post(page, data).status_code == 302
    assert world.organisation.attention_settings.stalled_referred_days == 5


def test_the_nurse_sees_only_her_own_practices_referrals_and_the_manager_every_one(client, world):
    other_practice = factories.make_practice(world.organisation, "Praktijk De Eik")
    nadia = factories.make_person("nadia@example.org", first_name="Nadia")
    group_services.grant_staff_role(
        person=nadia, role=StaffRole.Role.PRACTICE_NURSE, practice=other_practice
    )
    refer(world, "bert@example.org")
    refer(world, "clara@example.org", nurse=nadia, practice=other_practice)
    seen = {}
    for name, person in (("petra", world.petra), ("nadia", nadia), ("marloes", world.marloes)):
        seen[name] = set(referrals_of(look(client, person, world)))
    running = {"anna@example.org", "kees@example.org"}  # not at a session yet either
    assert seen["petra"] == {"bert@example.org", "ivo@example.org", "otto@example.org"} | running
    assert seen["nadia"] == {"clara@example.org"}
    assert seen["marloes"] == seen["petra"] | seen["nadia"]


def test_each_referral_shown_is_written_to_the_access_log(client, world):
    client.force_login(world.petra)
    client.get(pipeline_url(world))
    entries = AccessLogEntry.objects.filter(actor=world.petra, data_kind="referral")
    assert set(entries.values_list("subject__email", flat=True)) == {
        "anna@example.org",
        "kees@example.org",
        "ivo@example.org",
        "otto@example.org",
    }
    assert set(entries.values_list("actor_role", flat=True)) == {"nurse"}


def test_the_median_days_to_the_first_session_per_practice_and_per_cohort(client, world):
    first, second = weekly(world, 2, first_in=4 * DAY)
    register(world, first, anna=PRESENT)
    register(world, second, anna=PRESENT, kees=PRESENT)
    with at(second.starts_at + DAY):
        pipeline = look(client, world.marloes, world).context["pipeline"]
    days = {(m.name, m.median, m.count) for m in pipeline.by_cohort}
    # referred when the world was built: anna 4 days before the first session, kees 11
    assert days == {("Herstelcirkel Noord", 7.5, 2)}
    assert [(m.name, m.median, m.count) for m in pipeline.by_practice] == [
        ("Huisartsenpraktijk De Linde", 7.5, 2)
    ]
    counts = {str(label): count for label, count in pipeline.stage_counts}
    assert counts["Kwam naar de eerste bijeenkomst"] == 2


@pytest.mark.parametrize("extra", [2, 10])
def test_the_page_takes_the_same_number_of_queries_as_the_pipeline_grows(
    client, world, extra, django_assert_num_queries
):
    for index in range(extra):
        membership = refer(world, f"extra{index}@example.org")
        if index % 2:
            with TestCase.captureOnCommitCallbacks(execute=True):
                factories.consent(membership, nurse=world.petra)
    client.force_login(world.marloes)
    with django_assert_num_queries(13):  # the same for 2 and for 10 more referrals
        response = client.get(pipeline_url(world))
    assert len(response.context["pipeline"].open) == 4 + extra  # anna, kees, ivo, otto


def test_the_overview_links_the_pipeline_for_the_nurse_and_the_manager_only(client, world):
    link = pipeline_url(world)
    for person, shown in ((world.petra, True), (world.marloes, True), (world.sanne, False)):
        client.force_login(person)
        assert (link in client.get(reverse("dashboard")).text) is shown
    client.force_login(world.anna)
    assert link not in client.get(reverse("dashboard")).text
