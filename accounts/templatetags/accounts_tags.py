from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def login_code_minutes() -> int:
    """How long an e-mailed log-in code works, from the setting allauth itself obeys."""
    return max(1, round(settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT / 60))
