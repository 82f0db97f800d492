"""The buffer and its flush: batched writes, nothing personal, Redis when there is one, never an error."""

import os
import time
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from analytics import buffer
from analytics.models import Event
from analytics.services import event_record, events_flush
from analytics.tasks import flush_events, purge_events
from analytics.tests.factories import EventFactory
from catalog.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def inserts(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].startswith("INSERT") and "analytics_event" in q["sql"]]


def test_a_flush_writes_every_buffered_event_in_one_insert_and_empties_the_buffer():
    product = ProductFactory()
    event_record("search", query="  Țeavă  40 x 40 x 3 ", results=12)
    event_record("view", product=product.pk, query="teava 40x40x3")
    event_record("cart_add", product=product.pk)
    event_record("rfq")
    event_record("order")
    with CaptureQueriesContext(connection) as queries:
        assert flush_events.delay().get() == 5
    assert len(inserts(queries)) == 1
    assert buffer.size() == 0
    rows = list(Event.objects.order_by("id").values_list("kind", "query", "results", "product_id"))
    assert rows == [
        ("search", "teava 40x40x3", 12, None),
        ("view", "teava 40x40x3", None, product.pk),
        ("cart_add", "", None, product.pk),
        ("rfq", "", None, None),
        ("order", "", None, None),
    ]


def test_a_second_flush_writes_nothing():
    event_record("rfq")
    events_flush()
    with CaptureQueriesContext(connection) as queries:
        assert events_flush() == 0
    assert inserts(queries) == []
    assert Event.objects.count() == 1


def test_events_keep_the_time_they_happened_and_the_product():
    product = ProductFactory()
    stamp = time.time()
    event_record("view", product=product.pk)
    events_flush()
    event = Event.objects.get()
    assert event.product == product
    assert abs(event.occurred_at.timestamp() - stamp) < 1


def test_malformed_or_unknown_events_are_skipped_and_a_deleted_product_is_forgotten():
    buffer.push({"k": "search", "t": "yesterday"})
    buffer.push({"k": "shipment", "t": time.time()})
    buffer.push({"t": time.time()})
    buffer.push({"k": "view", "t": time.time(), "p": "not-a-uuid"})
    buffer.push({"k": "view", "t": time.time(), "p": str(uuid.uuid4())})
    buffer.push({"k": "search", "t": time.time(), "q": "x" * 500, "n": -3})
    assert events_flush() == 3
    assert list(Event.objects.values_list("product_id", flat=True)) == [None, None, None]
    search = Event.objects.get(kind="search")
    assert (len(search.query), search.results) == (200, None)


def test_no_personal_data_is_stored():
    fields = {field.name for field in Event._meta.get_fields()}
    assert fields == {"id", "kind", "occurred_at", "query", "results", "product"}


def test_purge_deletes_events_past_their_retention(settings):
    settings.ANALYTICS_RETENTION_DAYS = 30
    EventFactory(occurred_at=timezone.now() - timedelta(days=31))
    kept = EventFactory(occurred_at=timezone.now() - timedelta(days=29))
    assert purge_events.delay().get() == 1
    assert list(Event.objects.all()) == [kept]


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL")
def test_with_redis_events_wait_in_a_redis_list():
    from django.core.cache import cache
    from django_redis import get_redis_connection

    assert buffer.uses_redis()
    event_record("search", query="heb 160", results=4)
    event_record("rfq")
    assert get_redis_connection("default").llen(cache.make_key(buffer.KEY)) == 2
    assert events_flush() == 2
    assert get_redis_connection("default").llen(cache.make_key(buffer.KEY)) == 0
    assert sorted(Event.objects.values_list("kind", flat=True)) == ["rfq", "search"]


def test_redis_down_never_breaks_a_request(client, monkeypatch):
    product = ProductFactory()

    def down():
        raise ConnectionError("Redis is down")

    with monkeypatch.context() as patch:
        patch.setattr(buffer, "uses_redis", lambda: True)
        patch.setattr(buffer, "_redis", down)
        response = client.get(product.get_absolute_url())
        event_record("rfq")  # nor a service
    assert response.status_code == 200
    assert buffer.size() == 0
