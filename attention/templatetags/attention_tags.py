"""The way from the cohort page to the early-warning list, and the participant's own
"catch up on what you missed" section on the overview, and the overview's links to the
referral pipeline and the settings of the organisations the person may open them for."""

from django import template

from access.lists import organisations_allowing
from access.policy import Action
from groups.models import Membership

from ..selectors import sessions_to_catch_up

register = template.Library()


@register.inclusion_tag("attention/includes/cohort_link.html", takes_context=True)
def attention_cohort_link(context, cohort):
    can = context.get("can") or {}
    return {"cohort": cohort, "can_see": bool(can.get(Action.VIEW_ATTENTION.value))}


@register.inclusion_tag("attention/includes/catch_up_section.html", takes_context=True)
def attention_catch_up_section(context):
    """The sessions the participant missed lately: their themes and material."""
    user = context["request"].user
    participation = (
        Membership.objects.participants()
        .active()
        .filter(person_id=user.pk)
        .select_related("cohort")
        .order_by("-created_at")
        .first()
        if user.is_authenticated
        else None
    )
    missed = sessions_to_catch_up(membership=participation) if participation else []
    return {"missed": missed}


@register.inclusion_tag("attention/includes/pipeline_section.html", takes_context=True)
def attention_pipeline_section(context):
    user = context["request"].user
    return {
        "pipelines": organisations_allowing(user, Action.VIEW_PIPELINE),
        "settings": organisations_allowing(user, Action.SET_ATTENTION_THRESHOLDS),
    }
