"""Project-wide response headers."""

from django.utils.cache import patch_cache_control

SHARED_CACHING = {"public", "max-age", "s-maxage"}


class NoStoreForLoggedInMiddleware:
    """Every response to a logged-in person may hold personal (health) data, so no browser
    cache, proxy or shared computer keeps a copy: ``Cache-Control: no-store, private``.

    Pages that are the same for everyone (static files, WhiteNoise answers before this
    runs) are not affected; views for anonymous visitors that show personal data (the
    calendar feed behind its secret token) mark themselves with ``never_cache``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # A view's own caching (public, max-age) must not outlive the person's data.
            kept = [
                part.strip()
                for part in response.get("Cache-Control", "").split(",")
                if part.strip() and part.strip().split("=")[0].lower() not in SHARED_CACHING
            ]
            if kept:
                response["Cache-Control"] = ", ".join(kept)
            elif response.has_header("Cache-Control"):
                del response["Cache-Control"]
            patch_cache_control(response, no_store=True, private=True)
        return response
