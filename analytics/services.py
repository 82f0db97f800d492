"""Recording catalog events cheaply and writing them in batches (ADR 0009)."""

import logging
import time
import uuid
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from analytics import buffer
from analytics.models import Event
from catalog.filters import MAX_SEARCH_LENGTH
from catalog.models import Product
from catalog.text import normalize

logger = logging.getLogger(__name__)

FLUSH_CHUNK = 5000  # events taken from the buffer (and inserted) at a time
KINDS = frozenset(Event.Kind.values)


def event_record(kind: str, *, query: str = "", results: int | None = None, product: object = None) -> None:
    """Remember that something happened, now. One buffer append (no database query); never raises.
    `query` is what the buyer typed (normalised on flush), `product` a product id."""
    event: dict = {"k": kind, "t": round(time.time(), 3)}
    if query:
        event["q"] = str(query)[:MAX_SEARCH_LENGTH]
    if results is not None:
        event["n"] = results
    if product is not None:
        event["p"] = str(product)
    try:
        buffer.push(event)
    except Exception:
        logger.debug("analytics event dropped", exc_info=True)


def event_record_on_commit(kind: str, **data) -> None:
    """`event_record` once the current transaction commits: a rolled-back action records nothing."""
    transaction.on_commit(lambda: event_record(kind, **data))


def _product_id(value: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _results(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**31 else None


def _event(raw: dict, known_products: set[uuid.UUID]) -> Event | None:
    """An Event from a buffered dict, or None when it is malformed (never an error on flush)."""
    kind, stamp = raw.get("k"), raw.get("t")
    if kind not in KINDS or not isinstance(stamp, int | float) or isinstance(stamp, bool):
        return None
    try:
        occurred_at = datetime.fromtimestamp(stamp, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
    product = _product_id(raw.get("p")) if raw.get("p") else None
    return Event(
        kind=kind,
        occurred_at=occurred_at,
        query=normalize(str(raw.get("q") or ""))[:MAX_SEARCH_LENGTH],
        results=_results(raw.get("n")),
        product_id=product if product in known_products else None,
    )


def events_flush() -> int:
    """Move buffered events into the database, in bulk inserts of up to FLUSH_CHUNK rows; returns how
    many were written. Safe to run concurrently: each event is taken from the buffer once."""
    written = 0
    while raw_events := buffer.drain(FLUSH_CHUNK):
        ids = {pid for raw in raw_events if raw.get("p") and (pid := _product_id(raw["p"]))}
        known = set(Product.objects.filter(id__in=ids).values_list("id", flat=True)) if ids else set()
        events = [event for raw in raw_events if (event := _event(raw, known)) is not None]
        Event.objects.bulk_create(events, batch_size=FLUSH_CHUNK)
        written += len(events)
        if len(raw_events) < FLUSH_CHUNK:
            break
    return written


def events_purge() -> int:
    """Delete events older than ANALYTICS_RETENTION_DAYS; returns how many."""
    cutoff = timezone.now() - timedelta(days=settings.ANALYTICS_RETENTION_DAYS)
    deleted, _ = Event.objects.filter(occurred_at__lt=cutoff).delete()
    return deleted
