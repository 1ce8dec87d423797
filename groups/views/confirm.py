from django.shortcuts import render


def confirm_page(request, *, title, consequences, confirm_label, cancel_url, danger=False):
    """The page that asks "are you sure?" before an action on the cohort page; the same
    URL takes the POST that does it, so it works without JavaScript."""
    return render(
        request,
        "groups/confirm_action.html",
        {
            "title": title,
            "consequences": consequences,
            "confirm_label": confirm_label,
            "cancel_url": cancel_url,
            "danger": danger,
        },
    )
