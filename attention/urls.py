from django.urls import path

from . import views

app_name = "attention"

urlpatterns = [
    path("groepen/<int:pk>/aandacht/", views.cohort_list, name="cohort_list"),
    path("aandacht/<int:pk>/", views.member, name="member"),
    path("aandacht/<int:pk>/aanjager/", views.ask_aanjager, name="ask_aanjager"),
    path("aandacht/<int:pk>/inhaalgesprek/", views.plan_catch_up, name="plan_catch_up"),
    path("organisaties/<int:pk>/aandacht-instellingen/", views.thresholds, name="thresholds"),
    path("organisaties/<int:pk>/verwijzingen/", views.pipeline, name="pipeline"),
]
