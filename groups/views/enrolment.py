from allauth.account.internal.flows.login_by_code import LoginCodeVerificationProcess
from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from access.grants import access_membership, get_membership_for_user
from access.lists import referral_targets
from access.policy import Action, may_anywhere
from privacy import access_log

from .. import invitations, selectors, services
from ..forms import AcceptInvitationForm, ConsentForm, ReferralForm, add_service_error
from ..models import Membership


def _require_referrer(user) -> None:
    """The referral pages are for those who may refer a patient in some organisation."""
    if not may_anywhere(user, Action.REFER_PARTICIPANT):
        raise PermissionDenied


@require_safe
@login_required
def referral_list(request):
    _require_referrer(request.user)
    referrals = list(selectors.referrals_for_nurse(nurse=request.user))
    access_log.record_many(
        actor=request.user,
        memberships=referrals,
        action="view",
        data_kind="referral",
        request=request,
        actor_role="nurse",  # the list shows the patients of the nurse's own practices
    )  # NEN 7513: a named list of patients
    return render(request, "groups/referral_list.html", {"referrals": referrals})


@require_http_methods(["GET", "POST"])
@login_required
def referral_create(request):
    _require_referrer(request.user)
    cohorts, practices = referral_targets(request.user)
    form = ReferralForm(
        request.POST if request.method == "POST" else None, cohorts=cohorts, practices=practices
    )
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.refer_participant(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s has been referred. Now record the GP's consent.")
                % {"name": membership.person.get_full_name()},
            )
            return redirect("groups:referral_detail", pk=membership.pk)
    return render(request, "groups/referral_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def referral_detail(request, pk):
    grant = access_membership(request.user, pk, Action.VIEW_REFERRAL)
    membership = grant.obj
    can_consent = membership.status == membership.Status.REFERRED and grant.allows(
        Action.RECORD_CONSENT
    )
    try:
        profile = membership.person.participant_profile
    except ObjectDoesNotExist:  # a coach's own membership: there is no referral to show
        raise Http404 from None
    access_log.record(
        actor=request.user,
        grant=grant,
        request=request,
        action="change" if request.method == "POST" and can_consent else "view",
        data_kind="referral",
    )
    form = ConsentForm(
        request.POST if request.method == "POST" else None, initial={"gp_name": profile.gp_name}
    )
    if request.method == "POST":
        if not can_consent:
            raise PermissionDenied
        if form.is_valid():
            data = {key: value for key, value in form.cleaned_data.items() if key != "explicit"}
            try:
                services.record_gp_consent(membership=membership, by=request.user, **data)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request, _("GP consent is recorded and the invitation has been e-mailed.")
                )
                return redirect("groups:referral_detail", pk=membership.pk)
    return render(
        request,
        "groups/referral_detail.html",
        {
            "membership": membership,
            "profile": profile,
            "form": form,
            "can_consent": can_consent,
            "can_resend": membership.status == membership.Status.INVITED
            and grant.allows(Action.RESEND_INVITATION),
            "events": membership.events.select_related("by"),
        },
    )


@require_POST
@login_required
def invitation_resend(request, pk):
    membership = get_membership_for_user(request.user, pk, Action.RESEND_INVITATION)
    try:
        services.invite_participant(membership=membership, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The invitation has been e-mailed again."))
    return redirect("groups:referral_detail", pk=membership.pk)


@require_http_methods(["GET", "POST"])
@login_required
def accept_invitation(request, pk):
    already_member = Membership.objects.filter(
        pk=pk, person=request.user, status=Membership.Status.ACTIVE
    ).exists()
    if already_member:  # the e-mail's link, followed again after accepting
        return redirect("dashboard")
    membership = get_membership_for_user(request.user, pk, Action.ACCEPT_AGREEMENT)
    form = AcceptInvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.accept_agreement(membership=membership, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Welcome to the group! Here you see who is in it."))
            return redirect("dashboard")
    return render(
        request,
        "groups/accept_invitation.html",
        {"membership": membership, "cohort": membership.cohort, "form": form},
    )


@require_http_methods(["GET", "POST"])
def invitation_welcome(request, token):
    """Where the invitation e-mail's link lands: who invited them, to which group, and one
    button that e-mails them a log-in code. No e-mail address to type, no password box.
    The signed token is the key (as for the calendar feed): a wrong one is "not found"."""
    membership = invitations.membership_for(token)
    if membership is None:
        raise Http404
    accept_url = reverse("groups:accept_invitation", args=[membership.pk])
    if request.user.is_authenticated and request.user.pk == membership.person_id:
        return redirect(accept_url)
    welcome = selectors.invitation_welcome(membership=membership)
    person = membership.person
    can_send = welcome.open and person.is_active and not request.user.is_authenticated
    if request.method == "POST":
        if not can_send:
            return redirect(request.path)
        if not ratelimit.consume(request, action="request_login_code", key=person.email.lower()):
            messages.error(request, _("You asked for a code several times. Wait a minute."))
            return redirect(request.path)
        LoginCodeVerificationProcess.initiate(request=request, user=person, email=person.email)
        return redirect(
            f"{reverse('account_confirm_login_code')}?{urlencode({'next': accept_url})}"
        )
    return render(
        request,
        "groups/invitation_welcome.html",
        {"welcome": welcome, "can_send": can_send, "login_url": reverse("account_login")},
    )
