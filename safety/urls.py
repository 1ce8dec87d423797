from django.urls import path

from .views import participant, practice

app_name = "safety"

urlpatterns = [
    path("veiligheid/", participant.my_safety, name="my_safety"),
    path("veiligheid/<int:pk>/", participant.overview, name="overview"),
    path(
        "veiligheid/<int:pk>/medicijnen/nieuw/", participant.medication_add, name="medication_add"
    ),
    path(
        "veiligheid/<int:pk>/medicijnen/<int:medication_pk>/wijzigen/",
        participant.medication_change,
        name="medication_change",
    ),
    path("veiligheid/<int:pk>/bloedsuiker/", participant.glucose_report, name="glucose_report"),
    path("veiligheid/<int:pk>/hypo/", participant.hypo_report, name="hypo_report"),
    path("veiligheid/<int:pk>/advies/<slug:outcome>/", participant.advice, name="advice"),
    path("meldingen/", practice.worklist, name="worklist"),
    path("meldingen/<int:pk>/", practice.alert_detail, name="alert_detail"),
    path("meldingen/<int:pk>/gezien/", practice.alert_acknowledge, name="alert_acknowledge"),
    path("meldingen/<int:pk>/opmerking/", practice.alert_comment, name="alert_comment"),
    path("praktijken/<int:pk>/protocol/", practice.protocol, name="protocol"),
    path("groepen/<int:pk>/meldingen/", practice.cohort_alerts, name="cohort_alerts"),
]
