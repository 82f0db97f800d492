"""django-axes integration: which account a login attempt is for, and the lockout answer."""

from django.conf import settings
from django.utils.translation import gettext as _

from metalpro.views import json_error, rate_limited


def username_from_request(request, credentials: dict | None) -> str:
    """The account an attempt targets, however the form or JSON named the field."""
    credentials = credentials or {}
    value = credentials.get("username") or credentials.get("email")
    if not value:
        value = request.POST.get("username") or request.POST.get("email") or ""
    return str(value).strip().lower()


def lockout_response(request, credentials=None, *args, **kwargs):
    retry_after = int(settings.AXES_COOLOFF_TIME.total_seconds())
    if request.path.startswith("/api/"):
        response = json_error(
            _("Too many failed sign-in attempts: this account is locked for 15 minutes."), "locked_out", 429
        )
        response["Retry-After"] = str(retry_after)
        return response
    exception = type("Lockout", (), {"retry_after": retry_after})()
    return rate_limited(request, exception)
