import secrets

from tests.config.test_settings import manage


def test_production_refuses_to_run_without_the_staff_second_factor():
    result = manage(
        "check",
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="herstelcirkel.example.org",
        EMAIL_HOST="smtp.example.org",
        MFA_REQUIRED_FOR_STAFF="false",
    )
    assert result.returncode != 0
    assert "MFA_REQUIRED_FOR_STAFF" in result.stderr


def test_the_embedded_mode_may_switch_it_off_for_a_demo():
    result = manage("check", MFA_REQUIRED_FOR_STAFF="false")
    assert result.returncode == 0, result.stderr
