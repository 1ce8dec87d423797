"""The safety net's section on the personal overview."""

from django import template

from access.policy import Action
from access.safety import alert_practices_for, escalation_practices_for
from groups.models import Membership

from ..models import Alert

register = template.Library()


@register.inclusion_tag("safety/includes/dashboard_section.html", takes_context=True)
def safety_dashboard_section(context):
    """A participant's own page; the open alerts of the practices a nurse works for."""
    user = context["request"].user
    participation = (
        Membership.objects.participants().active().filter(person=user).order_by("-created_at")
    ).first()
    practices = alert_practices_for(user)
    works_on_alerts = practices.exists() or escalation_practices_for(user).exists()
    open_count = (
        Alert.objects.filter(practice__in=practices, acknowledged_at__isnull=True).count()
        if works_on_alerts
        else 0
    )
    return {
        "participation": participation,
        "works_on_alerts": works_on_alerts,
        "open_count": open_count,
    }


@register.inclusion_tag("safety/includes/cohort_link.html", takes_context=True)
def safety_cohort_link(context, cohort):
    """The coach's way to the page that says who has an open alert (the page checks consent)."""
    can = context.get("can") or {}
    return {"cohort": cohort, "can_see": bool(can.get(Action.FOLLOW_PLANS.value))}
