from decimal import Decimal

import pytest

from cart.models import CartItem
from orders.models import Order, WalletTransaction
from orders.pricing import shipping_for
from orders.services.wallet import wallet_credit
from orders.tests.conftest import CHECKOUT

URL = "/api/orders"


def test_a_cart_becomes_an_order_with_stock_taken_and_the_cart_emptied(auth_client, user, beam, add_to_cart):
    add_to_cart(auth_client, beam, "14")
    response = auth_client.post(URL, CHECKOUT, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["number"].startswith("CMD-")
    assert body["status"] == "pending"
    assert body["paymentStatus"] == "pending"
    assert body["items"][0]["sku"] == "IPE-200-S235JR"
    assert Decimal(body["subtotal"]) == Decimal("1599.36")  # 14 m x 114.24
    beam.refresh_from_db()
    assert beam.stock == Decimal("106")
    assert not CartItem.objects.filter(cart__user=user).exists()
    assert [step["toStatus"] for step in body["timeline"]] == ["pending"]


def test_totals_are_subtotal_plus_shipping_then_vat_once(auth_client, beam, add_to_cart, settings):
    add_to_cart(auth_client, beam, "14")
    body = auth_client.post(URL, CHECKOUT, format="json").json()
    subtotal, shipping = Decimal(body["subtotal"]), Decimal(body["shipping"])
    assert shipping == Decimal("181.36")  # 150 + 0.10 x 313.6 kg
    assert Decimal(body["vat"]) == ((subtotal + shipping) * settings.VAT_RATE).quantize(Decimal("0.01"))
    assert Decimal(body["total"]) == subtotal + shipping + Decimal(body["vat"])


@pytest.mark.parametrize(
    ("subtotal", "weight", "expected"),
    [("4999.99", "100", "160.00"), ("5000.00", "100", "0.00"), ("100", "50000", "1200.00"), ("100", "0", "150.00")],
)
def test_the_shipping_rule(subtotal, weight, expected):
    assert shipping_for(subtotal=Decimal(subtotal), weight_kg=Decimal(weight)) == Decimal(expected)


def test_more_than_the_stock_is_a_409_and_nothing_changes(auth_client, user, beam, add_to_cart):
    add_to_cart(auth_client, beam, "121")
    response = auth_client.post(URL, CHECKOUT, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "insufficient_stock"
    assert response.json()["details"]["available"] == "120.000"
    beam.refresh_from_db()
    assert beam.stock == Decimal("120")
    assert not Order.objects.exists()
    assert CartItem.objects.filter(cart__user=user).count() == 1


def test_one_short_line_keeps_the_stock_of_the_others(auth_client, beam, add_to_cart):
    from catalog.tests.factories import ProductFactory

    sheet = ProductFactory(sku="TN-2000X1000X3-S235JR", title="Tablă neagră 3 mm", stock=Decimal("5"))
    add_to_cart(auth_client, beam, "10")
    add_to_cart(auth_client, sheet, "6")
    assert auth_client.post(URL, CHECKOUT, format="json").status_code == 409
    beam.refresh_from_db()
    assert beam.stock == Decimal("120")


def test_an_empty_cart_is_a_400(auth_client, beam):
    response = auth_client.post(URL, CHECKOUT, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "cart_empty"


@pytest.mark.parametrize("missing", ["shippingAddress", "phone", "paymentMethod"])
def test_missing_checkout_fields_are_field_errors(auth_client, beam, add_to_cart, missing):
    add_to_cart(auth_client, beam, "1")
    payload = {key: value for key, value in CHECKOUT.items() if key != missing}
    response = auth_client.post(URL, payload, format="json")
    assert response.status_code == 400
    assert missing in response.json()["details"]
    assert not Order.objects.exists()


def test_paying_with_the_wallet_debits_it_and_confirms_the_order(auth_client, user, beam, add_to_cart):
    wallet_credit(user=user, amount=Decimal("5000"), description="avans")
    add_to_cart(auth_client, beam, "10")
    body = auth_client.post(URL, {**CHECKOUT, "paymentMethod": "wallet"}, format="json").json()
    assert body["status"] == "confirmed"
    assert body["paymentStatus"] == "paid"
    debit = WalletTransaction.objects.get(type="debit")
    assert debit.amount == Decimal(body["total"])
    assert debit.balance_after == Decimal("5000") - Decimal(body["total"])


def test_a_wallet_too_small_is_a_409_and_nothing_changes(auth_client, user, beam, add_to_cart):
    wallet_credit(user=user, amount=Decimal("10"), description="avans")
    add_to_cart(auth_client, beam, "10")
    response = auth_client.post(URL, {**CHECKOUT, "paymentMethod": "wallet"}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "insufficient_funds"
    assert not Order.objects.exists()
    beam.refresh_from_db()
    assert beam.stock == Decimal("120")
    assert user.wallet.transactions.count() == 1


def test_orders_need_a_signed_in_buyer(api_client):
    assert api_client.post(URL, CHECKOUT, format="json").status_code == 401
    assert api_client.get(URL).status_code == 401


def test_i_see_my_orders_only_newest_first(auth_client, user):
    from orders.tests.factories import OrderFactory

    older, newer = OrderFactory(user=user), OrderFactory(user=user)
    OrderFactory()
    numbers = [o["number"] for o in auth_client.get(URL).json()["results"]]
    assert numbers == [newer.number, older.number]


def test_another_buyers_order_is_not_found(auth_client):
    from orders.tests.factories import OrderFactory

    other = OrderFactory()
    assert auth_client.get(f"{URL}/{other.pk}").status_code == 404


def test_a_staff_account_without_order_rights_cannot_move_orders(db, api_login):
    from accounts.tests.factories import UserFactory
    from orders.tests.factories import OrderFactory

    clerk = api_login(UserFactory(is_staff=True))
    order = OrderFactory()
    assert clerk.put(f"{URL}/{order.pk}/status", {"status": "cancelled"}, format="json").status_code == 403
    assert clerk.get("/api/admin/orders").status_code == 403
    order.refresh_from_db()
    assert order.status == "pending"


def test_an_order_confirmed_by_staff_before_payment_can_still_be_paid(operator):
    from orders.services.orders import order_mark_paid, order_set_status
    from orders.tests.factories import OrderFactory

    order = order_set_status(order=OrderFactory(), status="confirmed", by=operator)
    order = order_mark_paid(order=order)
    assert (order.status, order.payment_status) == ("confirmed", "paid")
