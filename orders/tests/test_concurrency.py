"""Truly concurrent requests on PostgreSQL (threads, one connection each, released together)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory
from catalog.tests.factories import ProductFactory
from orders.models import Order, OrderItem, Wallet, WalletTransaction
from orders.services.wallet import wallet_credit
from orders.tests.conftest import CHECKOUT

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only(settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers")
    settings.RATELIMIT_ENABLE = False  # many requests from one address: the limits are not under test


def run_together(calls) -> list:
    """Start every call at the same instant; return their results in order."""
    start, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(index, call):
        try:
            start.wait()
            results[index] = call()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def buyer_with(product, quantity: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(UserFactory())
    assert client.post(
        "/api/cart/items", {"productId": str(product.pk), "quantity": quantity, "unit": "pcs"}, format="json"
    ).status_code in (200, 201)
    return client


def test_fifty_buyers_for_the_last_ten_bars_ten_get_them():
    bar = ProductFactory(sku="OR-20-S235JR", base_unit="pcs", price_per_unit=Decimal("29.60"), weight=Decimal("14.8"),
                         stock=Decimal("10"))  # fmt: skip
    clients = [buyer_with(bar, "1") for _ in range(50)]

    responses = run_together([lambda c=c: c.post("/api/orders", CHECKOUT, format="json") for c in clients])

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] * 10 + [409] * 40
    assert {r.json()["code"] for r in responses if r.status_code == 409} == {"insufficient_stock"}
    bar.refresh_from_db()
    assert bar.stock == Decimal("0")
    assert Order.objects.count() == 10
    assert OrderItem.objects.count() == 10
    assert len({r.json()["number"] for r in responses if r.status_code == 201}) == 10


def test_concurrent_wallet_payments_never_overdraw():
    buyer = UserFactory()
    wallet_credit(user=buyer, amount=Decimal("1000.00"), description="avans")
    bar = ProductFactory(sku="OR-20-S235JR", base_unit="pcs", price_per_unit=Decimal("100.00"), weight=Decimal("1"),
                         stock=Decimal("1000"))  # fmt: skip
    # Ten orders of 300 lei (incl. shipping and VAT) from the same account, each from its own cart.
    clients = []
    for _ in range(10):
        client = APIClient()
        client.force_authenticate(buyer)
        clients.append(client)
    orders = []
    for client in clients:
        client.post("/api/cart/items", {"productId": str(bar.pk), "quantity": "2", "unit": "pcs"}, format="json")
        orders.append(client.post("/api/orders", CHECKOUT, format="json").json()["id"])
    total = Order.objects.get(pk=orders[0]).total

    from metalpro.exceptions import ApplicationError
    from orders.services.orders import order_pay_with_wallet

    def pay(order_id):
        try:
            order_pay_with_wallet(order=Order.objects.get(pk=order_id))
            return "paid"
        except ApplicationError as error:
            return error.code

    results = run_together([lambda o=o: pay(o) for o in orders])

    paid = results.count("paid")
    assert paid == int(Decimal("1000.00") // total)
    assert results.count("insufficient_funds") == 10 - paid
    wallet = Wallet.objects.get(user=buyer)
    assert wallet.balance == Decimal("1000.00") - paid * total
    assert wallet.balance >= 0
    debits = WalletTransaction.objects.filter(wallet=wallet, type="debit")
    assert debits.count() == paid
    assert sorted(d.balance_after for d in debits) == sorted(wallet.balance + i * total for i in range(paid))


def test_ten_copies_of_a_callback_at_once_pay_the_order_once():
    from django.test import Client

    from orders.models import PaymentCallback
    from orders.paytm.checksum import generate_signature
    from orders.paytm.gateway import SANDBOX_KEY, SANDBOX_MID
    from orders.tests.factories import OrderFactory

    buyer = UserFactory()
    order = OrderFactory(user=buyer, payment_method="paytm")
    client = APIClient()
    client.force_authenticate(buyer)
    started = client.post("/api/payment/initiate", {"orderId": str(order.pk)}, format="json").json()
    params = {"MID": SANDBOX_MID, "ORDERID": started["transactionId"], "TXNAMOUNT": started["params"]["TXN_AMOUNT"],
              "STATUS": "TXN_SUCCESS", "RESPCODE": "01", "TXNID": "1"}  # fmt: skip
    params["CHECKSUMHASH"] = generate_signature(params, SANDBOX_KEY)

    responses = run_together([lambda: Client().post("/api/payment/callback", params) for _ in range(10)])

    assert [r.status_code for r in responses] == [302] * 10
    outcomes = sorted(PaymentCallback.objects.values_list("outcome", flat=True))
    assert outcomes == ["duplicate"] * 9 + ["paid"]
    order.refresh_from_db()
    assert order.payment_status == "paid"
    assert order.status_changes.filter(to_status="confirmed").count() == 1


def test_a_double_submitted_checkout_makes_one_order():
    bar = ProductFactory(sku="OR-20-S235JR", base_unit="pcs", price_per_unit=Decimal("29.60"), weight=Decimal("14.8"),
                         stock=Decimal("100"))  # fmt: skip
    client = buyer_with(bar, "5")

    responses = run_together([lambda: client.post("/api/orders", CHECKOUT, format="json") for _ in range(3)])

    assert sorted(r.status_code for r in responses) == [201, 400, 400]
    assert Order.objects.count() == 1
    bar.refresh_from_db()
    assert bar.stock == Decimal("95")
