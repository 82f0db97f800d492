import pytest

from orders.services.orders import order_mark_paid, order_mark_payment_failed, order_set_status
from orders.tests.conftest import CHECKOUT
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


def test_placing_an_order_emails_the_confirmation_with_the_bank_details(
    auth_client, user, beam, add_to_cart, mailoutbox, django_capture_on_commit_callbacks, settings
):
    add_to_cart(auth_client, beam, "14")
    with django_capture_on_commit_callbacks(execute=True):
        number = auth_client.post("/api/orders", CHECKOUT, format="json").json()["number"]
    email = mailoutbox[-1]
    assert email.to == [user.email]
    assert number in email.subject
    assert settings.BANK_ACCOUNT["iban"] in email.body
    assert "Profil IPE 200" in email.body


def test_shipping_emails_the_tracking_number(operator, mailoutbox, django_capture_on_commit_callbacks):
    order = order_mark_paid(order=OrderFactory())
    with django_capture_on_commit_callbacks(execute=True):
        order_set_status(order=order, status="shipped", by=operator, tracking_number="FAN 2345678")
    assert "FAN 2345678" in mailoutbox[-1].body
    assert mailoutbox[-1].to == [order.user.email]


def test_delivery_asks_for_a_rating_of_each_product(operator, beam, mailoutbox, django_capture_on_commit_callbacks):
    from orders.models import OrderItem

    order = order_mark_paid(order=OrderFactory())
    OrderItem.objects.create(order=order, position=1, product=beam, sku=beam.sku, title=beam.title, quantity=1,
                             unit="m", unit_price=1, line_total=1)  # fmt: skip
    order_set_status(order=order, status="shipped", by=operator, tracking_number="FAN 1")
    with django_capture_on_commit_callbacks(execute=True):
        order_set_status(order=order, status="delivered", by=operator)
    assert beam.get_absolute_url() in mailoutbox[-1].body


def test_a_failed_payment_emails_the_way_back_to_retry(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        order = order_mark_payment_failed(order=OrderFactory())
    assert f"/cont/comenzi/{order.pk}/" in mailoutbox[-1].body
