"""RFQ-<year>-<5 digits>: restarting every year, never duplicated, even under concurrent submits."""

import re
import threading
from datetime import datetime

import pytest
import time_machine
from django.db import connection, transaction
from django.test import Client

from metalpro.sequences import next_reference

pytestmark = pytest.mark.django_db


def test_numbers_count_up_within_a_year():
    assert [next_reference("RFQ") for _ in range(3)][-1].endswith("-00003")


def test_numbers_restart_every_year():
    with time_machine.travel(datetime(2026, 12, 31, 12, 0)):
        assert next_reference("RFQ") == "RFQ-2026-00001"
        assert next_reference("RFQ") == "RFQ-2026-00002"
    with time_machine.travel(datetime(2027, 1, 1, 12, 0)):
        assert next_reference("RFQ") == "RFQ-2027-00001"


@transaction.atomic
def failing_document() -> None:
    next_reference("RFQ")
    raise RuntimeError("the RFQ failed validation")


def test_a_rolled_back_document_gives_its_number_back():
    first = next_reference("RFQ")
    with pytest.raises(RuntimeError):
        failing_document()

    assert int(next_reference("RFQ")[-5:]) == int(first[-5:]) + 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_submissions_get_twenty_distinct_numbers(settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers")
    settings.RATELIMIT_ENABLE = False  # twenty RFQs from one address: the per-client limit (10/h) is not under test
    from catalog.tests.factories import ProductFactory

    product = ProductFactory()
    contact = {
        "companyName": "Construct Metal SRL", "contactPerson": "Maria", "email": "m@c.ro", "phone": "0722000000",
        "billingAddress": {"street": "Str. X 1", "city": "Cluj", "county": "Cluj"},
        "deliveryAddress": {"street": "Str. X 1", "city": "Cluj", "county": "Cluj"},
    }  # fmt: skip
    carts = []
    for _ in range(20):
        response = Client().post(
            "/api/cart/items",
            {"productId": str(product.id), "quantity": "1", "unit": "m"},
            content_type="application/json",
        )
        carts.append(response.json()["cartToken"])
    start, results = threading.Barrier(20), []

    def submit(token: str) -> None:
        try:
            start.wait()
            response = Client().post("/api/rfq", contact, content_type="application/json", HTTP_X_CART_TOKEN=token)
            results.append((response.status_code, response.json().get("referenceNumber")))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(token,)) for token in carts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert [status for status, _ in results] == [201] * 20
    numbers = sorted(int(re.search(r"-(\d{5})$", ref).group(1)) for _, ref in results)
    assert numbers == list(range(1, 21))  # distinct, and no gaps since none rolled back
