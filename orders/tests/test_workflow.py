from decimal import Decimal

import pytest

from metalpro.exceptions import ApplicationError
from orders.models import Order
from orders.services.orders import order_cancel, order_mark_paid, order_mark_payment_failed, order_set_status
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


def test_an_order_goes_from_paid_to_delivered_with_a_timeline(operator):
    order = order_mark_paid(order=OrderFactory())
    for status, tracking in (("processing", ""), ("shipped", "FAN 2345678"), ("delivered", "")):
        order = order_set_status(order=order, status=status, by=operator, tracking_number=tracking)
    assert order.status == "delivered"
    assert order.tracking_number == "FAN 2345678"
    assert [c.to_status for c in order.status_changes.all()] == ["confirmed", "processing", "shipped", "delivered"]


def test_shipping_needs_a_tracking_number(operator):
    order = order_mark_paid(order=OrderFactory())
    with pytest.raises(ApplicationError) as error:
        order_set_status(order=order, status="shipped", by=operator)
    assert error.value.code == "tracking_required"
    order.refresh_from_db()
    assert order.status == "confirmed"


@pytest.mark.parametrize(
    ("start", "target"), [("pending", "shipped"), ("delivered", "processing"), ("cancelled", "confirmed")]
)
def test_moves_outside_the_map_are_refused(operator, start, target):
    order = OrderFactory(status=start)
    with pytest.raises(ApplicationError) as error:
        order_set_status(order=order, status=target, by=operator, tracking_number="X1")
    assert error.value.code == "invalid_transition"
    order.refresh_from_db()
    assert order.status == start


def test_cancelling_a_paid_order_refunds_the_wallet_and_returns_the_stock(
    auth_client, user, beam, add_to_cart, operator
):
    from orders.services.wallet import wallet_credit
    from orders.tests.conftest import CHECKOUT

    wallet_credit(user=user, amount=Decimal("3000"), description="avans")
    add_to_cart(auth_client, beam, "10")
    order = Order.objects.get(pk=auth_client.post("/api/orders", {**CHECKOUT, "paymentMethod": "wallet"},
                                                  format="json").json()["id"])  # fmt: skip
    order = order_cancel(order=order, by=operator)
    assert order.payment_status == "refunded"
    user.wallet.refresh_from_db()
    assert user.wallet.balance == Decimal("3000")
    beam.refresh_from_db()
    assert beam.stock == Decimal("120")


def test_paying_twice_changes_nothing_the_second_time():
    order = order_mark_paid(order=OrderFactory())
    paid_at = order.paid_at
    again = order_mark_paid(order=order)
    assert again.paid_at == paid_at
    assert order.status_changes.count() == 1


def test_a_failed_payment_can_be_retried_and_then_paid():
    order = order_mark_payment_failed(order=OrderFactory())
    assert (order.status, order.payment_status) == ("failed", "failed")
    order = order_mark_paid(order=order)
    assert (order.status, order.payment_status) == ("confirmed", "paid")
