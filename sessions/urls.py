from django.urls import path

from .views import attendance, calendar, feeds, session, themes

app_name = "sessions"

urlpatterns = [
    path("groepen/<int:pk>/themas/", themes.theme_list, name="theme_list"),
    path("groepen/<int:pk>/themas/voorstellen/", themes.theme_propose, name="theme_propose"),
    path("groepen/<int:pk>/themas/stemmen/", themes.theme_vote, name="theme_vote"),
    path("groepen/<int:pk>/stemronde/openen/", themes.round_open, name="round_open"),
    path(
        "groepen/<int:pk>/stemronde/<int:round_pk>/sluiten/",
        themes.round_close,
        name="round_close",
    ),
    path("groepen/<int:pk>/bijeenkomsten/", calendar.session_list, name="session_list"),
    path("groepen/<int:pk>/bijeenkomsten/nieuw/", calendar.session_create, name="session_create"),
    path("groepen/<int:pk>/bijeenkomsten/reeks/", calendar.series_create, name="series_create"),
    path("groepen/<int:pk>/planning/", calendar.planning, name="planning"),
    path(
        "groepen/<int:pk>/aanwezigheid/",
        attendance.attendance_overview,
        name="attendance_overview",
    ),
    path("bijeenkomsten/<int:pk>/", session.session_detail, name="session_detail"),
    path("bijeenkomsten/<int:pk>/bewerken/", session.session_edit, name="session_edit"),
    path("bijeenkomsten/<int:pk>/afzeggen/", session.session_cancel, name="session_cancel"),
    path("bijeenkomsten/<int:pk>/aanmelden/", session.session_rsvp, name="session_rsvp"),
    path(
        "bijeenkomsten/<int:pk>/aanwezigheid/",
        session.session_attendance,
        name="session_attendance",
    ),
    path("bijeenkomsten/<int:pk>/agenda.ics", session.session_ics, name="session_ics"),
    path("agenda/", feeds.my_calendar, name="my_calendar"),
    path("agenda/nieuw-adres/", feeds.my_calendar_renew, name="my_calendar_renew"),
    path("agenda/<str:token>.ics", feeds.calendar_feed, name="calendar_feed"),
]
