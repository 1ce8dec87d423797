from allauth.account.adapter import DefaultAccountAdapter
from allauth.utils import build_absolute_uri
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    """Nobody signs up on their own: practice nurses refer, the platform invites."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def send_password_reset_mail(self, user, email, context) -> None:
        """ "Password forgotten" resets an existing password only. Participants log in by
        an e-mailed code (or a passkey) and never get a password this way: they receive an
        e-mail that says how to log in instead."""
        if user.has_usable_password():
            return super().send_password_reset_mail(user, email, context)
        login_url = build_absolute_uri(context.get("request"), reverse("account_login"))
        # Not the reset link allauth made: no password is set from this e-mail.
        quiet = {"user": user, "login_url": login_url}
        return self.send_mail("account/email/password_reset_code_only", email, quiet)

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """The per-account lock-out counts per account alone. allauth's default prefixes
        the Host header (port included), so with several processes on several ports the
        wrong passwords would be spread over as many counters."""
        login = credentials.get("email", credentials.get("username", "")) or ""
        return f"account:{login.strip().lower()}"
