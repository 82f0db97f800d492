"""Health endpoints (CONTRACT §4): `/health` and `/health/ready` check every dependency,
`/health/live` only says the process answers (a liveness probe must not restart the web tier
because the database is down)."""

import logging
import uuid

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import Connection

logger = logging.getLogger(__name__)

OK, ERROR, SKIPPED = "ok", "error", "skipped"


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.warning("health: database unavailable", exc_info=True)
        return ERROR
    return OK


def check_cache() -> str:
    """A round trip through the cache; with Redis down the write is a silent miss, so compare."""
    key, value = "health:probe", uuid.uuid4().hex
    try:
        cache.set(key, value, 10)
        return OK if cache.get(key) == value else ERROR
    except Exception:
        logger.warning("health: cache unavailable", exc_info=True)
        return ERROR


def check_broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return SKIPPED  # tasks run in-process; there is no broker to depend on
    url = settings.CELERY_BROKER_URL
    try:
        if url.startswith(("redis://", "rediss://")):
            redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
        else:
            with Connection(url, connect_timeout=1) as conn:
                conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
    except Exception:
        logger.warning("health: broker unavailable", exc_info=True)
        return ERROR
    return OK


def _report(checks: dict[str, str]) -> JsonResponse:
    healthy = all(result != ERROR for result in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)


@never_cache
@require_GET
def ready(request):
    return _report({"database": check_database(), "cache": check_cache(), "broker": check_broker()})


@never_cache
@require_GET
def live(request):
    return _report({"database": SKIPPED, "cache": SKIPPED, "broker": SKIPPED})
