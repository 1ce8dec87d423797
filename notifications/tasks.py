"""Background work of the notifications app (Django's tasks API; a worker in production)."""

from django.tasks import task


@task
def send_chat_digests() -> int:
    """Sends every chat e-mail that is due; safe to run as often as wanted."""
    from .digests import run_digests

    return run_digests()
