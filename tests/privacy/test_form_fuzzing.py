"""Hypothesis throws odd input at the main forms: never a server error, never half a save.

Each example posts through the real view (the test client re-raises any exception, so a
500 fails the test) and checks that the database changed by exactly one object on
success and not at all on a refusal. Derandomised, so CI runs the same examples.
"""

import datetime

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chat import services as chat_services
from chat.models import ChatMessage
from groups.models import Membership
from health.models import Goal, GoalVersion
from privacy.models import ConsentChoice

FUZZ = settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
odd_text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "😀" * 80,
            "a" * 5000,
            "Ｅｍａｉｌ@例え.jp",
            "\u202e",
        ]
    ),
)
odd_date = st.one_of(
    odd_text,
    st.dates(min_value=datetime.date(1, 1, 1)).map(str),
    st.sampled_from(["2026-02-30", "31-12-1960", "0000-00-00", "9999-12-31"]),
)
odd_choice = st.one_of(odd_text, st.integers(-5, 10**12).map(str))


@pytest.mark.django_db
class TestFuzzedForms:
    @FUZZ
    @given(
        first_name=odd_text,
        last_name=odd_text,
        email=st.one_of(odd_text, st.emails().map(str)),
        date_of_birth=odd_date,
        gp_name=odd_text,
        phone=odd_text,
        other_needs=odd_text,
        cohort=st.one_of(st.just("VALID"), odd_choice),
        practice=st.one_of(st.just("VALID"), odd_choice),
    )
    def test_the_referral_form(self, client, world, **data):
        client.force_login(world.petra)
        if data["cohort"] == "VALID":
            data["cohort"] = str(world.other_cohort.pk)  # a forming cohort
        if data["practice"] == "VALID":
            data["practice"] = str(world.practice.pk)
        before = Membership.objects.count()
        response = client.post(reverse("groups:referral_create"), data)
        assert response.status_code in (200, 302)
        assert Membership.objects.count() == before + (response.status_code == 302)

    @FUZZ
    @given(
        title=odd_text,
        why=odd_text,
        actions=odd_text,
        timeline=odd_text,
        target_date=odd_date,
        sharing=st.one_of(odd_text, st.sampled_from(["private", "group"])),
    )
    def test_the_goal_form(self, client, world, **data):
        membership = world.cohort.memberships.get(person=world.anna)
        client.force_login(world.anna)
        before = (Goal.objects.count(), GoalVersion.objects.count())
        response = client.post(reverse("health:goal_create", args=[membership.pk]), data)
        assert response.status_code in (200, 302)
        saved = response.status_code == 302
        assert (Goal.objects.count(), GoalVersion.objects.count()) == (
            before[0] + saved,
            before[1] + saved,
        )

    @FUZZ
    @given(purpose=odd_choice, given_=odd_choice)
    def test_the_consent_form(self, client, world, purpose, given_):
        client.force_login(world.anna)
        before = ConsentChoice.objects.count()
        response = client.post(reverse("privacy:consent"), {"purpose": purpose, "given": given_})
        assert response.status_code in (200, 302)
        assert ConsentChoice.objects.count() == before + (response.status_code == 302)

    @FUZZ
    @given(
        person=odd_text,
        actor=odd_text,
        date_from=odd_date,
        date_to=odd_date,
        data_kind=odd_choice,
        action=odd_choice,
    )
    def test_the_access_log_search(self, client, world, **query):
        client.force_login(world.marloes)
        response = client.get(reverse("privacy:access_log_search"), query)
        assert response.status_code == 200

    @FUZZ
    @given(body=odd_text.filter(lambda text: "\x00" not in text))  # NUL: see below
    def test_a_chat_message(self, world, body):
        cache.clear()  # the chat's own rate limit is not what is tested here
        before = ChatMessage.objects.count()
        try:
            chat_services.post_message(cohort=world.cohort, author=world.anna, body=body)
        except ValidationError:
            assert ChatMessage.objects.count() == before
        else:
            assert ChatMessage.objects.count() == before + 1


@pytest.mark.django_db
def test_a_chat_message_with_a_nul_byte_causes_no_server_error(world):
    """Found by the fuzzing above: PostgreSQL refuses NUL, so chat refuses it first."""
    before = ChatMessage.objects.count()
    with pytest.raises(ValidationError), transaction.atomic():
        chat_services.post_message(cohort=world.cohort, author=world.anna, body="a\x00b")
    assert ChatMessage.objects.count() == before
