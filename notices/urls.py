from django.urls import path

from . import views

app_name = "notices"

urlpatterns = [
    path("groepen/<int:pk>/mededelingen/", views.notice_list, name="list"),
    path("groepen/<int:pk>/mededelingen/nieuw/", views.notice_create, name="create"),
    path(
        "groepen/<int:pk>/mededelingen/<int:notice>/gelezen/",
        views.mark_read,
        name="mark_read",
    ),
    path(
        "groepen/<int:pk>/mededelingen/<int:notice>/wie-las-het/",
        views.notice_reads,
        name="reads",
    ),
    path(
        "groepen/<int:pk>/mededelingen/<int:notice>/intrekken/",
        views.notice_withdraw,
        name="withdraw",
    ),
]
