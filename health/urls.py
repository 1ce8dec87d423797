from django.urls import path

from .views import cohort, measurements, plan, questionnaires

app_name = "health"

urlpatterns = [
    path("mijn-plan/", plan.my_plan, name="my_plan"),
    path("plannen/<int:pk>/", plan.plan, name="plan"),
    path("plannen/<int:pk>/doelen/nieuw/", plan.goal_create, name="goal_create"),
    path("plannen/<int:pk>/metingen/", measurements.measurements, name="measurements"),
    path(
        "plannen/<int:pk>/metingen/nieuw/",
        measurements.measurement_create,
        name="measurement_create",
    ),
    path(
        "plannen/<int:pk>/vragenlijsten/<slug:key>/",
        questionnaires.questionnaire_fill,
        name="questionnaire_fill",
    ),
    path("doelen/<int:pk>/", plan.goal_detail, name="goal_detail"),
    path("doelen/<int:pk>/herzien/", plan.goal_revise, name="goal_revise"),
    path("doelen/<int:pk>/delen/", plan.goal_sharing, name="goal_sharing"),
    path("doelen/<int:pk>/status/", plan.goal_status, name="goal_status"),
    path("doelen/<int:pk>/check-in/", plan.check_in, name="check_in"),
    path("doelen/<int:pk>/aanmoedigen/", plan.cheer, name="cheer"),
    path("groepen/<int:pk>/doelen/", plan.group_goals, name="group_goals"),
    path("groepen/<int:pk>/gezondheid/", cohort.cohort_health, name="cohort_health"),
    path(
        "groepen/<int:pk>/meetmomenten/",
        cohort.measurement_moments,
        name="measurement_moments",
    ),
]
