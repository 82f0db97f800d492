"""Error reporting (Sentry): only when SENTRY_DSN is set, and without personal data or secrets.

sentry-sdk already drops most personal data with `send_default_pii=False` and masks a list of
secret keys (`EventScrubber`). `scrub_event` goes further, on errors and performance
transactions alike: no cookies, no request body, only harmless headers, query strings and messages
with their secret values masked, and of the user only the id.
"""

from typing import Any

import sentry_sdk
from sentry_sdk.scrubber import DEFAULT_DENYLIST, EventScrubber

# Headers worth keeping in a report; everything else (Authorization, Cookie, X-Cart-Token, ...) goes.
SAFE_HEADERS = frozenset(
    {"accept", "accept-encoding", "accept-language", "content-length", "content-type", "host", "referer",
     "user-agent", "x-forwarded-proto", "x-request-id"}
)  # fmt: skip
DENYLIST = [*DEFAULT_DENYLIST, "checksumhash", "card", "card_number", "cvv", "x_cart_token", "cart_token", "iban"]


def sentry_init(
    *, dsn: str, environment: str = "production", release: str | None = None, traces_sample_rate=0.0
) -> bool:
    """Start reporting to Sentry when `dsn` is set; return whether it did."""
    if not dsn:
        return False
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.integrations.redis import RedisIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        integrations=[DjangoIntegration(), CeleryIntegration(), RedisIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        event_scrubber=EventScrubber(denylist=DENYLIST, recursive=True),
        before_send=scrub_event,
        before_send_transaction=scrub_event,
        traces_sample_rate=traces_sample_rate,
    )
    return True


def scrub_event(event: dict[str, Any], hint: dict | None = None) -> dict[str, Any]:
    """`event` without cookies, bodies, secret headers and query values, or user fields but the id."""
    from metalpro.logging import redact_text

    request = event.get("request")
    if isinstance(request, dict):
        for key in ("cookies", "data", "env"):
            request.pop(key, None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {k: v for k, v in headers.items() if str(k).lower() in SAFE_HEADERS}
        if isinstance(request.get("query_string"), str):
            request["query_string"] = redact_text(request["query_string"])
        if isinstance(request.get("url"), str):
            request["url"] = redact_text(request["url"].split("?", 1)[0])
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {"id": user["id"]} if "id" in user else {}
    if isinstance(event.get("message"), str):
        event["message"] = redact_text(event["message"])
    logentry = event.get("logentry")
    if isinstance(logentry, dict):
        for key in ("message", "formatted"):
            if isinstance(logentry.get(key), str):
                logentry[key] = redact_text(logentry[key])
        logentry.pop("params", None)
    breadcrumbs = event.get("breadcrumbs")
    values = breadcrumbs.get("values") if isinstance(breadcrumbs, dict) else breadcrumbs
    for crumb in values if isinstance(values, list) else ():
        if isinstance(crumb, dict) and isinstance(crumb.get("message"), str):
            crumb["message"] = redact_text(crumb["message"])
    return event
