from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Nobody signs up on their own: practice nurses refer, the platform invites."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """The per-account lock-out counts per account alone. allauth's default prefixes
        the Host header (port included), so with several processes on several ports the
        wrong passwords would be spread over as many counters."""
        login = credentials.get("email", credentials.get("username", "")) or ""
        return f"account:{login.strip().lower()}"
