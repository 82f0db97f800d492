"""Request ids, the access log, task log lines carrying the request's id, and redaction
(metalpro/logging.py, metalpro/celery.py), read through the console handler as settings.LOGGING
configures it."""

import copy
import io
import json
import logging
import logging.config
import re
from unittest import mock

import pytest
from celery import shared_task
from celery.app.trace import trace_task
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from metalpro.celery import app as celery_app
from metalpro.logging import REQUEST_ID_HEADER, RequestLogMiddleware, request_id_var

HEX_ID = re.compile(r"[0-9a-f]{32}")
logger = logging.getLogger("metalpro.tests.logging")


@shared_task(name="metalpro.tests.log_something")
def log_something(text: str) -> None:
    logger.info("task says %s", text)


@pytest.fixture
def log_output(settings):
    """`log_output("text" | "json")` -> a stream receiving every log line as the console handler of
    settings.LOGGING writes it (its formatter and filters), until the test ends."""
    handlers = []

    def capture(fmt: str = "text") -> io.StringIO:
        configurator = logging.config.DictConfigurator(copy.deepcopy(settings.LOGGING))
        console = configurator.config["handlers"]["console"]
        stream = io.StringIO()
        handler = logging.StreamHandler(stream)
        handler.setFormatter(configurator.configure_formatter(configurator.config["formatters"][fmt]))
        for name in console["filters"]:
            handler.addFilter(configurator.configure_filter(configurator.config["filters"][name]))
        logging.getLogger().addHandler(handler)
        handlers.append(handler)
        return stream

    yield capture
    for handler in handlers:
        logging.getLogger().removeHandler(handler)


def access_records(stream: io.StringIO) -> list[dict]:
    records = [json.loads(line) for line in stream.getvalue().splitlines()]
    return [record for record in records if record["logger"] == "metalpro.access"]


# --- Request id ---------------------------------------------------------------------------------


def test_a_request_without_an_id_gets_a_new_one_in_the_response(client, db):
    response = client.get("/health/live")

    assert HEX_ID.fullmatch(response[REQUEST_ID_HEADER])


def test_an_incoming_request_id_is_kept(client, db):
    response = client.get("/health/live", HTTP_X_REQUEST_ID="lb-7f3a.01_x")

    assert response[REQUEST_ID_HEADER] == "lb-7f3a.01_x"


@pytest.mark.parametrize(
    "incoming",
    ["", "a b", "<script>alert(1)</script>", "id\r\nSet-Cookie: x=1", "x" * 65, "ăîș"],
    ids=["empty", "space", "markup", "header-injection", "too-long", "non-ascii"],
)
def test_a_malformed_request_id_is_replaced(client, db, incoming):
    response = client.get("/health/live", HTTP_X_REQUEST_ID=incoming)

    assert HEX_ID.fullmatch(response[REQUEST_ID_HEADER])


# --- Access log ---------------------------------------------------------------------------------


def test_one_access_line_per_request_with_status_latency_and_request_id(client, db, log_output):
    stream = log_output("json")

    response = client.get("/robots.txt?token=s3cr3t-value")

    [record] = access_records(stream)
    assert (record["method"], record["path"], record["status"]) == ("GET", "/robots.txt", 200)
    assert isinstance(record["latency_ms"], float)
    assert record["latency_ms"] >= 0
    assert record["request_id"] == response[REQUEST_ID_HEADER]
    assert record["user_id"] == "-"
    assert "s3cr3t-value" not in stream.getvalue()


def test_the_access_line_has_the_user_of_a_bearer_token(auth_client, user, log_output):
    stream = log_output("json")

    response = auth_client.get("/api/users/me", HTTP_ACCEPT_LANGUAGE="en")

    [record] = access_records(stream)
    assert response.status_code == 200
    assert record["user_id"] == str(user.pk)


def test_the_access_line_has_the_user_of_a_session(client, user, log_output):
    client.force_login(user)
    stream = log_output("json")

    client.get(reverse("accounts:overview"))

    assert access_records(stream)[0]["user_id"] == str(user.pk)


def test_the_access_line_of_a_server_error_has_status_500(client, db, log_output):
    stream = log_output("json")
    client.raise_request_exception = False

    with mock.patch("metalpro.health.check_database", side_effect=RuntimeError("boom")):
        client.get("/health")

    assert access_records(stream)[0]["status"] == 500


def test_a_token_in_the_url_path_is_masked_in_the_access_line(client, db, log_output):
    stream = log_output("json")

    client.get(reverse("accounts:verify-email", args=["Mg.s3cr3t-link-token"]))

    assert "s3cr3t-link-token" not in stream.getvalue()
    assert "/***/" in access_records(stream)[0]["path"]


def test_health_probes_are_not_logged_at_info(client, db, log_output):
    stream = log_output("json")

    client.get("/health/live")

    assert access_records(stream) == []


def test_every_line_of_a_request_carries_its_id(rf, log_output):
    stream = log_output("text")

    def view(request):
        logger.warning("inside the view")
        return HttpResponse("ok")

    RequestLogMiddleware(view)(rf.get("/x", HTTP_X_REQUEST_ID="req-1"))
    logger.warning("after the request")

    lines = stream.getvalue().splitlines()
    assert "[req-1 user=-] inside the view" in lines[0]
    assert "[- user=-] after the request" in lines[-1]


def test_the_json_format_writes_one_valid_object_per_line(rf, log_output):
    stream = log_output("json")

    def view(request):
        logger.warning("inside %s", "the view", extra={"order": "MP-1"})
        return HttpResponse("ok")

    RequestLogMiddleware(view)(rf.get("/x", HTTP_X_REQUEST_ID="req-2"))

    records = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert records[0]["message"] == "inside the view"
    assert records[0]["order"] == "MP-1"
    assert {record["request_id"] for record in records} == {"req-2"}
    assert {"time", "level", "logger"} <= set(records[0])


# --- Celery -------------------------------------------------------------------------------------


def test_an_eager_task_logs_with_the_id_of_the_request_that_queued_it(rf, log_output):
    stream = log_output("text")

    def view(request):
        log_something.delay("hello")
        return HttpResponse("ok")

    RequestLogMiddleware(view)(rf.get("/x", HTTP_X_REQUEST_ID="req-3"))

    assert "[req-3 user=-] task says hello" in stream.getvalue()


def test_a_worker_runs_a_task_under_the_id_of_the_request_that_queued_it(db, log_output):
    stream = log_output("text")
    token, eager = request_id_var.set("req-4"), celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        with celery_app.connection_for_write() as connection:
            log_something.apply_async(args=["from the queue"], connection=connection, queue="test-logging")
            message = connection.SimpleQueue("test-logging").get(timeout=2)
            message.ack()
    finally:
        celery_app.conf.task_always_eager = eager
        request_id_var.reset(token)

    # What the worker does with the message: the id travels in the headers.
    args, kwargs, _embed = message.decode()
    trace_task(
        log_something, message.headers["id"], args, kwargs, request=dict(message.headers), eager=False, app=celery_app
    )

    assert message.headers["request_id"] == "req-4"
    assert "[req-4 user=-] task says from the queue" in stream.getvalue()


# --- Redaction ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "args", "secret"),
    [
        ("login password=%s ok", ("hunter2-Secret",), "hunter2-Secret"),
        ("headers: Authorization: Bearer %s", ("eyJhbGciOi.payload.sig",), "eyJhbGciOi"),
        ("paytm callback CHECKSUMHASH=%s", ("aBc+/123==",), "aBc+/123=="),
        ("body %s", ({"email": "a@b.ro", "password": "hunter2-Secret"},), "hunter2-Secret"),
        ('json {"refresh_token": "%s"}', ("tok-123456",), "tok-123456"),
        ("GET /cb?x=1&token=%s", ("tok-123456",), "tok-123456"),
        ("card_number=%s", ("4111111111111111",), "4111111111111111"),
        ("Cookie: sessionid=%s", ("abcsession",), "abcsession"),
    ],
    ids=["password", "bearer", "checksumhash", "dict-arg", "json-text", "query", "card", "cookie"],
)
def test_secret_values_in_messages_are_masked(log_output, message, args, secret):
    stream = log_output("text")

    logger.warning(message, *args)

    assert secret not in stream.getvalue()
    assert "***" in stream.getvalue()


def test_secret_values_in_extra_fields_are_masked(log_output):
    stream = log_output("json")

    logger.warning(
        "payment", extra={"token": "tok-1", "payload": {"cardNumber": "4111", "amount": "12.50"}, "order": "MP-9"}
    )

    record = json.loads(stream.getvalue())
    assert record["token"] == "***"
    assert record["payload"] == {"cardNumber": "***", "amount": "12.50"}
    assert record["order"] == "MP-9"


def test_ordinary_key_values_are_kept(log_output):
    stream = log_output("text")

    logger.warning("cart=%s status=%s user=%s", "c-1", "PAID", 7)

    assert "cart=c-1 status=PAID user=7" in stream.getvalue()


def test_a_request_object_is_not_written_to_json_lines(log_output):
    stream = log_output("json")

    logger.warning("Not Found: /x", extra={"request": RequestFactory().get("/x?token=abc"), "status_code": 404})

    record = json.loads(stream.getvalue())
    assert "request" not in record
    assert record["status_code"] == 404
