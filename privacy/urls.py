from django.urls import path

from .views import account, log, rights, staff_erasure

app_name = "privacy"

urlpatterns = [
    path("privacy/", account.privacy_overview, name="overview"),
    path("privacy/inzage/", log.my_access_log, name="my_access_log"),
    path("privacy/toegangslog/", log.access_log_search, name="access_log_search"),
    path("privacy/mijn-gegevens.json", account.download_json, name="download_json"),
    path("privacy/mijn-gegevens.html", account.download_html, name="download_html"),
    path("privacy/toestemming/", rights.consent, name="consent"),
    path("privacy/gegevens-verwijderen/", rights.erase_my_data, name="erase"),
    path(
        "privacy/oud-deelnemers/",
        staff_erasure.former_participants,
        name="former_participants",
    ),
    path(
        "privacy/oud-deelnemers/<int:pk>/verwijderen/",
        staff_erasure.erase_participant,
        name="erase_participant",
    ),
]
