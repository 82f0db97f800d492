"""Emails about an order, queued with the change that causes them (sent after commit, retried)."""

from django.conf import settings
from django.urls import reverse

from notifications.services import email_queue
from orders.models import Order

EVENTS = ("placed", "shipped", "delivered", "payment_failed")


def order_notify(order: Order, event: str) -> None:
    assert event in EVENTS, event
    context = {
        "order": order, "event": event, "bank": settings.BANK_ACCOUNT,
        "url": f"{settings.FRONTEND_URL}{reverse('orders:detail', args=[order.pk])}",
    }  # fmt: skip
    email_queue(to=[order.user.email], template="order_update", context=context, language=settings.LANGUAGE_CODE)
