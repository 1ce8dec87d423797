"""The read-only FHIR API for the practice nurse: JSON in and out, errors as OperationOutcome.

Authentication is the site's log-in session with the second factor (privacy.middleware
sends staff without one to set it up); who may read whom is decided by
access.grants.access_shared_record, and a withdrawn share answers 404 at once.
"""

import json
from functools import wraps

from django.http import Http404, HttpResponse

from access.grants import access_shared_record
from privacy import access_log

from .. import fhir, selectors


def _fhir_response(body: dict, status: int = 200) -> HttpResponse:
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), content_type=fhir.MEDIA_TYPE, status=status
    )
    response["Cache-Control"] = "no-store"
    return response


def _outcome(status: int, code: str, message: str) -> HttpResponse:
    return _fhir_response(fhir.operation_outcome(code, message), status=status)


def fhir_view(view):
    """GET only, logged in, and every refusal an OperationOutcome instead of a page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET":
            response = _outcome(405, "not-supported", "This API is read-only.")
            response["Allow"] = "GET"
            return response
        if not request.user.is_authenticated:
            return _outcome(401, "login", "Log in first.")
        try:
            return view(request, *args, **kwargs)
        except Http404:
            return _outcome(404, "not-found", "No such patient, or no active share.")

    return wrapper


def _base(request) -> str:
    return request.build_absolute_uri("/fhir/")


def _log(request, person) -> None:
    access_log.record(
        actor=request.user,
        subject=person,
        action=access_log.Action.VIEW,
        data_kind=access_log.DataKind.MEASUREMENTS,
        request=request,
    )


@fhir_view
def patient(request, pk: int):
    person = access_shared_record(request.user, pk).obj
    access_log.record(
        actor=request.user,
        subject=person,
        action=access_log.Action.VIEW,
        data_kind=access_log.DataKind.PROFILE,
        request=request,
    )
    return _fhir_response(fhir.patient_resource(person))


@fhir_view
def everything(request, pk: int):
    person = access_shared_record(request.user, pk).obj
    resources = fhir.record_resources(selectors.shared_record(person=person))
    _log(request, person)
    return _fhir_response(fhir.bundle(resources, base_url=_base(request), kind="searchset"))


@fhir_view
def observation_search(request):
    raw = request.GET.get("patient", "").removeprefix("Patient/")
    if not raw.isdigit():
        return _outcome(400, "required", "Give the patient: ?patient=<id>.")
    person = access_shared_record(request.user, int(raw)).obj
    resources = [
        r
        for r in fhir.record_resources(
            selectors.shared_record(person=person), include_patient=False
        )
        if r["resourceType"] == "Observation"
    ]
    _log(request, person)
    return _fhir_response(fhir.bundle(resources, base_url=_base(request), kind="searchset"))
