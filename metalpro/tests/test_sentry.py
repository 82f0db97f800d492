"""Sentry: off without a DSN; with one, events leave without cookies, bodies, secrets or user fields."""

from unittest import mock

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.redis import RedisIntegration

from metalpro.sentry import scrub_event, sentry_init


def test_nothing_is_reported_without_a_dsn():
    with mock.patch("sentry_sdk.init") as init:
        started = sentry_init(dsn="")

    assert started is False
    init.assert_not_called()
    assert not sentry_sdk.get_client().is_active()  # the test settings have no SENTRY_DSN either


def test_a_dsn_starts_sentry_without_personal_data_and_with_the_scrubber():
    with mock.patch("sentry_sdk.init") as init:
        started = sentry_init(dsn="https://key@sentry.example/1", environment="staging", traces_sample_rate=0.1)

    options = init.call_args.kwargs
    assert started is True
    assert options["dsn"] == "https://key@sentry.example/1"
    assert options["send_default_pii"] is False
    assert options["max_request_body_size"] == "never"
    assert options["before_send"] is scrub_event
    assert options["before_send_transaction"] is scrub_event
    assert {type(integration) for integration in options["integrations"]} == {
        DjangoIntegration,
        CeleryIntegration,
        RedisIntegration,
    }
    assert (options["environment"], options["traces_sample_rate"]) == ("staging", 0.1)


def event() -> dict:
    return {
        "message": "payment failed CHECKSUMHASH=abc123==",
        "request": {
            "url": "https://metalpro.ro/api/orders/pay?token=url-secret",
            "method": "POST",
            "query_string": "page=2&token=qs-secret",
            "cookies": {"sessionid": "cookie-secret"},
            "data": {"password": "body-secret"},
            "env": {"REMOTE_ADDR": "10.0.0.7"},
            "headers": {
                "Authorization": "Bearer header-secret",
                "Cookie": "sessionid=cookie-secret",
                "X-Cart-Token": "cart-secret",
                "User-Agent": "Mozilla/5.0",
                "X-Request-ID": "req-1",
            },
        },
        "user": {"id": "42", "email": "buyer@example.ro", "ip_address": "10.0.0.7", "username": "buyer"},
        "logentry": {
            "message": "login password=%s",
            "params": ["log-secret"],
            "formatted": "login password=log-secret",
        },
        "breadcrumbs": {"values": [{"message": "GET /cb?token=crumb-secret", "category": "httplib"}]},
    }


def test_the_scrubber_leaves_no_secret_in_the_event():
    scrubbed = scrub_event(event(), {})

    text = repr(scrubbed)
    for secret in ("url-secret", "qs-secret", "cookie-secret", "body-secret", "header-secret", "cart-secret",
                   "abc123", "log-secret", "crumb-secret", "buyer@example.ro", "10.0.0.7"):  # fmt: skip
        assert secret not in text


def test_the_scrubber_keeps_what_helps_to_debug():
    scrubbed = scrub_event(event(), {})

    assert scrubbed["user"] == {"id": "42"}
    assert scrubbed["request"]["headers"] == {"User-Agent": "Mozilla/5.0", "X-Request-ID": "req-1"}
    assert scrubbed["request"]["query_string"] == "page=2&token=***"
    assert scrubbed["request"]["url"] == "https://metalpro.ro/api/orders/pay"
    assert scrubbed["request"]["method"] == "POST"


def test_the_scrubber_accepts_an_event_without_request_or_user():
    assert scrub_event({"message": "worker lost"}, None) == {"message": "worker lost"}
