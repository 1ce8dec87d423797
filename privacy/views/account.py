import json

from allauth.mfa.models import Authenticator
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from .. import access_log, export, my_data, selectors
from ..staff import is_staff_person


@require_safe
@login_required
def privacy_overview(request):
    """The account page for privacy: who saw my data, my data, second factor, sessions."""
    user = request.user
    return render(
        request,
        "privacy/overview.html",
        {
            "recent_access": selectors.access_to_my_data(person=user)[:5],
            "second_factors": Authenticator.objects.filter(user=user).exclude(
                type=Authenticator.Type.RECOVERY_CODES
            ),
            "is_staff_person": is_staff_person(user),
            "may_search_log": selectors.searchable_organisations(user=user).exists(),
            "may_erase": selectors.erasing_organisations(user=user).exists(),
        },
    )


def _filename(request, extension: str) -> str:
    return f"herstelcirkel-mijn-gegevens-{timezone.localdate():%Y-%m-%d}.{extension}"


@require_safe
@login_required
def download_json(request):
    data = export.as_data(request.user)
    access_log.record(
        actor=request.user,
        subject=request.user,
        action=access_log.Action.EXPORT,
        data_kind=access_log.DataKind.ALL_DATA,
        request=request,
    )
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(request, "json")}"'
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@login_required
def download_html(request):
    access_log.record(
        actor=request.user,
        subject=request.user,
        action=access_log.Action.EXPORT,
        data_kind=access_log.DataKind.ALL_DATA,
        request=request,
    )
    topics = my_data.topics(request.user)
    response = render(
        request,
        "privacy/my_data.html",
        {"topics": topics, "exported_at": timezone.now()},
    )
    response["Cache-Control"] = "no-store"
    return response
