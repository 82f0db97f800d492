"""A real Celery worker (a thread consuming from the real broker: Redis in CI, memory otherwise)
reads an upload posted through the API: nothing eager, the task crosses the broker."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from metalpro.celery import app
from projects.models import BomUpload
from projects.tests.files import as_upload, simple_bom


def _reset_producers() -> None:
    """Producers are pooled per broker connection: drop them so the next send uses `broker_url`."""
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def worker():
    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    app.conf.update(task_always_eager=False, broker_url=settings.REDIS_URL or "memory://")
    _reset_producers()
    app.control.purge()  # nothing left over from an earlier run is taken for this one
    try:
        with start_worker(app, pool="solo", concurrency=1, perform_ping_check=False) as worker:
            yield worker
    finally:
        app.conf.update(saved)
        _reset_producers()


def wait_for(upload_id, timeout: float = 30.0) -> BomUpload:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        upload = BomUpload.objects.get(pk=upload_id)
        if upload.status in (BomUpload.Status.DONE, BomUpload.Status.FAILED):
            return upload
        time.sleep(0.1)
    raise AssertionError(f"upload still {upload.status} after {timeout}s")


@pytest.mark.django_db(transaction=True)
def test_a_worker_reads_and_maps_an_upload_sent_through_the_broker(auth_client, bom_catalog, worker):
    content = simple_bom(("Profil IPE 200", "S355J2", "24", "ml"), ("Surub M16x60", "", "100", "buc"))
    response = auth_client.post("/api/upload/bom", {"file": as_upload(content)}, format="multipart")
    assert response.status_code == 202
    assert response.json()["status"] in {"PENDING", "PROCESSING", "DONE"}  # the worker may already be on it

    upload = wait_for(response.json()["id"])

    assert upload.status == BomUpload.Status.DONE
    assert upload.attempts == 1
    assert [row["sku"] for row in upload.rows] == ["IPE-200-S355J2", None]
    assert auth_client.get(f"/api/upload/bom/{upload.pk}").json()["summary"]["matched"] == 1
