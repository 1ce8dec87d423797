"""Staff need a second factor before anything else; their sessions end when idle; log-in
attempts are limited; a person can end their other sessions."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client
from django.urls import reverse

from privacy.middleware import IDLE_KEY
from tests import factories
from tests.conftest import STAFF_PASSWORD

DASHBOARD = reverse("dashboard")
MFA_INDEX = reverse("mfa_index")


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture
def unsecured(world):
    """Staff of every kind without a second factor (the world's own staff have one)."""
    coach = factories.make_person("coach2@example.org", password=STAFF_PASSWORD)
    from groups import services

    services.assign_coach(cohort=world.other_cohort, coach=coach, by=world.marloes)
    manager = factories.make_person("manager2@example.org", password=STAFF_PASSWORD)
    services.grant_staff_role(person=manager, role="manager", organisation=world.organisation)
    nurse = factories.make_person("nurse2@example.org", password=STAFF_PASSWORD)
    services.grant_staff_role(person=nurse, role="practice_nurse", practice=world.practice)
    funder = factories.make_person("funder2@example.org", password=STAFF_PASSWORD)
    services.grant_staff_role(person=funder, role="funder", funder=world.funder)
    admin = factories.make_person(
        "admin2@example.org", password=STAFF_PASSWORD, is_staff=True, is_superuser=True
    )
    return {"coach": coach, "manager": manager, "nurse": nurse, "funder": funder, "admin": admin}


class TestSecondFactorForStaff:
    @pytest.mark.parametrize("kind", ["coach", "manager", "nurse", "funder", "admin"])
    def test_staff_without_a_second_factor_are_sent_to_set_one_up(self, client, unsecured, kind):
        client.force_login(unsecured[kind])
        for path in (DASHBOARD, reverse("groups:cohort_detail", args=[1]), "/"):
            response = client.get(path)
            assert response.status_code == 302, path
            assert response["Location"] == MFA_INDEX
        page = client.get(MFA_INDEX, follow=True)
        assert page.status_code == 200
        assert "tweestapsverificatie" in page.content.decode().lower()

    @pytest.mark.parametrize("kind", ["coach", "manager", "nurse", "funder", "admin"])
    def test_staff_with_a_second_factor_get_through(self, client, unsecured, kind):
        factories.give_second_factor(unsecured[kind])
        client.force_login(unsecured[kind])
        assert client.get(DASHBOARD).status_code == 200

    def test_recovery_codes_alone_are_not_a_second_factor(self, client, unsecured):
        Authenticator.objects.create(
            user=unsecured["coach"], type=Authenticator.Type.RECOVERY_CODES, data={"seed": "x"}
        )
        client.force_login(unsecured["coach"])
        assert client.get(DASHBOARD)["Location"] == MFA_INDEX

    def test_participants_may_go_without(self, client, world):
        client.force_login(world.anna)
        assert client.get(DASHBOARD).status_code == 200

    def test_log_out_and_the_language_switch_stay_open(self, client, unsecured):
        client.force_login(unsecured["nurse"])
        switched = client.post(reverse("set_language"), {"language": "en", "next": "/"})
        assert switched.status_code == 302 and switched["Location"] == "/"
        client.post(reverse("account_logout"))
        assert client.get(DASHBOARD)["Location"].startswith(reverse("account_login"))

    def test_the_rule_applies_to_a_role_granted_during_the_session(self, client, world):
        from groups import services

        newcomer = factories.make_person("newcomer@example.org", password=STAFF_PASSWORD)
        client.force_login(newcomer)
        assert client.get(DASHBOARD).status_code == 200
        services.grant_staff_role(person=newcomer, role="manager", organisation=world.organisation)
        session = client.session
        session["privacy_staff"]["at"] = 0  # ten minutes later
        session.save()
        assert client.get(DASHBOARD)["Location"] == MFA_INDEX

    def test_setting_up_an_authenticator_app_opens_the_way(self, client, unsecured):
        coach = unsecured["coach"]
        login = client.post(
            reverse("account_login"), {"login": coach.email, "password": STAFF_PASSWORD}
        )
        assert login.status_code == 302
        assert client.get(DASHBOARD)["Location"] == MFA_INDEX
        activate = reverse("mfa_activate_totp")
        confirm = client.get(activate)  # allauth asks for the password once more first
        assert confirm["Location"].startswith(reverse("account_reauthenticate"))
        client.post(confirm["Location"], {"password": STAFF_PASSWORD})
        assert client.get(activate).status_code == 200
        secret = client.session["mfa.totp.secret"]
        response = client.post(activate, {"code": current_code(secret)})
        assert response.status_code == 302
        assert Authenticator.objects.filter(user=coach, type="totp").exists()
        assert client.get(DASHBOARD).status_code == 200

    def test_staff_with_an_authenticator_must_enter_its_code_at_log_in(self, client, world):
        secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
        nurse = factories.make_person("nurse3@example.org", password=STAFF_PASSWORD)
        from groups import services

        services.grant_staff_role(person=nurse, role="practice_nurse", practice=world.practice)
        factories.give_second_factor(nurse, secret=secret)
        response = client.post(
            reverse("account_login"), {"login": nurse.email, "password": STAFF_PASSWORD}
        )
        assert response["Location"] == reverse("mfa_authenticate")
        assert client.get(DASHBOARD).status_code == 302  # not logged in yet
        wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
        assert wrong.status_code == 200
        done = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
        assert done.status_code == 302
        assert client.get(DASHBOARD).status_code == 200


class TestIdleStaffSessions:
    def test_an_idle_staff_session_ends(self, client, world, settings):
        settings.STAFF_SESSION_IDLE_SECONDS = 30 * 60
        client.force_login(world.sanne)
        assert client.get(DASHBOARD).status_code == 200
        session = client.session
        session[IDLE_KEY] = time.time() - 31 * 60
        session.save()
        response = client.get(DASHBOARD)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        assert client.get(DASHBOARD)["Location"].startswith(reverse("account_login"))

    def test_an_active_staff_session_stays(self, client, world, settings):
        settings.STAFF_SESSION_IDLE_SECONDS = 30 * 60
        client.force_login(world.sanne)
        session = client.session
        session[IDLE_KEY] = time.time() - 29 * 60
        session.save()
        assert client.get(DASHBOARD).status_code == 200
        assert client.session[IDLE_KEY] > time.time() - 60  # the clock was reset

    def test_participants_are_not_timed_out(self, client, world, settings):
        settings.STAFF_SESSION_IDLE_SECONDS = 30 * 60
        client.force_login(world.anna)
        session = client.session
        session[IDLE_KEY] = time.time() - 10 * 60 * 60
        session.save()
        assert client.get(DASHBOARD).status_code == 200


class TestNewRoleCountsAtOnce:
    def test_a_participant_made_coach_needs_a_second_factor_at_the_next_request(
        self, client, world
    ):
        from groups import services

        client.force_login(world.otto)  # a participant, without a second factor
        assert client.get(DASHBOARD).status_code == 200  # the state is now in the session
        services.assign_coach(cohort=world.cohort, coach=world.otto, by=world.marloes)
        anna = world.cohort.memberships.get(person=world.anna)
        response = client.get(reverse("health:measurements", args=[anna.pk]))
        assert (response.status_code, response["Location"]) == (302, MFA_INDEX)

    def test_a_staff_role_counts_at_once_too(self, client, world):
        from groups import services

        client.force_login(world.otto)
        assert client.get(DASHBOARD).status_code == 200
        services.grant_staff_role(
            person=world.otto, role="manager", organisation=world.organisation
        )
        assert client.get(DASHBOARD)["Location"] == MFA_INDEX

    def test_made_administrator_counts_at_once(self, client, world):
        client.force_login(world.otto)
        assert client.get(DASHBOARD).status_code == 200
        world.otto.is_staff = True
        world.otto.save()
        assert client.get(DASHBOARD)["Location"] == MFA_INDEX


class TestLogInProtection:
    def test_five_failed_passwords_lock_the_account_with_a_dutch_message(self, client, world):
        url = reverse("account_login")
        for _ in range(5):
            response = client.post(url, {"login": world.sanne.email, "password": "wrong"})
            assert response.status_code == 200
        locked = client.post(url, {"login": world.sanne.email, "password": STAFF_PASSWORD})
        assert locked.status_code == 200
        assert "Te veel inlogpogingen" in locked.content.decode()
        assert "_auth_user_id" not in client.session

    def test_the_lock_is_kept_in_the_shared_cache(self, client, world):
        from django.core.cache import cache

        url = reverse("account_login")
        for _ in range(5):
            client.post(url, {"login": world.sanne.email, "password": "wrong"})
        other_process = Client()  # another browser, or another server process on one cache
        locked = other_process.post(url, {"login": world.sanne.email, "password": STAFF_PASSWORD})
        assert "Te veel inlogpogingen" in locked.content.decode()
        cache.clear()
        assert (
            other_process.post(
                url, {"login": world.sanne.email, "password": STAFF_PASSWORD}
            ).status_code
            == 302
        )

    def test_the_lock_counts_per_account_whatever_the_host_and_port(self, client, world):
        url = reverse("account_login")
        for attempt in range(5):  # five processes behind one balancer, each on its own port
            browser = Client(
                HTTP_HOST=f"127.0.0.1:{8001 + attempt}", REMOTE_ADDR=f"127.0.1.{attempt + 1}"
            )
            browser.post(url, {"login": world.sanne.email.upper(), "password": "wrong"})
        locked = Client(HTTP_HOST="localhost:8009", REMOTE_ADDR="127.0.1.9").post(
            url, {"login": world.sanne.email, "password": STAFF_PASSWORD}
        )
        assert "Te veel inlogpogingen" in locked.content.decode()


class TestOtherSessions:
    def test_log_out_everywhere_else(self, world):
        here, elsewhere = Client(), Client()
        for browser in (here, elsewhere):
            browser.post(
                reverse("account_login"),
                {"login": world.frank.email, "password": STAFF_PASSWORD},
            )
        # frank has a second factor in this world: finish both log-ins with it
        assert elsewhere.session.get("_auth_user_id") is None
        secret = _secret_of(world.frank)
        for browser in (here, elsewhere):
            browser.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
            # the same code is refused twice: step the cache-key by clearing it per browser
            from django.core.cache import cache

            cache.clear()
        assert here.get(DASHBOARD).status_code == 200
        assert elsewhere.get(DASHBOARD).status_code == 200
        listing = here.get(reverse("usersessions_list"))
        assert listing.status_code == 200
        assert len(listing.context["sessions"]) == 2
        here.post(reverse("usersessions_list"))
        assert here.get(DASHBOARD).status_code == 200
        assert elsewhere.get(DASHBOARD).status_code == 302


def _secret_of(user) -> str:
    from allauth.mfa.utils import decrypt

    return decrypt(Authenticator.objects.get(user=user, type="totp").data["secret"])
