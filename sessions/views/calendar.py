import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from access.grants import access_cohort, get_cohort_for_user
from access.policy import Action
from groups.forms import add_service_error

from .. import selectors, services
from ..forms import SeriesForm, SessionForm


def _month(value: str) -> datetime.date:
    year, _sep, month = value.partition("-")
    try:
        return datetime.date(int(year), int(month), 1)
    except ValueError:
        return timezone.localdate().replace(day=1)


@require_safe
@login_required
def session_list(request, pk):
    """The group's sessions: coming ones first, then earlier ones; or a month view."""
    grant = access_cohort(request.user, pk, Action.VIEW_COHORT)
    cohort = grant.obj
    context = {
        "cohort": cohort,
        "can": grant.can,
    }
    if "maand" in request.GET:
        context["month"] = selectors.month_view(cohort=cohort, month=_month(request.GET["maand"]))
        return render(request, "sessions/session_month.html", context)
    now = timezone.now()
    sessions = list(selectors.cohort_sessions(cohort=cohort, user=request.user))
    context["upcoming"] = [s for s in sessions if s.ends_at > now]
    context["past"] = [s for s in reversed(sessions) if s.ends_at <= now]
    return render(request, "sessions/session_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def session_create(request, pk):
    cohort = get_cohort_for_user(request.user, pk, Action.PLAN_SESSIONS)
    themes = selectors.chosen_themes(cohort=cohort)
    initial: dict[str, Any] = {}
    if request.GET.get("thema", "").isdigit():
        initial["themes"] = themes.filter(pk=request.GET["thema"])
        theme = initial["themes"].first()
        if theme:
            initial["title"] = theme.title
            initial["material_page"] = theme.library_page_id
    form = SessionForm(
        request.POST if request.method == "POST" else None,
        cohort=cohort,
        themes=themes,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            session = services.plan_session(
                cohort=cohort, by=request.user, **form.service_fields()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The session has been planned."))
            return redirect("sessions:session_detail", pk=session.pk)
    return render(request, "sessions/session_form.html", {"cohort": cohort, "form": form})


SLOT_FIELDS = (
    "title",
    "first_date",
    "start_time",
    "end_time",
    "every_weeks",
    "regular_count",
    "monthly_count",
)


@require_http_methods(["GET", "POST"])
@login_required
def series_create(request, pk):
    """Two steps: the form, then a preview of every date ("Terug" or "Maak deze
    bijeenkomsten"). The preview carries the form in hidden fields; nothing is saved
    before the second step, which makes all the sessions in one transaction or none."""
    cohort = get_cohort_for_user(request.user, pk, Action.PLAN_SESSIONS)
    if request.method == "GET":
        initial = selectors.series_defaults(cohort=cohort, today=timezone.localdate())
        form = SeriesForm(cohort=cohort, initial=initial)
        return render(request, "sessions/series_form.html", {"cohort": cohort, "form": form})
    form = SeriesForm(request.POST, cohort=cohort)
    action = request.POST.get("action", "preview")
    if action != "back" and form.is_valid():
        data = form.cleaned_data
        try:
            if action == "create":
                sessions = services.create_series(cohort=cohort, by=request.user, **data)
            else:
                slots = services.series_slots(**{name: data[name] for name in SLOT_FIELDS})
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if action == "create":
                messages.success(
                    request,
                    _("%(count)d sessions have been planned.") % {"count": len(sessions)},
                )
                return redirect("sessions:session_list", pk=cohort.pk)
            conflicts = selectors.series_conflicts(cohort=cohort, slots=slots)
            return render(
                request,
                "sessions/series_preview.html",
                {
                    "cohort": cohort,
                    "form": form,
                    "rows": [(slot, conflicts.get(slot.number)) for slot in slots],
                    "conflicts": len(conflicts),
                },
            )
    return render(request, "sessions/series_form.html", {"cohort": cohort, "form": form})


@require_safe
@login_required
def planning(request, pk):
    cohort = get_cohort_for_user(request.user, pk, Action.PLAN_SESSIONS)
    return render(
        request,
        "sessions/planning.html",
        {"cohort": cohort, "planning": selectors.planning(cohort=cohort)},
    )
