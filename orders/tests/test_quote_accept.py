from decimal import Decimal

import pytest

from orders.models import Order
from orders.services.orders import quotes_expire
from orders.tests.factories import quoted_rfq
from rfq.models import Rfq

pytestmark = pytest.mark.django_db


def accept(client, rfq, **payload):
    return client.post(f"/api/rfq/{rfq.pk}/accept", payload, format="json")


def test_accepting_a_quote_makes_an_order_at_the_quoted_prices(auth_client, user):
    rfq = quoted_rfq(user)
    response = accept(auth_client, rfq)
    assert response.status_code == 201
    body = response.json()
    assert Decimal(body["total"]) == Decimal("2395.80")
    assert [Decimal(i["unitPrice"]) for i in body["items"]] == [Decimal("110.00"), Decimal("22.00")]
    assert body["paymentMethod"] == "bank_transfer"
    assert body["rfqId"] == str(rfq.pk)
    rfq.refresh_from_db()
    assert rfq.status == Rfq.Status.COMPLETED


def test_a_quote_is_accepted_once(auth_client, user):
    rfq = quoted_rfq(user)
    accept(auth_client, rfq)
    again = accept(auth_client, rfq)
    assert again.status_code == 409
    assert again.json()["code"] == "not_quoted"
    assert Order.objects.count() == 1


def test_an_expired_quote_is_refused(auth_client, user):
    rfq = quoted_rfq(user, valid_days=-1)
    response = accept(auth_client, rfq)
    assert response.status_code == 409
    assert response.json()["code"] == "quote_expired"
    assert not Order.objects.exists()


def test_someone_elses_quote_is_not_found(auth_client):
    from accounts.tests.factories import UserFactory

    rfq = quoted_rfq(UserFactory())
    assert accept(auth_client, rfq).status_code == 404
    rfq.refresh_from_db()
    assert rfq.status == Rfq.Status.QUOTED


def test_declining_cancels_the_request(auth_client, user):
    rfq = quoted_rfq(user)
    assert auth_client.post(f"/api/rfq/{rfq.pk}/decline").status_code == 200
    rfq.refresh_from_db()
    assert rfq.status == Rfq.Status.CANCELLED


def test_stale_quotes_are_expired_by_the_periodic_task(user):
    stale, fresh = quoted_rfq(user, valid_days=-2), quoted_rfq(user)
    from orders.tasks import expire_quotes

    assert expire_quotes.delay().get() == 1
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == Rfq.Status.CANCELLED
    assert fresh.status == Rfq.Status.QUOTED
    assert stale.status_changes.last().note == "quote expired"
    assert quotes_expire() == 0
