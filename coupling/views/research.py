"""The evaluator's pages: the studies they evaluate, and the export download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from access.grants import access_study
from access.policy import studies_of_evaluator

from .. import services
from ..codebook import FILES


@require_GET
@login_required
def studies(request):
    return render(
        request,
        "coupling/studies.html",
        {
            "studies": studies_of_evaluator(request.user).prefetch_related("exports"),
            "files": FILES,
        },
    )


@require_POST
@login_required
def export(request, pk: int):
    study = access_study(request.user, pk).obj
    try:
        body, record = services.export_research_data(study=study, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("coupling:studies")
    response = HttpResponse(body, content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="onderzoek-{study.pk}-{record.at:%Y%m%d-%H%M}.zip"'
    )
    return response
