"""The load test (bench/load, `make loadtest`): the site accepts everything its scenario sends (so
the test never fails on purpose), and its report computes percentiles and the saturation point
right. locust itself is not imported here (it patches the standard library with gevent)."""

import pytest

from bench.load.run import Sample, pct, seconds, steps_table
from bench.load.scenario import COMPANY, FILTERS, RFQ_FORM, UNIT_QUANTITY, bom_csv, quantity
from bench.load.steps import step_levels, step_seconds
from catalog.tests.factories import CategoryFactory, ProductFactory
from catalog.units import Unit


@pytest.fixture
def ipe(db):
    return ProductFactory(category=CategoryFactory(name="Profile IPE", slug="profile-ipe"))


def test_every_unit_has_a_scenario_quantity():
    assert set(Unit.values) <= set(UNIT_QUANTITY)


def test_the_api_accepts_the_scenarios_cart_line_and_rfq(api_client, ipe, django_capture_on_commit_callbacks):
    line = {"productId": str(ipe.id), "quantity": quantity(ipe.base_unit), "unit": ipe.base_unit}
    token = api_client.post("/api/cart/items", line, format="json").json()["cartToken"]

    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post("/api/rfq", COMPANY, format="json", HTTP_X_CART_TOKEN=token)

    assert response.status_code == 201


def test_the_pages_accept_the_scenarios_cart_form_and_rfq_form(client, ipe, django_capture_on_commit_callbacks):
    added = client.post("/cos/adauga/", {"product": str(ipe.id), "quantity": quantity(ipe.base_unit), "unit": "m"})
    assert added.status_code == 302

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/cerere-oferta/", RFQ_FORM)

    assert response.status_code == 302


def test_the_scenarios_bom_is_read_to_the_end(api_client, ipe, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        created = api_client.post("/api/upload/bom", {"file": _csv(bom_csv())}, format="multipart")
    assert created.status_code == 202

    token = created["X-Cart-Token"]
    result = api_client.get(f"/api/upload/bom/{created.json()['id']}", HTTP_X_CART_TOKEN=token)

    assert result.json()["status"] == "DONE"


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(f) or "none")
def test_the_scenarios_filters_answer_200_in_the_api(api_client, ipe, filters):
    response = api_client.get("/api/products", {"category": "profile-ipe", **filters})

    assert response.status_code == 200


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(f) or "none")
def test_the_scenarios_filters_answer_200_on_the_category_page(client, ipe, filters):
    response = client.get("/catalog/profile-ipe/", filters)

    assert response.status_code == 200


def test_percentile_of_a_known_list():
    values = [float(n) for n in range(1, 101)]

    assert (pct(values, 50), pct(values, 95), pct([], 95)) == (51.0, 95.0, 0.0)


@pytest.mark.parametrize(("text", "expected"), [("600", 600), ("30s", 30), ("10m", 600), ("1h", 3600)])
def test_durations_read_like_locusts(text, expected):
    assert seconds(text) == expected


def test_saturation_steps_end_at_the_requested_users_and_fill_the_duration():
    levels = step_levels(64)

    assert levels[-1] == 64
    assert step_seconds(240, 64) * len(levels) <= 240


def test_saturation_throughput_is_the_last_step_within_the_target():
    fast = [Sample(t=n / 10, kind="page", name="page home", ms=20, ok=True, users=4) for n in range(100)]
    slow = [Sample(t=10 + n / 20, kind="api", name="API cart", ms=400, ok=True, users=8) for n in range(200)]

    _table, verdict = steps_table(fast + slow, length=10, settle=0)

    assert "**10 req/s** (4 users" in verdict
    assert "at 8 users" in verdict


def _csv(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("lista-materiale.csv", content, content_type="text/csv")
