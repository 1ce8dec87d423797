from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .. import selectors
from ..forms import AccessLogSearchForm

PAGE_SIZE = 50


@require_safe
@login_required
def my_access_log(request):
    """ "Wie bekeek mijn gegevens": every view, change or export of my data by others."""
    entries = selectors.access_to_my_data(person=request.user)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "privacy/my_access_log.html", {"page": page})


@require_safe
@login_required
def access_log_search(request):
    """The programme manager's search through the access log of their organisation."""
    organisations = selectors.searchable_organisations(user=request.user)
    if not organisations.exists():
        raise PermissionDenied
    form = AccessLogSearchForm(request.GET or None)
    page = None
    if form.is_bound and form.is_valid():
        entries = selectors.search_access_log(organisations=organisations, **form.cleaned_data)
    elif not form.is_bound:
        entries = selectors.search_access_log(organisations=organisations)
    else:
        entries = None
    if entries is not None:
        page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "privacy/access_log_search.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )
