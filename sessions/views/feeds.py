from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from .. import selectors, services
from ..ical import calendar_bytes
from ..models import CalendarFeed


@require_safe
@login_required
def my_calendar(request):
    """The member's private feed address, to paste into a calendar app."""
    feed = CalendarFeed.objects.filter(person=request.user).first()
    feed_url = None
    if feed:
        path = reverse("sessions:calendar_feed", args=[selectors.feed_token(feed)])
        feed_url = settings.SITE_URL + path
    return render(request, "sessions/my_calendar.html", {"feed": feed, "feed_url": feed_url})


@require_POST
@login_required
def my_calendar_renew(request):
    had_feed = CalendarFeed.objects.filter(person=request.user).exists()
    services.renew_calendar_feed(person=request.user)
    messages.success(
        request,
        _("You have a new calendar address. The old address no longer works.")
        if had_feed
        else _("Your calendar address is ready."),
    )
    return redirect("sessions:my_calendar")


@never_cache
@require_safe
def calendar_feed(request, token):
    """The feed calendar apps subscribe to: no log-in, the secret token is the key."""
    feed = selectors.feed_for_token(token)
    if feed is None:
        raise Http404
    sessions = selectors.sessions_for_feed(person=feed.person)
    body = calendar_bytes(sessions, name=_("Herstelcirkel sessions"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["X-Robots-Tag"] = "noindex"
    return response
