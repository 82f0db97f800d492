"""Benchmark settings: production settings plus a trivial page (the ceiling of this stack).

BENCH_CACHE=dummy turns every cache into a no-op, for the "cold" numbers.
"""

from metalpro.settings.production import *  # noqa: F403
from metalpro.settings.production import BASE_DIR, TEMPLATES, env

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
STATIC_ROOT = env("STATIC_ROOT")
if env("BENCH_CACHE", default="") == "dummy":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
