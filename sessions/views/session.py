from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from access.policy import Action
from groups.forms import add_service_error
from privacy import access_log  # NEN 7513 access log

from .. import selectors, services
from ..forms import AttendanceForm, CancelForm, SessionForm
from ..ical import calendar_bytes
from ._access import access_session, get_session_for_user


@require_safe
@login_required
def session_detail(request, pk):
    session, grant = access_session(request.user, pk, Action.VIEW_COHORT)
    can = grant.can
    return render(
        request,
        "sessions/session_detail.html",
        {
            "session": session,
            "cohort": session.cohort,
            "can": can,
            "people": selectors.session_people(session=session),
            "own_rsvp": selectors.own_rsvp(session=session, user=request.user),
            "rsvp_open": not session.is_cancelled and session.starts_at > timezone.now(),
            "has_ended": session.ends_at <= timezone.now(),
            "register_open": session.register_is_open(),
            "themes": session.themes.select_related("library_page"),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def session_edit(request, pk):
    session = get_session_for_user(request.user, pk, Action.PLAN_SESSIONS)
    form = SessionForm(
        request.POST if request.method == "POST" else None,
        cohort=session.cohort,
        themes=selectors.chosen_themes(cohort=session.cohort, session=session),
        session=session,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_session(session=session, by=request.user, **form.service_fields())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The session has been saved."))
            return redirect("sessions:session_detail", pk=session.pk)
    return render(
        request,
        "sessions/session_form.html",
        {"cohort": session.cohort, "form": form, "session": session},
    )


@require_http_methods(["GET", "POST"])
@login_required
def session_cancel(request, pk):
    session = get_session_for_user(request.user, pk, Action.PLAN_SESSIONS)
    form = CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_session(session=session, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The session has been cancelled; members get an e-mail."))
            return redirect("sessions:session_detail", pk=session.pk)
    return render(request, "sessions/session_cancel.html", {"session": session, "form": form})


@require_POST
@login_required
def session_rsvp(request, pk):
    session = get_session_for_user(request.user, pk, Action.RSVP_SESSION)
    coming = request.POST.get("coming")
    if coming not in {"yes", "no"}:
        messages.error(request, _("Choose whether you come or not."))
    else:
        try:
            services.answer_rsvp(session=session, person=request.user, coming=coming == "yes")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("You have signed up. See you there!")
                if coming == "yes"
                else _("You have signed off. Thank you for letting us know."),
            )
    return redirect("sessions:session_detail", pk=session.pk)


@require_http_methods(["GET", "POST"])
@login_required
def session_attendance(request, pk):
    """The register: prefilled from the sign-ups, opens when the session starts.

    "Iedereen aanwezig" is its own small form (action=everyone_present): with JavaScript it
    sets the rows in the page, without it the server shows the register with everyone
    present. Either way nothing is saved until "Lijst opslaan".
    """
    session, grant = access_session(request.user, pk, Action.TAKE_ATTENDANCE)
    context = {"session": session, "register_open": session.register_is_open()}
    if not context["register_open"] or session.is_cancelled:
        return render(request, "sessions/attendance_form.html", context)
    register = selectors.attendance_register(session=session)
    everyone_present = request.POST.get("action") == "everyone_present"
    saving = request.method == "POST" and not everyone_present
    access_log.record_many(
        actor=request.user,
        grant=grant,
        memberships=[row.membership for row in register],
        action="change" if saving else "view",
        data_kind="attendance",
        request=request,
    )
    form = AttendanceForm(
        request.POST if saving else None, register=register, everyone_present=everyone_present
    )
    if saving and form.is_valid():
        try:
            services.record_attendance(session=session, by=request.user, entries=form.entries())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The attendance register has been saved."))
            return redirect("sessions:session_detail", pk=session.pk)
    context.update(form=form, everyone_present=everyone_present)
    return render(request, "sessions/attendance_form.html", context)


@require_safe
@login_required
def session_ics(request, pk):
    session = get_session_for_user(request.user, pk, Action.VIEW_COHORT)
    body = calendar_bytes([session], name=session.cohort.name, method="PUBLISH")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="bijeenkomst-{session.pk}.ics"'
    return response
