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
        "print(s.CHANNEL_LAYERS['default']['BACKEND']);"
        "from django.utils.module_loading import import_string;"
        "from channels_redis.pubsub import RedisPubSubChannelLayer as P;"
        "print('pub/sub', issubclass(import_string(s.CHANNEL_LAYERS['default']['BACKEND']), P))"
    )
    result = manage("shell", "-c", code, REDIS_URL="redis://127.0.0.1:6379/0")
    assert result.returncode == 0, result.stderr
    assert "config.redis_cache.SharedClientRedisCache" in result.stdout
    assert "chat.layers.ChatPubSubChannelLayer" in result.stdout
    assert "pub/sub True" in result.stdout  # channels_redis's pub/sub layer underneath


# PostgreSQL on 127.0.0.1 is always there in CI, in both runs of the suite (as for the
# killed-worker test); these two read nothing, in the server's maintenance database.
POSTGRES = os.environ.get("HC_CLUSTER_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/")
POOL_PROBE = """
import threading, time
from django.db import connection
pids, lock = [], threading.Lock()
def visit():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    time.sleep(0.2)  # a request that holds its connection a while
    with lock:
        pids.append(pid)
    connection.close()  # what Django does at the end of a request: back to the pool
threads = [threading.Thread(target=visit) for _ in range(6)]
for thread in threads: thread.start()
for thread in threads: thread.join()
print("pool", len(pids), len(set(pids)))
"""


def test_a_database_pool_bounds_the_connections_of_a_process():
    """Six requests at once, each in a thread of its own as under ASGI, share the pool's
    two connections (each waits for a free one) instead of opening six."""
    url = POSTGRES.rstrip("/") + "/postgres"
    result = manage("shell", "-c", POOL_PROBE, DATABASE_URL=url, DATABASE_POOL_SIZE="2")
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("pool "))
    served, connections = map(int, line.split()[1:])
    assert served == 6
    assert connections <= 2


def test_a_pool_with_persistent_connections_is_a_configuration_error():
    url = POSTGRES.rstrip("/") + "/postgres"
    result = manage("check", DATABASE_URL=url, DATABASE_POOL_SIZE="4", DATABASE_CONN_MAX_AGE="60")
    assert result.returncode != 0
    assert "DATABASE_POOL_SIZE and DATABASE_CONN_MAX_AGE exclude each other" in result.stderr
