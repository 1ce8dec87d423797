"""Production mode refuses unsafe settings and passes Django's deployment checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DEBUG",
            "DJANGO_ENV",
            "EMAIL_HOST",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_passes_deploy_checks_without_warnings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="herstelcirkel.example.org",
        EMAIL_HOST="smtp.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    result = manage(
        "check",
        DJANGO_ENV="production",
        ALLOWED_HOSTS="herstelcirkel.example.org",
        EMAIL_HOST="smtp.example.org",
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = manage(
        "check",
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        EMAIL_HOST="smtp.example.org",
    )
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_refuses_to_start_without_a_mail_server():
    result = manage(
        "check",
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="herstelcirkel.example.org",
    )
    assert result.returncode != 0
    assert "EMAIL_HOST" in result.stderr


def test_a_misspelt_boolean_is_a_configuration_error():
    result = manage("check", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_redis_url_moves_cache_and_channel_layer_to_redis():
    code = (
        "from django.conf import settings as s;"
        "print(s.CACHES['default']['BACKEND']);"
        "print(s.CHANNEL_LAYERS['default']['BACKEND'])"
    )
    result = manage("shell", "-c", code, REDIS_URL="redis://127.0.0.1:6379/0")
    assert result.returncode == 0, result.stderr
    assert "django.core.cache.backends.redis.RedisCache" in result.stdout
    assert "channels_redis.pubsub.RedisPubSubChannelLayer" in result.stdout
