"""What catalog views call (one line each) to say what a response is about.

A storefront view attaches its event to the response (`analytics_event`); `AnalyticsMiddleware`
records it. Pages cached whole for anonymous visitors keep the event with the cached body
(catalog.cache.anonymous_page_cache), so a cache hit is recorded too, without running the view.
"""

import re
from urllib.parse import parse_qs, urlsplit

from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

from analytics.models import Event
from analytics.services import event_record

SEARCH_PAGE_PARAMS = {"q", "page"}  # a search as typed in the box; filters, categories, sorting refine it
SEARCH_API_PARAMS = {"search", "page", "pageSize"}
SEARCH_RESULT_PAGES = {"catalog:products", "catalog:category"}  # where a click on a result comes from
_API_COUNT = re.compile(rb'\s*\{\s*"count"\s*:\s*(\d+)')


def _first_page(value: str | None) -> bool:
    return value in (None, "", "1")


def page_search(request: HttpRequest, response: HttpResponse, *, results: int, category: str | None) -> HttpResponse:
    """The storefront search page: a search when it is the first page of a plain search (not within
    a category, not filtered: those refine a search already recorded)."""
    query = request.GET.get("q", "").strip()
    plain = category is None and set(request.GET) <= SEARCH_PAGE_PARAMS
    if query and plain and _first_page(request.GET.get("page")):
        response.analytics_event = {"kind": Event.Kind.SEARCH.value, "query": query, "results": results}
    return response


def page_product_view(response: HttpResponse, *, product) -> HttpResponse:
    """A product page (a click on a search result when the visitor came from the search page)."""
    response.analytics_event = {"kind": Event.Kind.VIEW.value, "product": str(product.pk)}
    return response


def api_search(request, response: HttpResponse) -> HttpResponse:
    """`GET /api/products?search=`: a search when it is the first page and nothing else filters it.
    The count is read from the (possibly cached) JSON body, which starts with it."""
    params = request.query_params
    query = (params.get("search") or "").strip()
    if query and set(params) <= SEARCH_API_PARAMS and _first_page(params.get("page")):
        match = _API_COUNT.match(response.content)
        event_record(Event.Kind.SEARCH, query=query, results=int(match[1]) if match else None)
    return response


def api_product_view(request, *, product) -> None:
    """`GET /api/products/{id}`; an SPA passes `?q=<search>` when the buyer came from a search."""
    event_record(Event.Kind.VIEW, product=product.pk, query=(request.query_params.get("q") or "").strip())


def search_from_referer(request: HttpRequest) -> str:
    """The search a product page was opened from: the referring URL, when it is our search page.
    (Same-origin navigations carry the full URL under the strict-origin-when-cross-origin policy.)"""
    referer = request.headers.get("referer")
    if not referer:
        return ""
    try:
        url = urlsplit(referer)
        if url.netloc != request.get_host():
            return ""
        match = resolve(url.path)
    except (Resolver404, ValueError):
        return ""
    if match.view_name not in SEARCH_RESULT_PAGES:
        return ""
    return (parse_qs(url.query).get("q") or [""])[0].strip()
