"""Each hook records the right event: pages (cache hits included), the API, and the services."""

import time
from decimal import Decimal

import pytest
from django.db import transaction

from analytics.services import event_record_on_commit
from cart.services import cart_create, cart_item_add
from catalog.tests.factories import ProductFactory
from orders.tests.factories import quoted_rfq

pytestmark = pytest.mark.django_db

ADDRESS = {"street": "Str. Fabricii 5", "city": "Cluj-Napoca", "county": "Cluj", "postalCode": "400632"}
CONTACT = {
    "companyName": "Construct Metal SRL",
    "contactPerson": "Maria Ionescu",
    "email": "maria@constructmetal.ro",
    "phone": "0722 123 456",
    "billingAddress": ADDRESS,
    "deliveryAddress": ADDRESS,
}


def kinds(events: list[dict]) -> list[str]:
    return [event["k"] for event in events]


@pytest.fixture
def tube(db):
    return ProductFactory(title="Țeavă pătrată 40x40x3 S235JRH", sku="TP-40X40X3", slug="teava-patrata-40x40x3")


def test_the_search_page_records_the_query_and_its_result_count(client, tube, recorded):
    before = time.time()
    response = client.get("/catalog/", {"q": "Țeavă 40x40x3"})
    assert response.status_code == 200
    (event,) = recorded()
    assert {key: value for key, value in event.items() if key != "t"} == {"k": "search", "q": "Țeavă 40x40x3", "n": 1}
    assert before - 1 <= event["t"] <= time.time() + 1


def test_a_search_page_served_from_the_cache_is_recorded_too(client, tube, recorded, django_assert_num_queries):
    client.get("/catalog/", {"q": "teava"})
    recorded()
    with django_assert_num_queries(0):  # a cache hit: the view does not run
        client.get("/catalog/", {"q": "teava"})
    events = recorded()
    assert [(e["k"], e["q"], e["n"]) for e in events] == [("search", "teava", 1)]


def test_a_search_that_finds_nothing_records_zero_results(client, tube, recorded):
    client.get("/catalog/", {"q": "grinda cu zabrele"})
    assert [(e["q"], e["n"]) for e in recorded()] == [("grinda cu zabrele", 0)]


@pytest.mark.parametrize(
    "params",
    [
        pytest.param({"q": "teava", "page": "2"}, id="a later page"),
        pytest.param({"q": "teava", "ordering": "price"}, id="sorted"),
        pytest.param({"q": "teava", "availability": "in_stock"}, id="filtered"),
        pytest.param({}, id="no query"),
    ],
)
def test_refining_a_search_or_browsing_is_not_a_new_search(client, tube, recorded, params):
    client.get("/catalog/", params)
    assert "search" not in kinds(recorded())


def test_a_search_within_a_category_is_not_a_new_search(client, tube, recorded):
    client.get(f"/catalog/{tube.category.slug}/", {"q": "teava"})
    assert "search" not in kinds(recorded())


def test_the_api_search_records_the_query_and_its_count(api_client, tube, recorded):
    for _ in range(2):  # the second answer comes from the cache
        assert api_client.get("/api/products", {"search": "teava 40x40x3"}).status_code == 200
    assert [(e["k"], e["q"], e["n"]) for e in recorded()] == [("search", "teava 40x40x3", 1)] * 2


def test_the_api_records_the_first_page_of_a_search_only(api_client, tube, recorded):
    api_client.get("/api/products", {"search": "teava", "page": "2"})
    api_client.get("/api/products", {"search": "teava", "grade": "S235JR"})
    api_client.get("/api/products")
    assert recorded() == []


def test_a_product_page_records_a_view_also_from_the_cache(client, tube, recorded, django_assert_num_queries):
    client.get(tube.get_absolute_url())
    with django_assert_num_queries(0):
        client.get(tube.get_absolute_url())
    assert [(e["k"], e["p"], e.get("q")) for e in recorded()] == [("view", str(tube.pk), None)] * 2


def test_opening_a_product_from_the_search_page_records_a_click_for_that_search(client, tube, recorded):
    client.get(tube.get_absolute_url(), HTTP_REFERER="http://testserver/catalog/?q=teava+40x40x3&page=2")
    assert [(e["k"], e["p"], e["q"]) for e in recorded()] == [("view", str(tube.pk), "teava 40x40x3")]


@pytest.mark.parametrize(
    "referer",
    [
        pytest.param("http://elsewhere.example/catalog/?q=teava", id="another site"),
        pytest.param("http://testserver/produs/alt-produs/?q=teava", id="not the search page"),
        pytest.param("http://testserver/catalog/", id="no search"),
        pytest.param("not a url at all \x00", id="garbage"),
    ],
)
def test_other_referers_are_plain_views(client, tube, recorded, referer):
    response = client.get(tube.get_absolute_url(), HTTP_REFERER=referer)
    assert response.status_code == 200
    assert [(e["k"], e.get("q")) for e in recorded()] == [("view", None)]


def test_a_missing_product_records_nothing(client, db, recorded):
    assert client.get("/produs/nu-exista/").status_code == 404
    assert recorded() == []


def test_the_api_product_detail_records_a_view_and_the_search_it_came_from(api_client, tube, recorded):
    api_client.get(f"/api/products/{tube.pk}")
    api_client.get(f"/api/products/{tube.slug}", {"q": "teava"})
    assert [(e["k"], e["p"], e.get("q")) for e in recorded()] == [
        ("view", str(tube.pk), None),
        ("view", str(tube.pk), "teava"),
    ]


def test_adding_to_the_cart_records_a_cart_add_after_commit(
    api_client, tube, recorded, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(
            "/api/cart/items", {"productId": str(tube.pk), "quantity": "2", "unit": "m"}, format="json"
        )
    assert response.status_code == 201
    assert [(e["k"], e["p"]) for e in recorded()] == [("cart_add", str(tube.pk))]


def test_a_refused_cart_add_records_nothing(api_client, tube, recorded, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(
            "/api/cart/items", {"productId": str(tube.pk), "quantity": "2", "unit": "l"}, format="json"
        )
    assert response.status_code == 400
    assert recorded() == []


def test_submitting_an_rfq_records_it(api_client, tube, recorded, django_capture_on_commit_callbacks):
    cart = api_client.post("/api/cart/items", {"productId": str(tube.pk), "quantity": "14", "unit": "m"}, format="json")
    recorded()
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post("/api/rfq", CONTACT, format="json", HTTP_X_CART_TOKEN=cart.json()["cartToken"])
    assert response.status_code == 201
    assert kinds(recorded()) == ["rfq"]


def test_a_checkout_records_an_order(auth_client, tube, recorded, django_capture_on_commit_callbacks):
    auth_client.post("/api/cart/items", {"productId": str(tube.pk), "quantity": "14", "unit": "m"}, format="json")
    recorded()
    checkout = {"shippingAddress": ADDRESS, "phone": "0722 123 456", "paymentMethod": "bank_transfer"}
    with django_capture_on_commit_callbacks(execute=True):
        response = auth_client.post("/api/orders", checkout, format="json")
    assert response.status_code == 201
    assert kinds(recorded()) == ["order"]


def test_accepting_a_quote_records_an_order(auth_client, user, recorded, django_capture_on_commit_callbacks):
    rfq = quoted_rfq(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = auth_client.post(f"/api/rfq/{rfq.pk}/accept", {}, format="json")
    assert response.status_code == 201
    assert kinds(recorded()) == ["order"]


def test_a_rolled_back_action_records_nothing(tube, recorded, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                cart_item_add(cart=cart_create(), product=tube, quantity=Decimal(2), unit="m")
                raise RuntimeError("payment gateway down")
        except RuntimeError:
            pass
        event_record_on_commit("rfq")
    assert kinds(recorded()) == ["rfq"]
