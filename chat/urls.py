from django.urls import path

from . import views

app_name = "chat"

urlpatterns = [
    path("groepen/<int:pk>/chat/", views.room, name="room"),
    path("bijeenkomsten/<int:pk>/gesprek/", views.thread, name="thread"),
    path("groepen/<int:pk>/chat/<int:seq>/bewerken/", views.message_edit, name="message_edit"),
    path(
        "groepen/<int:pk>/chat/<int:seq>/verwijderen/",
        views.message_delete,
        name="message_delete",
    ),
    path("groepen/<int:pk>/chat/<int:seq>/verbergen/", views.message_hide, name="message_hide"),
    path(
        "groepen/<int:pk>/chat/<int:seq>/ongelezen/", views.message_unread, name="message_unread"
    ),
    path(
        "groepen/<int:pk>/chat/<int:seq>/herinnering/", views.message_remind, name="message_remind"
    ),
    path("herinneringen/<int:pk>/klaar/", views.reminder_dismiss, name="reminder_dismiss"),
]
