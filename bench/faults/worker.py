"""The Celery app of the worker-kill drill: the project's app, with BOM reading slowed down by
FAULTS_TASK_SECONDS (so that the kill lands mid-task, after the upload was claimed) and the
claim's staleness shortened to FAULTS_STALE_SECONDS (production: 10 minutes). Every delivery of
a task is written to FAULTS_DELIVERIES (task id, 1 when the broker flagged it redelivered)."""

import os
import time
from datetime import timedelta

from celery.signals import task_prerun, worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.faults.settings")

from metalpro.celery import app

__all__ = ["app"]


@worker_process_init.connect
def _slow_down_bom_reading(**kwargs) -> None:
    from projects.services import bom

    seconds = float(os.environ.get("FAULTS_TASK_SECONDS", "3"))
    read = bom.bom_read

    def slow_read(*args, **kw):
        time.sleep(seconds)
        return read(*args, **kw)

    bom.bom_read = slow_read
    bom.STALE_AFTER = timedelta(seconds=float(os.environ.get("FAULTS_STALE_SECONDS", "2")))


@task_prerun.connect
def _record_delivery(task=None, **kwargs) -> None:
    path = os.environ.get("FAULTS_DELIVERIES")
    if path and task is not None:
        redelivered = int(bool((task.request.delivery_info or {}).get("redelivered")))
        with open(path, "a") as deliveries:
            deliveries.write(f"{task.request.id} {redelivered}\n")
