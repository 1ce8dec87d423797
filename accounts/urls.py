from django.urls import path

from . import views

urlpatterns = [
    path("mijn/", views.dashboard, name="dashboard"),
]
