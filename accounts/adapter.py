from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Nobody signs up on their own: practice nurses refer, the platform invites."""

    def is_open_for_signup(self, request) -> bool:
        return False
