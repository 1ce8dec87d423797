"""Every view: works, anonymous to log in, 403 without the right, 404 outside, 405."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from health import services
from health.models import CheckIn, Cheer, Goal, Measurement, QuestionnaireResponse
from tests import factories
from tests.view_matrix import view_matrix

from .conftest import make_goal, member, running_cohort

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def url(name, *args):
    return reverse(f"health:{name}", args=args)


def anna_plan(w):
    return member(w, w.anna).pk


def shared_goal(w):
    return make_goal(w, sharing="group", title="Elke dag de trap nemen").pk


# (url builder, allowed person, member without the right, outsider, method not allowed)
VIEWS = {
    "plan": (lambda w: url("plan", anna_plan(w)), "sanne", "petra", "kees", "post"),
    "goal_create": (lambda w: url("goal_create", anna_plan(w)), "anna", "sanne", "kees", "put"),
    "goal_detail": (lambda w: url("goal_detail", shared_goal(w)), "kees", "petra", "otto", "post"),
    "goal_revise": (lambda w: url("goal_revise", shared_goal(w)), "anna", "kees", "otto", "put"),
    "check_in": (lambda w: url("check_in", shared_goal(w)), "anna", "sanne", "otto", "put"),
    "group_goals": (lambda w: url("group_goals", w.cohort.pk), "kees", "petra", "otto", "post"),
    "measurements": (
        lambda w: url("measurements", anna_plan(w)),
        "petra",
        "marloes",
        "kees",
        "post",
    ),
    "measurement_create": (
        lambda w: url("measurement_create", anna_plan(w)),
        "sanne",
        "marloes",
        "otto",
        "put",
    ),
    "questionnaire_fill": (
        lambda w: url("questionnaire_fill", anna_plan(w), "who5"),
        "anna",
        "sanne",
        "kees",
        "put",
    ),
    "cohort_health": (
        lambda w: url("cohort_health", w.cohort.pk),
        "petra",
        "anna",
        "otto",
        "post",
    ),
    "measurement_moments": (
        lambda w: url("measurement_moments", w.cohort.pk),
        "marloes",
        "sanne",
        "otto",
        "put",
    ),
}


(
    test_view_works_for_the_allowed_person,
    test_view_sends_anonymous_visitor_to_log_in,
    test_view_gives_403_to_member_without_the_right,
    test_view_gives_404_to_outsider,
    test_view_refuses_wrong_method,
) = view_matrix(VIEWS)


POST_ONLY = {
    "goal_sharing": lambda w: url("goal_sharing", shared_goal(w)),
    "goal_status": lambda w: url("goal_status", shared_goal(w)),
    "cheer": lambda w: url("cheer", shared_goal(w)),
}


@pytest.mark.parametrize("view", list(POST_ONLY))
def test_post_only_actions_refuse_get(client, world, view):
    client.force_login(world.anna)
    assert client.get(POST_ONLY[view](world)).status_code == 405


@pytest.mark.parametrize("view", list(POST_ONLY))
def test_post_only_actions_hide_from_outsiders(client, world, view):
    client.force_login(world.otto)
    assert client.post(POST_ONLY[view](world)).status_code == 404


def test_my_plan_takes_a_participant_to_their_plan(client, world):
    client.force_login(world.anna)
    response = client.get(url("my_plan"))
    assert response.url == url("plan", anna_plan(world))
    client.force_login(world.sanne)
    assert client.get(url("my_plan")).status_code == 404


# --- what people do -----------------------------------------------------------------------


def test_a_participant_writes_a_goal_and_shares_it(client, world):
    client.force_login(world.anna)
    response = client.post(
        url("goal_create", anna_plan(world)),
        {"title": "Elke dag wandelen", "why": "Fit blijven", "sharing": "private"},
    )
    goal = Goal.objects.get()
    assert response.url == url("goal_detail", goal.pk)
    client.post(url("goal_sharing", goal.pk), {"sharing": "group"})
    goal.refresh_from_db()
    assert goal.is_shared


def test_a_goal_without_words_shows_the_error(client, world):
    client.force_login(world.anna)
    response = client.post(url("goal_create", anna_plan(world)), {"sharing": "private"})
    assert response.status_code == 200
    assert "Er klopt nog iets niet" in response.text
    assert not Goal.objects.exists()


def test_revising_shows_every_version(client, world):
    goal = make_goal(world, title="Wandelen")
    client.force_login(world.anna)
    client.post(url("goal_revise", goal.pk), {"title": "Drie keer per week wandelen"})
    response = client.get(url("goal_detail", goal.pk))
    assert "Versie 2" in response.text and "Versie 1" in response.text
    assert "Wandelen" in response.text


def test_a_check_in_takes_one_post_and_shows_in_chart_and_table(client, world):
    goal = make_goal(world)
    client.force_login(world.anna)
    response = client.post(url("check_in", goal.pk), {"confidence": "7", "note": "Gaat goed"})
    assert response.status_code == 302
    assert CheckIn.objects.get().confidence == 7
    page = client.get(url("goal_detail", goal.pk)).text
    assert "<svg" in page and "<table>" in page and "Gaat goed" in page
    assert 'style="' not in page


def test_a_check_in_without_a_number_is_refused(client, world):
    goal = make_goal(world)
    client.force_login(world.anna)
    response = client.post(url("check_in", goal.pk), {"note": "Hm"})
    assert "Kies een getal van 0 tot en met 10." in response.text
    assert not CheckIn.objects.exists()


def test_a_fellow_member_cheers_a_shared_goal(client, world):
    goal = make_goal(world, sharing="group")
    client.force_login(world.kees)
    page = client.get(url("group_goals", world.cohort.pk)).text
    assert "Elke dag wandelen" in page and "Aanmoedigen" in page
    client.post(url("cheer", goal.pk))
    assert Cheer.objects.filter(goal=goal, person=world.kees).exists()
    assert "U heeft dit doel aangemoedigd." in client.get(url("group_goals", world.cohort.pk)).text


def test_the_coach_sees_shared_goals_but_cannot_cheer(client, world):
    goal = make_goal(world, sharing="group")
    client.force_login(world.sanne)
    assert "Aanmoedigen" not in client.get(url("group_goals", world.cohort.pk)).text
    assert client.post(url("cheer", goal.pk)).status_code == 403


def test_a_participant_never_sees_another_participants_private_goal_or_values(client, world):
    private = make_goal(world, title="Geheim doel")
    make_goal(world, sharing="group", title="Gedeeld doel")
    services.record_measurements(
        membership=member(world, world.anna),
        by=world.anna,
        measured_on=timezone.localdate(),
        source="session",
        values={"weight": "91"},
    )
    client.force_login(world.kees)
    page = client.get(url("group_goals", world.cohort.pk)).text
    assert "Gedeeld doel" in page and "Geheim doel" not in page
    assert client.get(url("goal_detail", private.pk)).status_code == 404
    assert client.get(url("plan", anna_plan(world))).status_code == 404
    assert client.get(url("measurements", anna_plan(world))).status_code == 404


def test_a_fellow_member_sees_a_shared_goal_but_not_its_check_ins(client, world):
    goal = make_goal(world, sharing="group")
    services.record_check_in(goal=goal, by=world.anna, confidence=3, note="Zware week")
    client.force_login(world.kees)
    page = client.get(url("goal_detail", goal.pk)).text
    assert "Elke dag wandelen" in page
    assert "Zware week" not in page


def test_the_coach_sees_private_goals_in_the_plan(client, world):
    make_goal(world, title="Geheim doel")
    client.force_login(world.sanne)
    assert "Geheim doel" in client.get(url("plan", anna_plan(world))).text


def test_the_funder_sees_nothing_personal(client, world):
    goal = make_goal(world, sharing="group")
    client.force_login(world.frank)
    for address in (
        url("plan", anna_plan(world)),
        url("goal_detail", goal.pk),
        url("measurements", anna_plan(world)),
        url("group_goals", world.cohort.pk),
    ):
        assert client.get(address).status_code in (403, 404)


def test_entering_values_with_a_wrong_unit_shows_the_unit_and_saves_nothing(client, world):
    client.force_login(world.petra)
    response = client.post(
        url("measurement_create", anna_plan(world)),
        {
            "measured_on": timezone.localdate().isoformat(),
            "source": "annual_checkup",
            "weight": "84",
            "hba1c": "7,2",
        },
    )
    assert response.status_code == 200
    assert "HbA1c in als mmol/mol" in response.text
    assert not Measurement.objects.exists()


def test_entered_values_show_with_who_and_bmi(client, world):
    client.force_login(world.anna)
    response = client.post(
        url("measurement_create", anna_plan(world)),
        {
            "measured_on": timezone.localdate().isoformat(),
            "source": "session",
            "weight": "80",
            "height": "175",
        },
    )
    assert response.status_code == 302
    page = client.get(url("measurements", anna_plan(world))).text
    assert "26,1" in page  # BMI with a Dutch decimal comma
    assert "Deelnemer" in page


def test_who5_with_an_answer_missing_is_refused_and_marks_the_open_question(client, world):
    client.force_login(world.anna)
    response = client.post(
        url("questionnaire_fill", anna_plan(world), "who5"),
        {"item_1": "5", "item_2": "4", "item_3": "3", "item_4": "2"},
    )
    assert response.status_code == 200
    text = response.text
    assert "Uw antwoorden zijn nog niet opgeslagen" in text
    assert '<a href="#id_item_5_0">Vraag 5: kies een antwoord.</a>' in text  # the summary
    questions = text.split('<fieldset class="question')[1:]
    assert [("field-error" in q, "Vraag 5: kies een antwoord." in q) for q in questions] == [
        (False, False),
        (False, False),
        (False, False),
        (False, False),
        (True, True),
    ]
    kept = [tag for tag in questions[3].split("<input")[1:] if "checked" in tag.split(">")[0]]
    assert len(kept) == 1 and 'value="2"' in kept[0]  # the answers given so far are kept
    assert not QuestionnaireResponse.objects.exists()


def test_filling_in_who5_completely_gives_the_score(client, world):
    client.force_login(world.anna)
    client.post(
        url("questionnaire_fill", anna_plan(world), "who5"),
        {f"item_{n}": "4" for n in range(1, 6)},
    )
    page = client.get(url("measurements", anna_plan(world))).text
    assert QuestionnaireResponse.objects.get().score == 80
    assert "WHO-5 Welzijnsindex" in page and ">80<" in page


def test_a_placeholder_questionnaire_cannot_be_opened(client, world):
    client.force_login(world.anna)
    assert (
        client.get(url("questionnaire_fill", anna_plan(world), "zelfmanagement")).status_code
        == 404
    )


# --- lists: queries do not grow with the rows ---------------------------------------------


def _many_members_with_goals(world, count=8, practices=None):
    cohort = running_cohort(
        world, count=count, practices=practices, name=f"Herstelcirkel met {count}"
    )
    for index, person in enumerate(cohort.people):
        membership = cohort.memberships.get(person=person)
        goal = services.create_goal(
            membership=membership, by=person, sharing="group", title=f"Doel {index}"
        )
        services.record_check_in(goal=goal, by=person, confidence=5)
        services.cheer_goal(goal=goal, by=cohort.people[index - 1])
        services.record_measurements(
            membership=membership,
            by=world.sanne,
            measured_on=timezone.localdate(),
            source="session",
            values={"weight": "90", "hba1c": "55"},
        )
    return cohort


def _queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured), response


def test_group_goals_query_count_does_not_grow(client, world, django_assert_max_num_queries):
    few = _many_members_with_goals(world, count=2)
    many = _many_members_with_goals(world, count=8)
    client.force_login(few.people[0])
    queries_for_few, _response = _queries(client, url("group_goals", few.pk))
    client.force_login(many.people[0])
    # The page's own queries (cohort, roles, goals) plus what every page of the site costs.
    with django_assert_max_num_queries(queries_for_few):
        response = client.get(url("group_goals", many.pk))
    assert response.text.count('class="card goal-card"') == 8


def test_cohort_health_query_count_does_not_grow(client, world, django_assert_max_num_queries):
    few = _many_members_with_goals(world, count=2)
    many = _many_members_with_goals(world, count=8)
    client.force_login(world.sanne)
    queries_for_few, _response = _queries(client, url("cohort_health", few.pk))
    with django_assert_max_num_queries(queries_for_few):
        response = client.get(url("cohort_health", many.pk))
    assert response.text.count('<th scope="row">') == 8


def test_the_nurse_sees_only_her_own_patients(client, world):
    elsewhere = factories.make_practice(world.organisation, "Praktijk Elders")
    cohort = _many_members_with_goals(world, count=4, practices=[world.practice, elsewhere])
    client.force_login(world.petra)
    page = client.get(url("cohort_health", cohort.pk)).text
    assert page.count('<th scope="row">') == 2  # only the patients of her own practice
    assert "Doel 0" not in page  # and no goals: that is between participant and coach
    client.force_login(world.sanne)
    assert client.get(url("cohort_health", cohort.pk)).text.count('<th scope="row">') == 4


# --- the dashboard and the cohort page ----------------------------------------------------


def test_dashboard_shows_my_plan_to_a_participant(client, world):
    make_goal(world)
    client.force_login(world.anna)
    page = client.get(reverse("dashboard")).text
    assert "Mijn plan" in page and "U werkt aan 1 doel." in page


def test_dashboard_links_the_coach_and_nurse_to_the_overview(client, world):
    for person in (world.sanne, world.petra):
        client.force_login(person)
        assert url("cohort_health", world.cohort.pk) in client.get(reverse("dashboard")).text


def test_the_manager_sees_counts_only_on_the_cohort_page(client, world):
    make_goal(world, title="Geheim doel")
    client.force_login(world.marloes)
    page = client.get(reverse("groups:cohort_detail", args=[world.cohort.pk])).text
    assert "1 van de 2 deelnemers hebben een doel" in page
    assert "Geheim doel" not in page
    assert url("cohort_health", world.cohort.pk) not in page


MOMENTS_POST = {
    "baseline_months": "0",
    "baseline_window": "21",
    "month_6_months": "5",
    "month_6_window": "28",
    "month_12_months": "12",
    "month_12_window": "28",
}


def test_the_manager_sets_the_measurement_moments(client, world):
    from health.selectors import moments_for

    client.force_login(world.marloes)
    page = client.get(reverse("groups:cohort_detail", args=[world.cohort.pk])).text
    assert url("measurement_moments", world.cohort.pk) in page
    response = client.post(url("measurement_moments", world.cohort.pk), MOMENTS_POST)
    assert response.status_code == 302
    timing = {
        m.key: (m.months_after_start, m.window_days) for m in moments_for(cohort=world.cohort)
    }
    assert timing == {"baseline": (0, 21), "month_6": (5, 28), "month_12": (12, 28)}


def test_moments_out_of_order_are_refused_with_the_reason(client, world):
    from health.models import MeasurementMoment

    client.force_login(world.marloes)
    response = client.post(
        url("measurement_moments", world.cohort.pk), {**MOMENTS_POST, "month_12_months": "4"}
    )
    assert response.status_code == 200
    assert "Na 12 maanden moet later komen dan na 6 maanden" in response.text
    assert not MeasurementMoment.objects.exists()


def test_the_coach_does_not_see_the_moments_link(client, world):
    client.force_login(world.sanne)
    page = client.get(reverse("groups:cohort_detail", args=[world.cohort.pk])).text
    assert url("measurement_moments", world.cohort.pk) not in page


def test_the_dashboard_asks_for_the_questionnaire_of_the_open_moment(client, past_cohort):
    client.force_login(past_cohort.people[0])
    page = client.get(reverse("dashboard")).text
    assert "Het is tijd voor het meetmoment" in page
    membership = past_cohort.memberships.get(person=past_cohort.people[0])
    assert url("questionnaire_fill", membership.pk, "who5") in page


def test_a_check_in_just_after_midnight_is_charted_on_its_amsterdam_day(client, world):
    # 00:30 in Amsterdam is still the previous day in UTC; the chart, like the table, shows
    # the day as the participant lived it. A moment a little ahead of now keeps the check-in
    # after everything the world fixture made.
    day = timezone.localdate() + datetime.timedelta(days=3)
    moment = datetime.datetime.combine(day, datetime.time(0, 30), tzinfo=AMSTERDAM)
    goal = make_goal(world)
    with time_machine.travel(moment, tick=False):
        services.record_check_in(goal=goal, by=world.anna, confidence=6)
        client.force_login(world.anna)
        page = client.get(url("goal_detail", goal.pk)).text
    shown = date_format(day, "j F Y")
    chart = page.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert shown in chart
    assert date_format(day - datetime.timedelta(days=1), "j F Y") not in chart
