"""Research on the personal overview: an evaluator's studies."""

from typing import Any

from django import template

from access.policy import studies_of_evaluator

register = template.Library()


@register.inclusion_tag("coupling/includes/dashboard_section.html", takes_context=True)
def coupling_dashboard_section(context: dict[str, Any]) -> dict[str, Any]:
    return {"studies": list(studies_of_evaluator(context["request"].user))}
