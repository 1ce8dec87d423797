"""The database setting, from DATABASE_URL: a SQLite file unless it names another
(PostgreSQL in production)."""

from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env, env_int


def default_database(base_dir: Path) -> dict[str, Any]:
    database: dict[str, Any] = dict(
        dj_database_url.parse(
            env("DATABASE_URL", f"sqlite:///{base_dir / 'db.sqlite3'}"),
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
            conn_health_checks=True,
        )
    )
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # Waiting on a lock beats failing with "database is locked" when the server and a
        # management command write at the same time.
        database["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    if database["ENGINE"] == "django.db.backends.postgresql":
        pool = _pool(conn_max_age=database["CONN_MAX_AGE"])
        if pool:
            database.setdefault("OPTIONS", {})["pool"] = pool
    return database


def _pool(*, conn_max_age) -> dict[str, int] | None:
    """Under ASGI every request in flight runs its view in a thread of its own, with a
    connection of its own: without a bound, a busy process opens as many connections as it
    has requests and PostgreSQL refuses the rest ("too many clients"). A pool bounds a
    process to DATABASE_POOL_SIZE connections; a request past it waits for a free one.
    Django: "When using ASGI, persistent connections should be disabled. Instead, use your
    database backend's built-in connection pooling" (ref/databases)."""
    size = env_int("DATABASE_POOL_SIZE", 0)
    if size <= 0:
        return None
    if conn_max_age:
        raise ImproperlyConfigured(
            "DATABASE_POOL_SIZE and DATABASE_CONN_MAX_AGE exclude each other: "
            "a pooled connection goes back to the pool after each request"
        )
    return {
        "min_size": min(2, size),
        "max_size": size,
        "timeout": env_int("DATABASE_POOL_TIMEOUT", 10),
    }
