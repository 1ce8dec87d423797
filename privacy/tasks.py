"""Scheduled work of the privacy app (Django's tasks API; run daily, see README/SECURITY.md)."""

from django.tasks import task


@task
def apply_retention() -> int:
    """Pseudonymises former participants of cohorts past the retention period."""
    from .services import apply_retention as apply

    return apply()
