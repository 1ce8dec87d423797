import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from access.grants import get_cohort_for_user, get_funder_for_user, get_organisation_for_user
from access.policy import Action, may

from . import exports, services
from .builder import build_report
from .forms import CostForm, FixedPeriodForm, PeriodForm
from .periods import fixed_periods
from .sections import Scope

FORMATS = {
    "csv": ("text/csv; charset=utf-8", exports.to_csv),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        exports.to_xlsx,
    ),
    "pdf": ("application/pdf", exports.to_pdf),
    "long.csv": ("text/csv; charset=utf-8", exports.to_long_csv),
}


def _period(request, kind: str, subject, default_start: datetime.date):
    """The period asked for: fixed periods for funders, free ranges for the coaches and
    managers who see the named data anyway (the enrolment of the cohort)."""
    today = timezone.localdate()
    # A cohort that starts later (still forming): the period must not end before it starts.
    default_end = max(today, default_start)
    free = kind == "programma" or (
        kind == "groep" and may(request.user, Action.VIEW_ENROLMENT, subject)
    )
    if free:
        initial = {"start": default_start, "end": default_end}
        form = PeriodForm(request.GET or None, initial=initial)
        if form.is_bound and form.is_valid():
            start, end = form.cleaned_data["start"], form.cleaned_data["end"]
            return form, start, end, ""
        return form, default_start, default_end, ""
    periods = fixed_periods(first_day=default_start, today=today)
    fixed = FixedPeriodForm(request.GET or None, periods=periods)
    chosen = periods[0]
    if fixed.is_bound and fixed.is_valid():
        chosen = fixed.periods[fixed.cleaned_data["periode"]]
    return fixed, chosen.start, chosen.end, chosen.label


def _subject(request, kind: str, pk: int):
    """What the report is about, after the permission check: title, cohort ids, start."""
    user = request.user
    if kind == "groep":
        cohort = get_cohort_for_user(user, pk, Action.VIEW_REPORT)
        return cohort, cohort.name, [cohort.pk], cohort.start_date
    if kind == "financier":
        funder = get_funder_for_user(user, pk, Action.VIEW_FUNDER_REPORT)
        cohorts = list(funder.cohorts.all())
        start = min((c.start_date for c in cohorts), default=timezone.localdate())
        return (
            funder,
            _("All cohorts funded by %(name)s") % {"name": funder.name},
            [c.pk for c in cohorts],
            start,
        )
    if kind == "programma":
        organisation = get_organisation_for_user(user, pk, Action.MANAGE_ORGANISATION)
        cohorts = list(organisation.cohorts.all())
        start = min((c.start_date for c in cohorts), default=timezone.localdate())
        return (
            organisation,
            _("All cohorts of %(name)s") % {"name": organisation.name},
            [c.pk for c in cohorts],
            start,
        )
    raise Http404


def _report(request, kind: str, pk: int):
    subject, title, cohort_ids, default_start = _subject(request, kind, pk)
    form, start, end, label = _period(request, kind, subject, default_start)
    report = build_report(
        title=_("Report on %(name)s") % {"name": subject},
        subtitle=title,
        scope=Scope(cohort_ids=tuple(cohort_ids), start=start, end=end),
        period_label=label,
    )
    return subject, form, report


@require_safe
@login_required
def report_page(request, kind: str, pk: int):
    subject, form, report = _report(request, kind, pk)
    cost_form = None
    if kind == "groep" and may(request.user, Action.EDIT_COHORT, subject):
        cost_form = CostForm()
    return render(
        request,
        "reports/report.html",
        {
            "report": report,
            "form": form,
            "kind": kind,
            "subject": subject,
            "cost_form": cost_form,
            "query": request.GET.urlencode(),
        },
    )


@require_safe
@login_required
def report_export(request, kind: str, pk: int, fmt: str):
    if fmt not in FORMATS:
        raise Http404
    subject, _form, report = _report(request, kind, pk)
    content_type, render_export = FORMATS[fmt]
    response = HttpResponse(render_export(report), content_type=content_type)
    name = slugify(f"herstelcirkel-{subject}-{report.start:%Y-%m-%d}-{report.end:%Y-%m-%d}")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@require_POST
@login_required
def cohort_cost(request, pk: int):
    cohort = get_cohort_for_user(request.user, pk, Action.EDIT_COHORT)
    form = CostForm(request.POST)
    if form.is_valid():
        services.set_cohort_cost(cohort=cohort, by=request.user, **form.cleaned_data)
        messages.success(request, _("The programme cost has been saved."))
    else:
        messages.error(request, _("Fill in the cost per participant in euros, for example 1750."))
    return redirect("reports:report", kind="groep", pk=cohort.pk)


@require_safe
def disclosure_method(request):
    """How the figures are protected, for a funder's analyst and a privacy officer."""
    from .disclosure import MAX_NOISE, magnitude_threshold, threshold

    k = threshold()
    return render(
        request,
        "reports/method.html",
        {"k": k, "k1": k - 1, "m": magnitude_threshold(), "noise": MAX_NOISE},
    )
