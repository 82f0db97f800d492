"""Request ids, the access log and log redaction.

- `RequestLogMiddleware` (first in MIDDLEWARE) gives every request an id (a sane incoming
  `X-Request-ID`, else a new uuid4 hex), returns it in the `X-Request-ID` response header and logs
  one access line per request: method, path (no query string, secrets in URL parameters masked),
  status, latency in ms and the user id when known.
- `RequestContextFilter` (on the handler) stamps `request_id` and `user_id` on every record, so
  every line written while serving a request, or running a task it queued (metalpro/celery.py
  carries the id), can be found by that id.
- `RedactingFilter` (on the handler) masks the values of secret-looking keys in `extra` fields and
  in `key=value` / `"key": "value"` text. Request bodies are never logged.
"""

import logging
import re
import time
import uuid
from collections.abc import Mapping
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject, empty
from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

REQUEST_ID_HEADER = "X-Request-ID"
REQUEST_ID_MAX_LENGTH = 64
MASK = "***"
MISSING = "-"  # request_id / user_id of a line written outside any request or task

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
_request_var: ContextVar[HttpRequest | None] = ContextVar("log_request", default=None)

access_logger = logging.getLogger("metalpro.access")

_VALID_REQUEST_ID = re.compile(rf"[A-Za-z0-9._-]{{1,{REQUEST_ID_MAX_LENGTH}}}")
_SECRET_WORDS = r"passw|pwd|secret|token|authorization|cookie|checksumhash|card|api[_-]?key|sessionid|csrf|signature"
SENSITIVE_KEY = re.compile(_SECRET_WORDS, re.IGNORECASE)
_PAIR = re.compile(
    # A whole word (possessive: no backtracking on long text) that contains a secret word.
    rf"""(?P<key>(?<![\w.-])["']?(?=[\w.-]*?(?:{_SECRET_WORDS}))[\w.-]*+["']?)(?P<sep>\s*[=:]\s*)"""
    r"""(?P<value>(?:(?:bearer|basic|token)\s+)?(?:"[^"]*"|'[^']*'|[^\s,;&"'}\]]+))""",
    re.IGNORECASE,
)


def clean_request_id(value: str | None) -> str:
    """The incoming id when it is sane (at most 64 of [A-Za-z0-9._-]), else a new one."""
    if value and _VALID_REQUEST_ID.fullmatch(value):
        return value
    return uuid.uuid4().hex


def redact_text(text: str) -> str:
    """`password=x`, `token: "x"`, `Authorization: Bearer x` ... with their values masked."""

    def mask(match: re.Match) -> str:
        value = match["value"]
        quote = value[0] if value[0] in "\"'" else ""
        return f"{match['key']}{match['sep']}{quote}{MASK}{quote}"

    return _PAIR.sub(mask, text)


def redact(value: Any, *, key: str = "") -> Any:
    """`value` with what sits under a secret-looking key masked, through dicts, lists and text."""
    if key and SENSITIVE_KEY.search(key):
        return MASK
    if isinstance(value, Mapping):
        return {k: redact(v, key=str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(redact(item) for item in value)
    if isinstance(value, str):
        return redact_text(value)
    return value


def _known_user_id(request: HttpRequest | None) -> int | str | None:
    """The user of `request` if something already loaded it: never a query from a log call. DRF
    replaces `request.user` by the user it authenticated; the session user is cached once read."""
    if request is None:
        return None
    user = request.__dict__.get("user")
    if user is None or (isinstance(user, SimpleLazyObject) and user._wrapped is empty):
        user = request.__dict__.get("_cached_user")
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.pk


class RequestContextFilter(logging.Filter):
    """Puts `request_id` and `user_id` on every record (`-` when unknown)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = request_id_var.get() or MISSING
        if getattr(record, "user_id", None) is None:
            record.user_id = _known_user_id(_request_var.get()) or MISSING
        return True


class RedactingFilter(logging.Filter):
    """Masks secrets in the message, its arguments and `extra` fields before anything formats them."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: let logging report it as usual
            return True
        request = getattr(record, "request", None) or _request_var.get()
        record.msg, record.args = redact_text(mask_url_secrets(message, request)), None
        for name, value in list(record.__dict__.items()):
            if name in RESERVED_ATTRS or name.startswith("_"):
                continue
            if SENSITIVE_KEY.search(name):
                setattr(record, name, MASK)
            elif isinstance(value, Mapping | list | tuple | str):
                setattr(record, name, redact(value))
        return True


class JsonFormatter(BaseJsonFormatter):
    """One JSON object per line. Django's `request` extra is left out: its repr shows the query string."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, "request", "taskName"])
        super().__init__(*args, **kwargs)


def mask_url_secrets(text: str, request: HttpRequest | None) -> str:
    """`text` without the URL parameters of `request` named like secrets (a password reset or
    e-mail verification token, a signed file link): Django's own "Bad Request: <path>" included."""
    match = getattr(request, "resolver_match", None) if isinstance(request, HttpRequest) else None
    for name, value in match.kwargs.items() if match else ():
        if SENSITIVE_KEY.search(name) and isinstance(value, str) and len(value) > 3:
            text = text.replace(value, MASK)
    return text


def _logged_path(request: HttpRequest) -> str:
    """The path without its query string, secret URL parameters masked."""
    return mask_url_secrets(request.path, request)


class RequestLogMiddleware:
    """Request id in and out, one access line per request. Place it first in MIDDLEWARE."""

    QUIET_PREFIXES = ("/health",)  # probes every few seconds: DEBUG, not INFO

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        request_id = clean_request_id(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id
        id_token, request_token = request_id_var.set(request_id), _request_var.set(request)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            self._log(request, response.status_code, started)
            return response
        finally:
            request_id_var.reset(id_token)
            _request_var.reset(request_token)

    def _log(self, request: HttpRequest, status: int, started: float) -> None:
        latency_ms = round((time.perf_counter() - started) * 1000, 1)
        path = _logged_path(request)
        level = logging.DEBUG if path.startswith(self.QUIET_PREFIXES) and status < 500 else logging.INFO
        access_logger.log(
            level,
            "%s %s %s %sms",
            request.method,
            path,
            status,
            latency_ms,
            extra={"method": request.method, "path": path, "status": status, "latency_ms": latency_ms},
        )
