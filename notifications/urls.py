from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("mijn/e-mails/", views.notification_settings, name="settings"),
    path("e-mails/uitzetten/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
