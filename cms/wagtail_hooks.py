from django.conf import settings
from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_js")
def start_widgets_without_inline_scripts():
    return format_html('<script src="{}"></script>', static("js/admin_widgets.js"))


@hooks.register("before_serve_page")
def serve_in_chosen_language(page, request, serve_args, serve_kwargs):
    """Sends the visitor to the published translation in the language they chose.

    The language comes from the switch (accounts.middleware.ChosenLanguageMiddleware).
    Without a published translation in that language the page is served as it is.
    """
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False) or request.method not in {
        "GET",
        "HEAD",
    }:
        return None
    translated = page.localized
    if translated.pk == page.pk:
        return None
    url = translated.get_url(request)
    if not url:
        return None
    query = request.META.get("QUERY_STRING")
    return redirect(f"{url}?{query}" if query else url)
