from unittest import mock

import pytest
from django.db import OperationalError

from catalog.tests.test_cache import DEAD_REDIS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/health", "/health/ready"])
def test_health_reports_every_dependency(client, path):
    response = client.get(path)

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "skipped"},  # eager Celery in tests
    }


def test_live_only_says_the_process_answers(client):
    with mock.patch("metalpro.health.check_database") as check:
        response = client.get("/health/live")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    check.assert_not_called()


def test_database_down_is_503(client):
    with mock.patch("metalpro.health.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/health")

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "error"


def test_cache_down_is_503(client, settings):
    settings.CACHES = DEAD_REDIS

    response = client.get("/health/ready")

    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "error", "broker": "skipped"}


def test_broker_down_is_503(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"

    response = client.get("/health")

    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "error"


@pytest.mark.skipif("not __import__('os').environ.get('REDIS_URL')", reason="needs a running Redis")
def test_broker_up_is_ok(client, settings):
    import os

    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = os.environ["REDIS_URL"]

    assert client.get("/health").json()["checks"]["broker"] == "ok"
