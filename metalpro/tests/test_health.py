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
        "queues": {"celery": None},  # no broker to count messages on
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


def test_the_queue_depth_is_unknown_when_the_broker_is_down(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"

    assert client.get("/health").json()["queues"] == {"celery": None}


needs_redis = pytest.mark.skipif("not __import__('os').environ.get('REDIS_URL')", reason="needs a running Redis")


@pytest.fixture
def redis_broker(settings):
    """The Redis of REDIS_URL as the broker, with a default queue of this test's own (no clash with
    other tests or workers on the same database); yields (connection, queue name)."""
    import os
    import uuid

    import redis

    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = os.environ["REDIS_URL"]
    settings.CELERY_TASK_DEFAULT_QUEUE = queue = f"health-test-{uuid.uuid4().hex}"
    keys = [queue, *(f"{queue}\x06\x16{priority}" for priority in (3, 6, 9))]
    connection = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    yield connection, queue
    connection.delete(*keys)


@needs_redis
def test_the_queue_depth_counts_waiting_messages_of_every_priority(client, redis_broker):
    connection, queue = redis_broker
    connection.rpush(queue, "a", "b")
    connection.rpush(f"{queue}\x06\x169", "c")

    response = client.get("/health/ready")

    assert response.status_code == 200
    assert response.json()["queues"] == {queue: 3}
    assert response.json()["status"] == "ok"


@needs_redis
def test_a_queue_longer_than_the_limit_is_degraded_but_still_200(client, redis_broker, settings):
    connection, queue = redis_broker
    settings.HEALTH_QUEUE_MAX = 1
    connection.rpush(queue, "a", "b")

    response = client.get("/health/ready")

    assert response.status_code == 200
    assert response.json()["status"] == "degraded"


@needs_redis
def test_a_queue_within_the_limit_is_ok(client, redis_broker, settings):
    connection, queue = redis_broker
    settings.HEALTH_QUEUE_MAX = 5
    connection.rpush(queue, "a", "b")

    assert client.get("/health/ready").json()["status"] == "ok"
