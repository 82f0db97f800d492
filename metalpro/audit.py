"""The audit log (django-auditlog): the request context the library lacks.

Which models are audited, and which of their fields, is settings: `AUDITLOG_INCLUDE_TRACKING_MODELS`
in `metalpro/settings/base.py` (one line per model). The library writes a `LogEntry` on every
create, update and delete of those models, from a request or not (a management command or a Celery
worker writes one with no actor). This module adds, for writes made while serving a request:

- the client IP as the rest of the site sees it (`metalpro.http.client_ip`: X-Forwarded-For only
  behind NUM_PROXIES trusted proxies; the library would trust the header from anyone);
- the user agent, in `additional_data["user_agent"]`;
- the actor, read when the entry is written rather than when the request comes in, so API calls
  authenticated by DRF (bearer tokens, after the middleware ran) are attributed too.
"""

from contextvars import ContextVar

from auditlog.middleware import AuditlogMiddleware
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.http import HttpRequest

from metalpro.http import client_ip

USER_AGENT_MAX_LENGTH = 300  # as stored for sessions (accounts.AuthSession.user_agent)
MASK = "********"

_current_request: ContextVar[HttpRequest | None] = ContextVar("audit_request", default=None)


class AuditlogRequestMiddleware(AuditlogMiddleware):
    """auditlog's middleware (correlation id, remote address), with the project's client IP and the
    request kept for `add_request_context`. Place it after AuthenticationMiddleware."""

    def get_extra_data(self, request: HttpRequest) -> dict:
        # No "actor" here: reading request.user now would cost a query on every request and miss
        # users DRF authenticates later. The actor is set when an entry is written.
        return {"remote_addr": client_ip(request)}

    def __call__(self, request: HttpRequest):
        token = _current_request.set(request)
        try:
            return super().__call__(request)
        finally:
            _current_request.reset(token)


@receiver(pre_save, sender=LogEntry, dispatch_uid="metalpro.audit.add_request_context")
def add_request_context(sender, instance: LogEntry, **kwargs) -> None:
    """Stamp a new entry written during a request with its actor and user agent."""
    request = _current_request.get()
    if request is None or not instance._state.adding:
        return
    user = getattr(request, "user", None)
    if instance.actor_id is None and isinstance(user, get_user_model()) and user.is_authenticated:
        instance.actor_id, instance.actor_email = user.pk, user.email
    user_agent = request.headers.get("User-Agent", "")[:USER_AGENT_MAX_LENGTH]
    instance.additional_data = {**(instance.additional_data or {}), "user_agent": user_agent}


def exclude_reverse_relations() -> None:
    """django-auditlog 3.4 diffs a created or deleted object over `_meta.get_fields()`, reverse
    relations included: a new user's entry says `"addresses": ["None", "accounts.Address.None"]` and
    costs a query per reverse one-to-one (jazzband/django-auditlog#551). Register each model of
    AUDITLOG_INCLUDE_TRACKING_MODELS again, through the public API, with them excluded. Runs after
    auditlog's own ready() ("auditlog" comes before "metalpro" in INSTALLED_APPS)."""
    for item in settings.AUDITLOG_INCLUDE_TRACKING_MODELS:
        options = {"model": item} if isinstance(item, str) else dict(item)
        try:
            model = apps.get_model(options.pop("model"))
        except (LookupError, ValueError):  # a whole app, or a model auditlog skipped too
            continue
        reverse = [field.name for field in model._meta.get_fields() if field.auto_created and not field.concrete]
        auditlog.register(model, **{**options, "exclude_fields": [*options.get("exclude_fields", []), *reverse]})


def mask_secret(value: str) -> str:
    """`mask_callable` for secrets (the password hash): an entry says the value changed, never what
    it is. An absent value stays as it is, so a creation still reads "None → ********"."""
    return value if value in ("", "None") else MASK
