from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("rapportage/methode/", views.disclosure_method, name="disclosure_method"),
    path("rapportage/<str:kind>/<int:pk>/", views.report_page, name="report"),
    path(
        "rapportage/<str:kind>/<int:pk>/export.<str:fmt>",
        views.report_export,
        name="report_export",
    ),
    path("rapportage/groep/<int:pk>/kosten/", views.cohort_cost, name="cohort_cost"),
]
