"""The site's URLs plus /bench/floor/: the least a Django page can cost on these servers
(the same middleware, the same session and user look-up), for bench/pages_load.py only."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as site


def floor(request):
    return HttpResponse(f"ok {request.user.pk}", content_type="text/plain")


urlpatterns = [path("bench/floor/", floor), *site]
