"""The signed unsubscribe link of every e-mail that can be turned off (no log-in needed).

The token names the person and the kind of e-mail, signed with the site's secret key
(django.core.signing): it cannot be changed to another person or kind without the key.
It does not expire: an old e-mail's link must still work (RFC 8058 asks for a lasting one).
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from accounts.models import User

from .selectors import Kind

SALT = "notifications.unsubscribe"


def token_for(*, person: User, kind: Kind) -> str:
    return signing.dumps({"p": person.pk, "k": kind.value}, salt=SALT, compress=True)


def read_token(token: str) -> tuple[User, Kind] | None:
    """The person and kind the token was made for; None if it is not one of ours."""
    try:
        data = signing.loads(token, salt=SALT)
        kind = Kind(data["k"])
        person = User.objects.filter(pk=int(data["p"]), is_active=True).first()
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return (person, kind) if person is not None else None


def unsubscribe_url(*, person: User, kind: Kind) -> str:
    return settings.SITE_URL + reverse(
        "notifications:unsubscribe", args=[token_for(person=person, kind=kind)]
    )


def unsubscribe_headers(*, person: User, kind: Kind) -> dict[str, str]:
    """RFC 2369 List-Unsubscribe and RFC 8058 one-click: the mail app POSTs to the link."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(person=person, kind=kind)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
