"""Faults (issue 8): what the shop does when Redis, the Celery broker, the email provider or the
database fail. Each fault is made real where the test can do it deterministically: Redis and the
broker are pointed at a closed port on 127.0.0.1, the email provider is a backend that raises, the
database connection fails to open. The worker-killed fault is `bench/faults/worker_kill.py`
(`make faults`): it needs real worker processes to SIGKILL. Results: docs/benchmarks.md, "Faults".
"""

import socket
import time
from contextlib import closing, contextmanager
from datetime import timedelta
from smtplib import SMTPServerDisconnected
from unittest import mock

import pytest
from celery.exceptions import Retry
from django.core.cache import cache
from django.core.mail.backends.base import BaseEmailBackend
from django.db import InterfaceError, OperationalError, ProgrammingError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.urls import reverse
from django.utils import timezone

from catalog.tests.factories import ProductFactory
from metalpro import redis_circuit
from metalpro.celery import app
from notifications.models import OutboundEmail
from notifications.services import outbox_flush
from notifications.tasks import send_email
from rfq.models import Rfq

pytestmark = pytest.mark.django_db

ADDRESS = {"street": "Str. Fabricii 5", "city": "Cluj-Napoca", "county": "Cluj", "postalCode": "400632"}
CONTACT = {
    "companyName": "Construct Metal SRL",
    "cui": "RO14399840",
    "contactPerson": "Maria Ionescu",
    "email": "achizitii@constructmetal.ro",
    "phone": "0722 123 456",
    "billingAddress": ADDRESS,
    "deliveryAddress": ADDRESS,
    "incoterm": "DAP",
}
FAST = 2.0  # seconds: a request with a dependency down answers well within this (timeouts are 0.2 s)


def closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on: bound by us, then released."""
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def timed(call):
    started = time.perf_counter()
    response = call()
    return response, time.perf_counter() - started


@pytest.fixture
def product(db):
    return ProductFactory(title="Profil IPE 200 S235JR")


@pytest.fixture
def guest_cart(api_client, product) -> str:
    """A guest cart with one line (built while every dependency is up); returns its token."""
    return api_client.post(
        "/api/cart/items", {"productId": str(product.id), "quantity": "14", "unit": "m"}, format="json"
    ).json()["cartToken"]


def submit_rfq(api_client, token: str, capture):
    with capture(execute=True):
        return api_client.post("/api/rfq", CONTACT, format="json", HTTP_X_CART_TOKEN=token, HTTP_ACCEPT_LANGUAGE="en")


# --- 1. Redis down --------------------------------------------------------------------------------
def production_cache(location: str, *, timeout: float) -> dict:
    """The cache of settings/base.py (django-redis, errors are misses, the circuit breaker)."""
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": "metalpro",
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": timeout,
                "SOCKET_TIMEOUT": timeout,
                "CONNECTION_POOL_CLASS": "metalpro.redis_circuit.CircuitBreakerConnectionPool",
            },
        }
    }


@pytest.fixture
def redis_down(settings):
    """Redis stopped: the cache points at a closed port (connection refused at once)."""
    settings.CACHES = production_cache(f"redis://127.0.0.1:{closed_port()}/0", timeout=0.2)
    settings.RATELIMIT_ENABLE = True
    cache.close()
    yield
    cache.close()
    redis_circuit.reset()


@pytest.fixture
def redis_hung(settings):
    """Redis hangs (or its host drops packets): connections are accepted and never answered, so
    each call waits for the production socket timeout (0.5 s) unless the circuit breaker is open."""
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(64)
        settings.CACHES = production_cache(f"redis://127.0.0.1:{server.getsockname()[1]}/0", timeout=0.5)
        cache.close()
        yield
        cache.close()
    redis_circuit.reset()


@pytest.mark.parametrize(
    "path",
    ["/", "/catalog/", "product", "/api/products", "api-product", "/api/categories"],
    ids=["home", "catalog", "product-page", "api-list", "api-detail", "api-categories"],
)
def test_pages_and_api_keep_serving_with_redis_down(client, product, redis_down, path):
    url = {"product": product.get_absolute_url(), "api-product": f"/api/products/{product.id}"}.get(path, path)

    response, seconds = timed(lambda: client.get(url, HTTP_ACCEPT_LANGUAGE="en"))

    assert response.status_code == 200
    assert seconds < FAST


def test_the_page_rate_limit_fails_open_with_redis_down(client, redis_down, settings):
    settings.RATE_PAGES_AUTH = "2/15m"

    statuses = [
        client.post(reverse("accounts:login"), {"username": f"nimeni{n}@example.ro", "password": "gresita"}).status_code
        for n in range(4)
    ]

    assert statuses == [200] * 4  # the form again with its error: never 429, never 500


def test_the_api_rate_limit_fails_open_with_redis_down(api_client, redis_down, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK}
    settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {
        **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
        "auth": "2/15m",
    }

    statuses = {
        api_client.post(
            "/api/auth/login", {"email": f"nimeni{n}@example.ro", "password": "gresita"}, format="json"
        ).status_code
        for n in range(4)
    }

    assert 429 not in statuses
    assert max(statuses) < 500


def test_an_rfq_is_submitted_with_redis_down(
    api_client, guest_cart, redis_down, mailoutbox, django_capture_on_commit_callbacks
):
    response, seconds = timed(lambda: submit_rfq(api_client, guest_cart, django_capture_on_commit_callbacks))

    assert response.status_code == 201
    assert seconds < FAST
    assert Rfq.objects.filter(pk=response.json()["id"]).exists()
    assert len(mailoutbox) == 2  # buyer and operator


@pytest.mark.parametrize("path", ["/", "/api/products"], ids=["home", "api-list"])
def test_a_hung_redis_costs_one_timeout_not_one_per_cache_call(client, product, redis_hung, path):
    response, seconds = timed(lambda: client.get(path, HTTP_ACCEPT_LANGUAGE="en"))

    assert response.status_code == 200
    assert seconds < FAST  # ~0.6 s; without the breaker 5-7 s (a dozen cache calls x 0.5 s)


@pytest.mark.skipif("not __import__('os').environ.get('REDIS_URL')", reason="needs a running Redis")
def test_the_breaker_lets_redis_back_in_after_its_cooldown(settings, monkeypatch):
    from django_redis.pool import ConnectionFactory

    monkeypatch.setattr(ConnectionFactory, "_pools", {})  # pools are per URL and process: a new one
    settings.CACHES = production_cache(settings.CACHES["default"]["LOCATION"], timeout=0.5)
    cache.close()
    cache.set("probe", "cached")
    pool = cache.client.get_client().connection_pool
    assert pool.connection_class is redis_circuit.CircuitBreakerConnection
    address = (pool.connection_kwargs["host"], pool.connection_kwargs["port"])

    redis_circuit._open_until[address] = time.monotonic() + 0.3  # as after a timeout
    while_open = cache.get("probe")
    time.sleep(0.35)

    assert while_open is None  # a miss at once, Redis not even asked
    assert cache.get("probe") == "cached"
    redis_circuit.reset()


def test_readiness_says_503_with_redis_down(client, redis_down):
    response = client.get("/health/ready")

    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "error"
    assert response.json()["checks"]["database"] == "ok"


# --- 2. Celery broker down when an RFQ is submitted -----------------------------------------------
def _reset_producers() -> None:
    """Producers are pooled per broker connection: drop them so the next send uses `broker_url`."""
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def broker(url: str | None):
    """Tasks go through a broker at `url` (not eager); `None` keeps tasks eager (the broker is back
    and a worker runs them)."""
    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    if url is not None:
        app.conf.update(task_always_eager=False, broker_url=url)
        _reset_producers()
    try:
        yield
    finally:
        app.conf.update(saved)
        _reset_producers()


def backdate_outbox() -> None:
    """The beat sweep takes emails waiting longer than two minutes."""
    OutboundEmail.objects.update(created_at=timezone.now() - timedelta(minutes=5))


def test_with_the_broker_down_the_rfq_is_saved_and_its_emails_wait(
    api_client, guest_cart, mailoutbox, django_capture_on_commit_callbacks
):
    with broker(f"redis://127.0.0.1:{closed_port()}/0"):
        response, seconds = timed(lambda: submit_rfq(api_client, guest_cart, django_capture_on_commit_callbacks))

    assert response.status_code == 201
    assert seconds < 5  # kombu retries the publish a few times, then the outbox keeps the email
    assert Rfq.objects.get().reference_number == response.json()["referenceNumber"]
    assert mailoutbox == []
    assert list(OutboundEmail.objects.values_list("status", flat=True)) == ["PENDING", "PENDING"]


def test_once_the_broker_is_back_the_sweep_sends_each_email_once(
    api_client, guest_cart, mailoutbox, django_capture_on_commit_callbacks
):
    with broker(f"redis://127.0.0.1:{closed_port()}/0"):
        submit_rfq(api_client, guest_cart, django_capture_on_commit_callbacks)
    backdate_outbox()

    with broker(None), django_capture_on_commit_callbacks(execute=True):
        first = outbox_flush()
        second = outbox_flush()

    assert (first, second) == (2, 0)
    assert sorted(message.to[0] for message in mailoutbox) == ["achizitii@constructmetal.ro", "vanzari@metalpro.local"]
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"SENT"}


def test_a_duplicate_delivery_after_the_outage_sends_nothing_more(
    api_client, guest_cart, mailoutbox, django_capture_on_commit_callbacks
):
    with broker(f"redis://127.0.0.1:{closed_port()}/0"):
        submit_rfq(api_client, guest_cart, django_capture_on_commit_callbacks)
    backdate_outbox()
    with broker(None):
        outbox_flush()

    for email in OutboundEmail.objects.all():  # the original tasks, delivered late by a recovered broker
        send_email.apply(args=[str(email.pk)])

    assert len(mailoutbox) == 2
    assert set(OutboundEmail.objects.values_list("attempts", flat=True)) == {1}


@pytest.mark.skipif("not __import__('os').environ.get('REDIS_URL')", reason="needs a running Redis")
@pytest.mark.django_db(transaction=True)
def test_when_the_real_broker_is_back_the_beat_sweep_sends_through_a_worker(
    api_client, guest_cart, mailoutbox, django_capture_on_commit_callbacks, settings
):
    from celery.contrib.testing.worker import start_worker

    from notifications.tasks import flush_outbox

    with broker(f"redis://127.0.0.1:{closed_port()}/0"):
        submit_rfq(api_client, guest_cart, django_capture_on_commit_callbacks)
    backdate_outbox()

    with broker(settings.REDIS_URL):  # Redis is back: beat's flush_outbox and the emails cross it
        app.control.purge()
        with start_worker(app, pool="solo", concurrency=1, perform_ping_check=False):
            flush_outbox.delay()
            flush_outbox.delay()  # beat fires again before the worker caught up: nothing doubles
            deadline = time.monotonic() + 30
            while OutboundEmail.objects.filter(status="PENDING").exists() and time.monotonic() < deadline:
                time.sleep(0.1)
            time.sleep(1)  # any duplicate send_email would have run by now

    assert set(OutboundEmail.objects.values_list("status", "attempts")) == {("SENT", 1)}
    assert len(mailoutbox) == 2


# --- 3. Email provider failing --------------------------------------------------------------------
class FailingEmailBackend(BaseEmailBackend):
    """The email provider refuses every message."""

    def send_messages(self, email_messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def provider_down(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailingEmailBackend"


def test_a_failing_provider_leaves_the_rfq_whole_and_the_emails_failed(
    api_client, guest_cart, provider_down, mailoutbox, django_capture_on_commit_callbacks
):
    response = submit_rfq(api_client, guest_cart, django_capture_on_commit_callbacks)

    rfq = Rfq.objects.get()
    assert response.status_code == 201
    assert (rfq.status, rfq.items.count()) == ("SUBMITTED", 1)
    assert api_client.get("/api/cart", HTTP_X_CART_TOKEN=guest_cart).json()["itemCount"] == 0
    assert list(OutboundEmail.objects.values_list("status", "attempts")) == [("FAILED", 3), ("FAILED", 3)]
    assert all(
        "SMTPServerDisconnected" in error for error in OutboundEmail.objects.values_list("last_error", flat=True)
    )


def run_send_email(email_id: str, *, retries: int) -> int | None:
    """One worker attempt of `send_email` (not eager) with Celery's retry recorded: returns the
    countdown of the retry it asked for, or None when it asked for none."""
    asked = []

    def record(*, exc, countdown):
        asked.append(countdown)
        return Retry(exc=exc, when=countdown)

    send_email.push_request(retries=retries, is_eager=False, called_directly=False)
    try:
        with mock.patch.object(send_email, "retry", side_effect=record):
            send_email.run(email_id)
    except Retry:
        pass
    finally:
        send_email.pop_request()
    return asked[0] if asked else None


def test_a_failing_provider_is_retried_with_growing_backoff_then_given_up(
    provider_down, django_capture_on_commit_callbacks
):
    from notifications.tests.factories import OutboundEmailFactory

    email = OutboundEmailFactory()

    countdowns = [run_send_email(str(email.pk), retries=attempt) for attempt in range(3)]

    email.refresh_from_db()
    assert countdowns == [30, 60, None]  # seconds to the next attempt; the third attempt is the last
    assert (email.status, email.attempts) == (OutboundEmail.Status.FAILED, 3)


def test_operators_find_the_failed_email_in_the_admin(
    operator_client, api_client, guest_cart, provider_down, django_capture_on_commit_callbacks
):
    submit_rfq(api_client, guest_cart, django_capture_on_commit_callbacks)

    response = operator_client.get(
        reverse("admin:notifications_outboundemail_changelist"), {"status__exact": "FAILED"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert len(response.context["cl"].result_list) == 2
    assert "SMTPServerDisconnected" in response.content.decode()
    assert "retry" in dict(response.context["action_form"].fields["action"].choices)


# --- 4. Database down -----------------------------------------------------------------------------
@contextmanager
def database_down(error=OperationalError):
    """Opening a database connection fails (connection refused, as when PostgreSQL is stopped)."""
    message = 'connection to server at "127.0.0.1", port 5432 failed: Connection refused'
    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", side_effect=error(message)):
        yield


def without_internals(body: str) -> bool:
    return not any(word in body for word in ("Traceback", "OperationalError", "Connection refused", "5432"))


def test_with_the_database_down_a_page_is_a_friendly_503(client, product):
    client.raise_request_exception = False

    with database_down():
        response = client.get("/catalog/", HTTP_ACCEPT_LANGUAGE="en")

    body = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "<h1>" in body
    assert without_internals(body)


def test_with_the_database_down_the_api_answers_503_json(api_client, product):
    with database_down():
        response = api_client.get("/api/products", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json()["code"] == "service_unavailable"
    assert set(response.json()) == {"error", "code", "details"}
    assert without_internals(response.content.decode())


@pytest.mark.parametrize("error", [OperationalError, InterfaceError], ids=["operational", "interface"])
def test_a_database_outage_in_a_middleware_is_a_503_too(client, user, error):
    client.force_login(user)  # the session middleware and the user lookup need the database first
    client.raise_request_exception = False

    with database_down(error):
        response = client.get(reverse("accounts:overview"), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 503
    assert without_internals(response.content.decode())


def test_the_site_recovers_by_itself_when_the_database_is_back(client, api_client, product):
    client.raise_request_exception = False
    with database_down():
        assert client.get("/catalog/").status_code == 503
        assert api_client.get("/api/products").status_code == 503

    assert client.get("/catalog/").status_code == 200
    assert api_client.get("/api/products").json()["count"] == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_real_refused_postgresql_connection_is_503_then_recovers(client, api_client, product):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    client.raise_request_exception = False
    port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = closed_port()  # PostgreSQL "stopped"
    try:
        page, seconds = timed(lambda: client.get("/catalog/"))
        api = api_client.get("/api/products")
    finally:
        connection.close()
        connection.settings_dict["PORT"] = port  # PostgreSQL is back

    assert (page.status_code, api.status_code) == (503, 503)
    assert seconds < FAST
    assert without_internals(page.content.decode())
    assert api_client.get("/api/products").json()["count"] == 1
    assert client.get("/catalog/").status_code == 200


def test_a_programming_error_is_still_a_500(client):
    client.raise_request_exception = False

    with database_down(ProgrammingError):
        response = client.get("/catalog/")

    assert response.status_code == 500


# --- 5. Worker killed mid-task --------------------------------------------------------------------
@pytest.fixture
def drill_environment(tmp_path):
    """The environment of bench/faults/worker_kill.py: this test's PostgreSQL database (the drill's
    workers write to it) and the Redis of REDIS_URL (the drill uses a queue and keys of its own)."""
    import os

    from django.db import connection

    if connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"):
        pytest.skip("needs PostgreSQL and Redis")
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))}
    return {**inherited, "DATABASE_URL": url, "MEDIA_ROOT": str(tmp_path / "media")}


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("scenario", ["node", "process"])
def test_a_task_whose_worker_is_killed_is_retried_and_done_once(drill_environment, scenario):
    import json
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    script = [sys.executable, "bench/faults/worker_kill.py", "--json", "--scenario", scenario]
    run = subprocess.run(script, cwd=root, env=drill_environment, capture_output=True, text=True, timeout=120)

    outcome = json.loads(run.stdout)[0]
    assert run.returncode == 0, run.stderr[-2000:]
    assert (outcome["status"], outcome["attempts"], outcome["rows"]) == ("DONE", 2, 2)
    assert outcome["redelivered"] == 1  # acks_late: the killed delivery came back from the broker
    assert outcome["later_deliveries_changed_nothing"]
    assert outcome["broker_left_clean"]
