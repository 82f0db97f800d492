"""Settings of the worker-kill drill (bench/faults/worker_kill.py): the base settings with a real
Redis broker, a queue and unacked keys of the drill's own (no other worker takes or restores its
messages), and a short visibility timeout so that a killed worker's task comes back in seconds
(production keeps kombu's default of one hour, see docs/benchmarks.md "Faults")."""

from metalpro.settings.base import *  # noqa: F403
from metalpro.settings.base import CELERY_BROKER_TRANSPORT_OPTIONS, SECRET_KEY, env

SECRET_KEY = SECRET_KEY or "django-insecure-faults-drill-only-0123456789abcdefghijklmnop"
DEBUG = False
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
_drill = env("FAULTS_DRILL_ID", default="faults")
CELERY_TASK_DEFAULT_QUEUE = f"{_drill}-queue"
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,
    "visibility_timeout": env.int("FAULTS_VISIBILITY_TIMEOUT", default=4),
    "unacked_restore_interval": 1,  # look for abandoned messages every second (default 10 x 10 s)
    "unacked_restore_throttle": 1,
    "unacked_key": f"{_drill}-unacked",
    "unacked_index_key": f"{_drill}-unacked_index",
    "unacked_mutex_key": f"{_drill}-unacked_mutex",
}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
