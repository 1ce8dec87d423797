"""``{% load money %}``: the filters ``euro`` and ``euro_cents`` (contributions.money)."""

from django import template

from contributions import money

register = template.Library()
register.filter("euro", money.euro)
register.filter("euro_cents", money.euro_cents)
