from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts.views import password_set_refused, text_size_set
from groups.views.overview import dashboard

urlpatterns = [
    path("cms/", include(wagtailadmin_urls)),
    path("documenten/", include(wagtaildocs_urls)),
    path("django-admin/", admin.site.urls),
    # Before allauth's: participants do not give themselves a password (README, "Log-in").
    path("account/password/set/", password_set_refused),
    path("account/", include("allauth.urls")),
    path("taal/", set_language, name="set_language"),
    path("tekstgrootte/", text_size_set, name="text_size_set"),
    path("mijn/", dashboard, name="dashboard"),
    path("", include("groups.urls")),
    path("", include("health.urls")),
    path("", include("sessions.urls")),
    path("", include("contributions.urls")),
    path("", include("reports.urls")),
    path("", include("chat.urls")),
    path("", include("privacy.urls")),
    path("", include("safety.urls")),
    path("", include("coupling.urls")),
    path("", include("notifications.urls")),
    path("", include("attention.urls")),
    path("", include("notices.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    # Only image renditions: documents (members-only worksheets among them) go through
    # Wagtail's serving view, which checks privacy, never straight from the media folder.
    urlpatterns += static(
        f"{settings.MEDIA_URL}images/", document_root=settings.MEDIA_ROOT / "images"
    )

# Wagtail serves every path not matched above, starting with the home page.
urlpatterns.append(path("", include(wagtail_urls)))
