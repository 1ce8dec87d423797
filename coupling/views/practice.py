"""The practice nurse's pages: who shares with her practice, and the downloads."""

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from access.grants import access_shared_record
from access.policy import may_list_shared_records, shared_patients_for
from privacy import access_log

from .. import fhir, pdf, selectors


@require_GET
@login_required
def shared_records(request):
    if not may_list_shared_records(request.user):
        raise Http404
    patients = shared_patients_for(request.user).order_by("first_name", "last_name", "email")
    return render(request, "coupling/shared_records.html", {"patients": patients})


@require_GET
@login_required
def download_bundle(request, pk: int):
    person = access_shared_record(request.user, pk).obj
    record = selectors.shared_record(person=person)
    body = fhir.bundle(
        fhir.record_resources(record), base_url=request.build_absolute_uri("/fhir/")
    )
    _log_export(request, person)
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, indent=2), content_type=fhir.MEDIA_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="herstelcirkel-{person.pk}.json"'
    return response


@require_GET
@login_required
def download_summary(request, pk: int):
    """The same values as a printable PDF, for a practice without FHIR."""
    person = access_shared_record(request.user, pk).obj
    body = pdf.summary_pdf(selectors.shared_record(person=person))
    _log_export(request, person)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="herstelcirkel-{person.pk}.pdf"'
    return response


def _log_export(request, person) -> None:
    access_log.record(
        actor=request.user,
        subject=person,
        action=access_log.Action.EXPORT,
        data_kind=access_log.DataKind.MEASUREMENTS,
        request=request,
    )
