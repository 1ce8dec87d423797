"""The link in the invitation e-mail: a signed token that names one membership.

The token lets the invitation page greet the person by first name and name the group
before they have logged in, without revealing anything to someone who guesses a number.
"""

from django.core import signing

from .models import Membership

SALT = "groups.invitation"
MAX_AGE = 90 * 24 * 60 * 60  # seconds; the nurse can send a new invitation after that


def token_for(membership: Membership) -> str:
    return signing.dumps(membership.pk, salt=SALT)


def membership_for(token: str) -> Membership | None:
    """The membership the token was made for, or None for a wrong or expired token."""
    try:
        pk = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    return (
        Membership.objects.select_related("person", "cohort").filter(pk=pk).first()
        if isinstance(pk, int)
        else None
    )
