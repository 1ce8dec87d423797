"""allauth phrases we word differently in Dutch.

In Herstelcirkel "aanmelden" means signing up for a session, so logging in is "inloggen".
Listing the msgids here keeps them in our catalogue, which takes precedence over allauth's.
"""

from django.utils.translation import gettext_noop

REWORDED_ALLAUTH_PHRASES = [
    gettext_noop("Sign In"),
    gettext_noop("Sign Out"),
    gettext_noop("Send me a sign-in code"),
    gettext_noop("Enter Sign-In Code"),
    gettext_noop("Request Code"),
    gettext_noop("A sign-in code has been sent to %(recipient)s."),
    gettext_noop("Other sign-in options"),
    gettext_noop("Are you sure you want to sign out?"),
    gettext_noop("You will receive a special code for a password-free sign-in."),
]
