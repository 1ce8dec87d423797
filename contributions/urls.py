from django.urls import path

from .views import participant, staff, webhooks

app_name = "contributions"

urlpatterns = [
    path("groepen/<int:pk>/bijdrage/", participant.my_contributions, name="mine"),
    path("groepen/<int:pk>/bijdrage/starten/", participant.start_paying, name="start"),
    path("groepen/<int:pk>/bijdrage/betaalwijze/", participant.manage_payment, name="manage"),
    path("groepen/<int:pk>/bijdragen/", staff.cohort_overview, name="overview"),
    path("groepen/<int:pk>/bijdragen/totalen/", staff.cohort_totals, name="totals"),
    path("groepen/<int:pk>/bijdragen/totalen.csv", staff.cohort_totals_csv, name="totals_csv"),
    path("groepen/<int:pk>/bijdragen/regeling/", staff.plan_edit, name="plan_edit"),
    path(
        "groepen/<int:pk>/bijdragen/<int:membership_pk>/",
        staff.member_ledger,
        name="member_ledger",
    ),
    path(
        "groepen/<int:pk>/bijdragen/<int:membership_pk>/betaling/",
        staff.record_payment,
        name="record_payment",
    ),
    path(
        "groepen/<int:pk>/bijdragen/<int:membership_pk>/kwijtschelden/",
        staff.waive_month,
        name="waive_month",
    ),
    path("stripe/webhook/", webhooks.stripe_webhook, name="stripe_webhook"),
]
