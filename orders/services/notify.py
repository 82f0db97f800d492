"""Emails about an order, queued with the change that causes them (sent after commit, retried), in
the buyer's language (their account's), with links to the pages in that language."""

from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from django.urls import reverse
from django.utils import translation

from notifications.services import email_queue
from orders.models import Order, OrderItem

EVENTS = ("placed", "shipped", "delivered", "payment_failed")


def order_buyer_language(order: Order) -> str:
    """Every order has a signed-in buyer: their account's language (`Order.language` records the
    one the order was placed in)."""
    return order.user.language


def order_notify(order: Order, event: str) -> None:
    assert event in EVENTS, event
    language = order_buyer_language(order)
    with translation.override(language):
        url = f"{settings.FRONTEND_URL}{reverse('orders:detail', args=[order.pk])}"
    # Both bodies (text, HTML) list the lines and their products: load them once.
    prefetch_related_objects([order], Prefetch("items", queryset=OrderItem.objects.select_related("product")))
    context = {"order": order, "event": event, "bank": settings.BANK_ACCOUNT, "url": url}
    email_queue(to=[order.user.email], template="order_update", context=context, language=language)
