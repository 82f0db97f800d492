"""Health endpoints (CONTRACT §4): `/health` and `/health/ready` check every dependency,
`/health/live` only says the process answers (a liveness probe must not restart the web tier
because the database is down). `/health/ready` also reports the Celery queue depth (ADR 0003)."""

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
PRIORITY_SEPARATOR = "\x06\x16"


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


def queue_depths(*, broker: str) -> dict[str, int | None]:
    """Messages waiting in the default Celery queue (LLEN on a Redis broker, every priority list
    included); `None` when unknown: eager tasks, another broker, or the broker down."""
    name = getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")
    url = settings.CELERY_BROKER_URL
    if broker != OK or not url.startswith(("redis://", "rediss://")):
        return {name: None}
    # kombu's Redis transport keeps priorities 3, 6 and 9 in lists named "<queue>\x06\x16<priority>".
    keys = [name, *(f"{name}{PRIORITY_SEPARATOR}{priority}" for priority in (3, 6, 9))]
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        with client.pipeline(transaction=False) as pipe:
            for key in keys:
                pipe.llen(key)
            return {name: sum(pipe.execute())}
    except Exception:
        logger.warning("health: queue depth unavailable", exc_info=True)
        return {name: None}


def _report(checks: dict[str, str], queues: dict[str, int | None] | None = None) -> JsonResponse:
    healthy = all(result != ERROR for result in checks.values())
    body: dict = {"status": "ok" if healthy else "error", "checks": checks}
    if queues is not None:
        body["queues"] = queues
        limit = settings.HEALTH_QUEUE_MAX
        if healthy and limit and any(depth is not None and depth > limit for depth in queues.values()):
            body["status"] = "degraded"  # still 200: a backlog is no reason to take the web tier out
    return JsonResponse(body, status=200 if healthy else 503)


@never_cache
@require_GET
def ready(request):
    broker = check_broker()
    checks = {"database": check_database(), "cache": check_cache(), "broker": broker}
    return _report(checks, queue_depths(broker=broker))


@never_cache
@require_GET
def live(request):
    return _report({"database": SKIPPED, "cache": SKIPPED, "broker": SKIPPED})
