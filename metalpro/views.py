"""Error pages: JSON envelopes under /api/, friendly pages elsewhere, never a stack trace."""

import sys

from django.conf import settings
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from metalpro.api.exceptions import (
    DATABASE_RETRY_AFTER,
    DATABASE_UNAVAILABLE,
    error_body,
    service_unavailable_message,
)


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def json_error(message: str, code: str, status: int) -> JsonResponse:
    return JsonResponse(error_body(message, code), status=status, json_dumps_params={"ensure_ascii": False})


def bad_request(request, exception=None):
    if _is_api(request):
        return json_error(_("Bad request."), "bad_request", 400)
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None):
    if _is_api(request):
        return json_error(_("You do not have permission to perform this action."), "permission_denied", 403)
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    if _is_api(request):
        return api_not_found(request)
    return render(request, "errors/404.html", status=404)


def rate_limited(request, exception=None):
    """429 for pages and /api/ alike (django-ratelimit's view, and the lockout of axes reuses it)."""
    retry_after = getattr(exception, "retry_after", None) or settings.RATE_LIMIT_RETRY_AFTER
    if _is_api(request):
        response = json_error(_("Too many requests. Please try again later."), "rate_limited", 429)
    else:
        response = render(request, "errors/429.html", {"retry_minutes": max(1, retry_after // 60)}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


@csrf_exempt  # the catch-all of /api/: a POST to an unknown path is a JSON 404, not the CSRF page
def api_not_found(request, *args, **kwargs):
    return json_error(_("Not found."), "not_found", 404)


def server_error(request):
    # Django calls handler500 while handling the exception: a database outage is a 503.
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return service_unavailable(request)
    if _is_api(request):
        return json_error(_("An unexpected error occurred. Please try again."), "server_error", 500)
    # No RequestContext: the failure may come from what a context processor needs.
    return HttpResponseServerError(loader.render_to_string("errors/500.html"))


def service_unavailable(request):
    """503 + Retry-After while the database cannot be reached; the next request connects again."""
    if _is_api(request):
        response = json_error(service_unavailable_message(), "service_unavailable", 503)
    else:
        # Self-contained like the 500 page: no context processors, no database.
        response = HttpResponse(loader.render_to_string("errors/503.html"), status=503)
    response["Retry-After"] = str(DATABASE_RETRY_AFTER)
    return response
