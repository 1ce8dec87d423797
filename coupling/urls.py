from django.urls import path

from .views import api, participant, practice, research

app_name = "coupling"

urlpatterns = [
    path("delen-met-mijn-praktijk/", participant.share_with_practice, name="share"),
    path("praktijk/gedeelde-gegevens/", practice.shared_records, name="shared_records"),
    path(
        "praktijk/gedeelde-gegevens/<int:pk>/fhir.json",
        practice.download_bundle,
        name="download_bundle",
    ),
    path(
        "praktijk/gedeelde-gegevens/<int:pk>/samenvatting.pdf",
        practice.download_summary,
        name="download_summary",
    ),
    path("onderzoek/", research.studies, name="studies"),
    path("onderzoek/<int:pk>/export.zip", research.export, name="research_export"),
    path("fhir/Patient/<int:pk>", api.patient, name="fhir_patient"),
    path("fhir/Patient/<int:pk>/$everything", api.everything, name="fhir_everything"),
    path("fhir/Observation", api.observation_search, name="fhir_observation_search"),
]
