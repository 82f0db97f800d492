"""Rate limits for the API (CONTRACT §4: 429 with Retry-After), Redis-backed through the cache.

Rates read like "100/15m" or "10/1h": a count per window of N seconds/minutes/hours/days. They are
read from settings on every request (so tests and operators can change them) and switched off
with RATELIMIT_ENABLE=0. A cache outage lets requests through (the cache reads as empty).
"""

import re

from django.conf import settings
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

_RATE = re.compile(r"^(\d+)/(\d*)([smhd])")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str | None) -> tuple[int | None, int | None]:
    if not rate:
        return None, None
    match = _RATE.match(rate)
    if not match:
        raise ValueError(f"Bad rate {rate!r}: expected e.g. '100/15m'")
    count, multiplier, unit = match.groups()
    return int(count), int(multiplier or 1) * _UNIT_SECONDS[unit]


class WindowRateThrottle(SimpleRateThrottle):
    """Counts per user when authenticated, per client IP otherwise."""

    scope = "api"

    def __init__(self) -> None:  # the rate is resolved per request, not at import time
        pass

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def parse_rate(self, rate):
        return parse_rate(rate)

    def allow_request(self, request, view) -> bool:
        if not settings.RATELIMIT_ENABLE:
            return True
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view) -> str:
        user = getattr(request, "user", None)
        ident = f"user-{user.pk}" if user is not None and user.is_authenticated else self.get_ident(request)
        return f"throttle:{self.scope}:{ident}"


class GeneralApiThrottle(WindowRateThrottle):
    scope = "api"


class AuthThrottle(WindowRateThrottle):
    """Login, signup and password reset: per IP, whoever the caller says they are."""

    scope = "auth"

    def get_cache_key(self, request, view) -> str:
        return f"throttle:{self.scope}:{self.get_ident(request)}"


class AdminThrottle(WindowRateThrottle):
    scope = "admin"


class RfqThrottle(WindowRateThrottle):
    scope = "rfq"


class BomUploadThrottle(WindowRateThrottle):
    scope = "bom"
