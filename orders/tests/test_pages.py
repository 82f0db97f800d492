from decimal import Decimal

import pytest
from django.urls import reverse

from cart.models import CartItem
from orders.models import Order
from orders.services.wallet import wallet_credit
from orders.tests.factories import OrderFactory, quoted_rfq
from rfq.models import Rfq
from tests.i18n import english_client

pytestmark = pytest.mark.django_db

FORM = {"street": "Str. Fabricii 5", "city": "Cluj-Napoca", "county": "Cluj", "phone": "0722 123 456",
        "payment_method": "bank_transfer"}  # fmt: skip


@pytest.fixture
def client():
    """Pages in English (/en/…): messages are asserted as their msgids."""
    with english_client() as english:
        yield english


@pytest.fixture
def buyer_client(client, user):
    client.force_login(user)
    return client


def fill_cart(client, product, quantity="14"):
    client.post(reverse("cart:add"), {"product": str(product.id), "quantity": quantity, "unit": "m"})


def test_checkout_needs_an_account(client, beam):
    response = client.get(reverse("orders:checkout"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_checkout_page_shows_shipping_vat_and_total(buyer_client, beam):
    fill_cart(buyer_client, beam)
    html = buyer_client.get(reverse("orders:checkout")).content.decode()
    assert "1.599,36" in html or "1,599.36" in html  # subtotal, 14 m x 114.24
    assert "181,36" in html or "181.36" in html  # delivery: 150 + 0.10 x 313.6 kg


def test_placing_an_order_opens_it_with_the_proforma(buyer_client, user, beam):
    fill_cart(buyer_client, beam)
    response = buyer_client.post(reverse("orders:checkout"), FORM, follow=True)
    order = Order.objects.get(user=user)
    assert response.redirect_chain[-1][0] == reverse("orders:detail", args=[order.pk])
    html = response.content.decode()
    assert order.number in html
    assert "IBAN" in html
    assert not CartItem.objects.filter(cart__user=user).exists()


def test_a_short_stock_keeps_the_cart_and_says_why(buyer_client, user, beam):
    fill_cart(buyer_client, beam, "200")
    response = buyer_client.post(reverse("orders:checkout"), FORM)
    assert response.status_code == 409
    assert "in stock" in response.content.decode()
    assert CartItem.objects.filter(cart__user=user).count() == 1
    assert not Order.objects.exists()


def test_missing_fields_are_marked_and_nothing_is_ordered(buyer_client, beam):
    fill_cart(buyer_client, beam)
    response = buyer_client.post(reverse("orders:checkout"), {**FORM, "street": ""})
    assert response.status_code == 200
    assert "street" in response.context["form"].errors
    assert not Order.objects.exists()


def test_my_orders_list_only_mine(buyer_client, user):
    mine, other = OrderFactory(user=user), OrderFactory()
    html = buyer_client.get(reverse("orders:list")).content.decode()
    assert mine.number in html
    assert other.number not in html


def test_another_buyers_order_page_is_not_found(buyer_client):
    assert buyer_client.get(reverse("orders:detail", args=[OrderFactory().pk])).status_code == 404


def test_the_wallet_page_shows_the_balance_and_movements(buyer_client, user):
    wallet_credit(user=user, amount=Decimal("250"), description="compensare întârziere")
    html = buyer_client.get(reverse("orders:wallet")).content.decode()
    assert "compensare întârziere" in html
    assert "250,00" in html or "250.00" in html


def test_accepting_a_quote_from_its_page_opens_the_order(buyer_client, user):
    rfq = quoted_rfq(user)
    assert "accepta" in buyer_client.get(reverse("rfq:detail", args=[rfq.pk])).content.decode()
    response = buyer_client.post(reverse("orders:accept-quote", args=[rfq.pk]), {"payment_method": "bank_transfer"})
    order = Order.objects.get(rfq=rfq)
    assert response["Location"] == reverse("orders:detail", args=[order.pk])
    rfq.refresh_from_db()
    assert rfq.status == Rfq.Status.COMPLETED


def test_an_expired_quote_stays_on_its_page_with_the_reason(buyer_client, user):
    rfq = quoted_rfq(user, valid_days=-1)
    response = buyer_client.post(reverse("orders:accept-quote", args=[rfq.pk]), follow=True)
    assert "expired" in response.content.decode()
    assert not Order.objects.exists()
