"""The group's notices page, posting and withdrawing a notice, "Gelezen" (a plain POST
form, so it works without JavaScript) and who has read a notice (author and coach)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from access.grants import access_cohort
from access.notices import access_notice, notice_grant
from access.policy import Action
from groups.forms import add_service_error
from privacy import access_log

from . import selectors, services
from .forms import NoticeForm


@require_safe
@login_required
def notice_list(request, pk):
    grant = access_cohort(request.user, pk, Action.READ_NOTICES)
    rows = selectors.group_notices(cohort=grant.obj, person=request.user)
    can_notice = {row.notice.pk: notice_grant(request.user, row.notice, grant).can for row in rows}
    context = {
        "cohort": grant.obj,
        "rows": [(row, can_notice[row.notice.pk]) for row in rows],
        "can": grant.can,
    }
    return render(request, "notices/list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def notice_create(request, pk):
    grant = access_cohort(request.user, pk, Action.POST_NOTICE)
    form = NoticeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_notice(cohort=grant.obj, by=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your notice is now pinned for the group."))
            return redirect("notices:list", pk=grant.obj.pk)
    return render(request, "notices/create.html", {"cohort": grant.obj, "form": form})


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@require_POST
@login_required
def mark_read(request, pk, notice):
    """ "Gelezen": back to the page the member came from (the chat, the overview)."""
    grant = access_notice(request.user, pk, notice, Action.MARK_NOTICE_READ)
    services.mark_notice_read(notice=grant.obj, person=request.user)
    if _wants_json(request):  # the page's script: it takes the notice away itself
        return JsonResponse({"type": "notice_read", "id": grant.obj.pk})
    messages.success(request, _("Thank you. The notice is marked as read."))
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(back)
    return redirect("notices:list", pk=pk)


@require_safe
@login_required
def notice_reads(request, pk, notice):
    grant = access_notice(request.user, pk, notice, Action.VIEW_NOTICE_READS)
    receipts = selectors.read_receipts(notice=grant.obj)
    # Who has read it and who not: named data about every member on the list.
    access_log.record_many(
        actor=request.user,
        memberships=[m for m, _at in receipts.read] + receipts.not_read,
        action="view",
        data_kind="notice_reads",
        request=request,
    )
    return render(
        request,
        "notices/reads.html",
        {"cohort": grant.obj.cohort, "notice": grant.obj, "receipts": receipts},
    )


@require_http_methods(["GET", "POST"])
@login_required
def notice_withdraw(request, pk, notice):
    grant = access_notice(request.user, pk, notice, Action.WITHDRAW_NOTICE)
    error = None
    if request.method == "POST":
        try:
            services.withdraw_notice(notice=grant.obj, by=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("The notice has been withdrawn."))
            return redirect(reverse("notices:list", args=[pk]))
    return render(
        request,
        "notices/withdraw.html",
        {"cohort": grant.obj.cohort, "notice": grant.obj, "error": error},
    )
