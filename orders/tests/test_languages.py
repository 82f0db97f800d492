"""An order remembers the language it was placed in; its emails go in the buyer's language."""

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.tests.factories import UserFactory
from orders.models import Order
from orders.services.orders import order_mark_paid, order_set_status
from orders.tests.conftest import CHECKOUT
from orders.tests.factories import OrderFactory, quoted_rfq

pytestmark = pytest.mark.django_db


@pytest.fixture
def place(beam, add_to_cart, django_capture_on_commit_callbacks):
    def post(client, **headers) -> Order:
        add_to_cart(client, beam, "14")
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/api/orders", CHECKOUT, format="json", **headers)
        assert response.status_code == 201, response.content
        return Order.objects.get(number=response.json()["number"])

    return post


def test_the_api_stores_the_language_an_order_was_placed_in(place, auth_client):
    assert place(auth_client, HTTP_ACCEPT_LANGUAGE="en").language == "en"


def test_accepting_a_quote_stores_the_language(api_login, user, django_capture_on_commit_callbacks):
    rfq = quoted_rfq(user)

    with django_capture_on_commit_callbacks(execute=True):
        response = api_login(user).post(
            f"/api/rfq/{rfq.pk}/accept", {"paymentMethod": "bank_transfer"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
        )

    assert response.status_code == 201, response.content
    assert Order.objects.get(rfq=rfq).language == "en"


def test_an_english_buyer_gets_the_english_confirmation(place, api_login, mailoutbox):
    buyer = UserFactory(language="en", name="John Smith")

    order = place(api_login(buyer), HTTP_ACCEPT_LANGUAGE="ro")

    email = mailoutbox[-1]
    assert email.subject == f"Order {order.number} received"
    assert "Hello John Smith," in email.body
    assert "Total incl. VAT" in email.body
    assert "RON" in email.body


def test_a_romanian_buyer_gets_the_romanian_confirmation(place, api_login, mailoutbox):
    buyer = UserFactory(language="ro", name="Ion Popescu")

    order = place(api_login(buyer), HTTP_ACCEPT_LANGUAGE="en")

    email = mailoutbox[-1]
    assert email.subject == f"Am primit comanda {order.number}"
    assert "Bună ziua, Ion Popescu," in email.body
    assert "Total cu TVA" in email.body


def test_the_confirmation_links_to_the_order_page_in_the_buyer_language(place, api_login, mailoutbox, settings):
    order = place(api_login(UserFactory(language="en")))

    with translation.override("en"):
        path = reverse("orders:detail", args=[order.pk])
    assert path.startswith("/en/")
    assert f"{settings.FRONTEND_URL}{path}" in mailoutbox[-1].body


def test_an_english_buyer_hears_of_the_shipment_in_english(operator, mailoutbox, django_capture_on_commit_callbacks):
    order = order_mark_paid(order=OrderFactory(user=UserFactory(language="en")))

    with django_capture_on_commit_callbacks(execute=True):
        order_set_status(order=order, status="shipped", by=operator, tracking_number="FAN 2345678")

    assert mailoutbox[-1].subject == f"Order {order.number} is on its way"
    assert "FAN 2345678" in mailoutbox[-1].body


def test_a_romanian_buyer_hears_of_the_shipment_in_romanian(operator, mailoutbox, django_capture_on_commit_callbacks):
    order = order_mark_paid(order=OrderFactory(user=UserFactory(language="ro")))

    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        order_set_status(order=order, status="shipped", by=operator, tracking_number="FAN 2345678")

    assert mailoutbox[-1].subject == f"Comanda {order.number} este pe drum"
