from django import template

register = template.Library()


@register.inclusion_tag("privacy/includes/dashboard_section.html", takes_context=True)
def privacy_dashboard_section(context):
    """A short panel on the personal overview linking to the privacy and security page."""
    return {"user": context.get("user")}
