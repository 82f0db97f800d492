"""Where events wait for `events_flush`: a Redis list when the cache is Redis (shared by every
process; RPUSH is one round trip), else a bounded list in this process (the embedded default, tests).

Recording never raises: with Redis down the event is dropped and logged at debug level.
"""

import json
import logging
import threading
from collections import deque

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

KEY = "analytics:events"
MAX_LOCAL_EVENTS = 10_000  # in-process: the oldest go first when nobody flushes

_local: deque[str] = deque(maxlen=MAX_LOCAL_EVENTS)
_local_lock = threading.Lock()


def uses_redis() -> bool:
    return settings.CACHES["default"]["BACKEND"].startswith("django_redis")


def _redis():
    from django_redis import get_redis_connection

    return get_redis_connection("default")


def push(event: dict) -> None:
    payload = json.dumps(event, separators=(",", ":"))
    if not uses_redis():
        _local.append(payload)
        return
    try:
        _redis().rpush(cache.make_key(KEY), payload)
    except Exception:
        logger.debug("analytics event dropped: Redis unavailable", exc_info=True)


def drain(limit: int) -> list[dict]:
    """Take up to `limit` of the oldest events, atomically (no event is taken twice)."""
    if uses_redis():
        key = cache.make_key(KEY)
        pipe = _redis().pipeline(transaction=True)  # MULTI: LRANGE + LTRIM, works on every Redis version
        pipe.lrange(key, 0, limit - 1)
        pipe.ltrim(key, limit, -1)
        payloads = pipe.execute()[0]
    else:
        with _local_lock:
            payloads = [_local.popleft() for _ in range(min(limit, len(_local)))]
    events = []
    for payload in payloads:
        try:
            event = json.loads(payload)
        except ValueError:
            continue
        if isinstance(event, dict):
            events.append(event)
    return events


def size() -> int:
    if uses_redis():
        return _redis().llen(cache.make_key(KEY))
    return len(_local)


def clear() -> None:
    if uses_redis():
        _redis().delete(cache.make_key(KEY))
    with _local_lock:
        _local.clear()
