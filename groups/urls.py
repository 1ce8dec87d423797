from django.urls import path

from .views import cohorts, enrolment, members

app_name = "groups"

urlpatterns = [
    path("organisaties/<int:pk>/", cohorts.organisation_detail, name="organisation_detail"),
    path("organisaties/<int:pk>/groepen/nieuw/", cohorts.cohort_create, name="cohort_create"),
    path("groepen/<int:pk>/", cohorts.cohort_detail, name="cohort_detail"),
    path("groepen/<int:pk>/bewerken/", cohorts.cohort_edit, name="cohort_edit"),
    path("groepen/<int:pk>/coaches/", cohorts.coach_assign, name="coach_assign"),
    path(
        "groepen/<int:pk>/coaches/<int:membership_pk>/verwijderen/",
        cohorts.coach_remove,
        name="coach_remove",
    ),
    path("groepen/<int:pk>/starten/", cohorts.cohort_start, name="cohort_start"),
    path("groepen/<int:pk>/afronden/", cohorts.cohort_finish, name="cohort_finish"),
    path("groepen/<int:pk>/verlaten/", members.cohort_leave, name="cohort_leave"),
    path(
        "groepen/<int:pk>/leden/<int:membership_pk>/aanjager/",
        members.aanjager_appoint,
        name="aanjager_appoint",
    ),
    path(
        "groepen/<int:pk>/leden/<int:membership_pk>/geen-aanjager/",
        members.aanjager_step_down,
        name="aanjager_step_down",
    ),
    path(
        "groepen/<int:pk>/leden/<int:membership_pk>/beeindigen/",
        members.membership_end,
        name="membership_end",
    ),
    path("verwijzingen/", enrolment.referral_list, name="referral_list"),
    path("verwijzingen/nieuw/", enrolment.referral_create, name="referral_create"),
    path("verwijzingen/<int:pk>/", enrolment.referral_detail, name="referral_detail"),
    path(
        "verwijzingen/<int:pk>/opnieuw-uitnodigen/",
        enrolment.invitation_resend,
        name="invitation_resend",
    ),
    path("uitnodiging/<int:pk>/", enrolment.accept_invitation, name="accept_invitation"),
    path("welkom/<str:token>/", enrolment.invitation_welcome, name="invitation_welcome"),
]
