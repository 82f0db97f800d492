"""Test run: SQLite in memory by default, PostgreSQL + Redis when DATABASE_URL / REDIS_URL are set."""

import os

from .base import *  # noqa: F403
from .base import CACHES, REDIS_URL, SECRET_KEY

SECRET_KEY = SECRET_KEY or "django-insecure-test-only-0123456789abcdefghijklmnopqrstu"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
PAYTM_SANDBOX_ENABLED = True  # the simulator stands in for Paytm (DEBUG is off in tests)

if REDIS_URL:
    # One Redis database per pytest-xdist worker, so that cache.clear() between tests (a FLUSHDB)
    # never touches another worker's keys.
    _worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    _db = 1 + int(_worker or 0) % 15
    CACHES["default"]["LOCATION"] = REDIS_URL.rsplit("/", 1)[0] + f"/{_db}"
    CACHES["default"]["KEY_PREFIX"] = f"metalpro-test-{_db}"
    # One slow Redis reply on a busy CI machine must not turn the next 5 s of cache hits into misses:
    # the circuit breaker is tested on its own (metalpro/tests/test_faults.py).
    CACHES["default"]["OPTIONS"].pop("CONNECTION_POOL_CLASS", None)

STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
