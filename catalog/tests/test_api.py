"""GET /api/categories, /api/products, /api/products/{id}: shapes and filters of CONTRACT §4."""

from decimal import Decimal

import pytest

from catalog.models import Product
from catalog.tests.factories import CategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog():
    profiles = CategoryFactory(name="Profile laminate", slug="profile-laminate")
    ipe = CategoryFactory(name="Profile IPE", slug="profile-ipe", parent=profiles)
    tubes = CategoryFactory(name="Țevi pătrate", slug="tevi-patrate")
    return {
        "ipe200": ProductFactory(
            sku="IPE-200", title="Profil IPE 200 S235JR", category=ipe, price_per_unit=Decimal("114.24")
        ),
        "ipe220": ProductFactory(
            sku="IPE-220",
            title="Profil IPE 220 S355J2",
            category=ipe,
            grade="S355J2",
            price_per_unit=Decimal("143.96"),
            availability=Product.Availability.ON_REQUEST,
        ),
        "shs": ProductFactory(
            sku="TP-40X40X3",
            title="Țeavă pătrată 40x40x3 S235JRH",
            category=tubes,
            grade="S235JRH",
            dimensions="40x40x3",
            price_per_unit=Decimal("20.15"),
            weight=Decimal("3.304"),
            length_m=Decimal("6"),
        ),
        "hidden": ProductFactory(sku="OLD-1", title="Profil retras", category=ipe, is_active=False),
    }


def skus(response) -> list[str]:
    return [item["sku"] for item in response.json()["results"]]


def test_product_list_is_paginated_with_camel_case_keys(api_client, catalog):
    response = api_client.get("/api/products")

    body = response.json()
    assert response.status_code == 200
    assert set(body) == {"count", "next", "previous", "results", "facets"}
    assert body["count"] == 3
    item = next(i for i in body["results"] if i["sku"] == "IPE-200")
    assert item["pricePerUnit"] == "114.24"
    assert item["baseUnit"] == "m"
    assert item["lengthM"] == "12.000"
    assert item["category"]["slug"] == "profile-ipe"
    assert item["id"] == str(catalog["ipe200"].id)


def test_inactive_products_are_never_listed(api_client, catalog):
    assert "OLD-1" not in skus(api_client.get("/api/products"))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("category=profile-laminate", {"IPE-200", "IPE-220"}, id="parent-category-includes-children"),
        pytest.param("category=profile-ipe", {"IPE-200", "IPE-220"}, id="leaf-category"),
        pytest.param("category=unknown", set(), id="unknown-category-is-empty"),
        pytest.param("search=teava 40 x 40 x 3", {"TP-40X40X3"}, id="search-dimensions-no-diacritics"),
        pytest.param("search=IPE 220", {"IPE-220"}, id="search-words"),
        pytest.param("search=ipe220", {"IPE-220"}, id="search-glued-section"),
        pytest.param("grade=S355J2", {"IPE-220"}, id="grade"),
        pytest.param("grade=s235jr,S235JRH", {"IPE-200", "TP-40X40X3"}, id="grades-case-insensitive"),
        pytest.param("availability=on_request", {"IPE-220"}, id="availability"),
        pytest.param("minPrice=100", {"IPE-200", "IPE-220"}, id="min-price"),
        pytest.param("maxPrice=114.24", {"IPE-200", "TP-40X40X3"}, id="max-price-inclusive"),
        pytest.param("minPrice=20&maxPrice=120", {"IPE-200", "TP-40X40X3"}, id="price-range"),
    ],
)
def test_product_filters(api_client, catalog, query, expected):
    response = api_client.get(f"/api/products?{query}")

    assert response.status_code == 200
    assert set(skus(response)) == expected


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("price", ["TP-40X40X3", "IPE-200", "IPE-220"]),
        ("-price", ["IPE-220", "IPE-200", "TP-40X40X3"]),
        ("title", ["IPE-200", "IPE-220", "TP-40X40X3"]),
        ("-title", ["TP-40X40X3", "IPE-220", "IPE-200"]),
        ("createdAt", ["IPE-200", "IPE-220", "TP-40X40X3"]),
        ("-createdAt", ["TP-40X40X3", "IPE-220", "IPE-200"]),
    ],
)
def test_product_ordering(api_client, catalog, ordering, expected):
    assert skus(api_client.get(f"/api/products?ordering={ordering}")) == expected


def test_invalid_filters_are_400_with_a_message_per_parameter(api_client, catalog):
    response = api_client.get("/api/products?minPrice=ieftin&availability=maine&ordering=random")

    body = response.json()
    assert response.status_code == 400
    assert body["error"] == "Datele trimise nu sunt valide."
    assert set(body["details"]) == {"minPrice", "availability", "ordering"}


def test_page_size_is_capped_at_100(api_client):
    ProductFactory.create_batch(105)

    response = api_client.get("/api/products?pageSize=500")

    assert len(response.json()["results"]) == 100
    assert response.json()["next"] is not None


def test_page_and_page_size(api_client, catalog):
    response = api_client.get("/api/products?pageSize=2&page=2&ordering=title")

    assert skus(response) == ["TP-40X40X3"]
    assert response.json()["previous"] is not None


def test_page_beyond_the_last_is_404_envelope(api_client, catalog):
    response = api_client.get("/api/products?page=9")

    assert response.status_code == 404
    assert set(response.json()) == {"error", "code", "details"}


def test_product_detail_by_id_and_by_slug(api_client, catalog):
    product = catalog["ipe200"]

    by_id = api_client.get(f"/api/products/{product.id}")
    by_slug = api_client.get(f"/api/products/{product.slug}")

    assert by_id.status_code == by_slug.status_code == 200
    assert by_id.json() == by_slug.json()
    body = by_id.json()
    assert body["averageRating"] == "0.00"
    assert body["ratingCount"] == 0
    assert body["acceptedUnits"] == ["kg", "m", "pcs"]


@pytest.mark.parametrize("key", ["no-such-product", "00000000-0000-0000-0000-000000000000", "old-1"])
def test_missing_or_inactive_product_is_404(api_client, catalog, key):
    response = api_client.get(f"/api/products/{key}")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("suffix", ["", "/estimate?quantity=1&unit=m", "/ratings"])
def test_a_key_that_is_neither_id_nor_slug_is_a_json_404(api_client, catalog, suffix):
    response = api_client.get(f"/api/products/ipe%00200{suffix}")  # a NUL: PostgreSQL refused the query (500)

    assert response.status_code == 404
    assert response.json() == {"error": "Nu a fost găsit.", "code": "not_found", "details": {}}


def test_category_tree_counts_products_of_subcategories(api_client, catalog):
    response = api_client.get("/api/categories")

    tree = {node["slug"]: node for node in response.json()}
    assert response.status_code == 200
    assert tree["profile-laminate"]["productCount"] == 2
    assert tree["profile-laminate"]["children"][0]["slug"] == "profile-ipe"
    assert tree["profile-laminate"]["children"][0]["productCount"] == 2
    assert tree["tevi-patrate"]["productCount"] == 1


def test_estimate_converts_and_prices(api_client, catalog):
    response = api_client.get(f"/api/products/{catalog['ipe200'].slug}/estimate?quantity=14&unit=m")

    body = response.json()
    assert response.status_code == 200
    assert (body["weightKg"], body["lengthM"], body["pieces"]) == ("313.600", "14.000", "1.167")
    assert (body["net"], body["vat"], body["gross"], body["currency"]) == (
        "1599.36",
        "335.87",
        "1935.23",
        "RON",
    )


def test_estimate_refuses_a_unit_the_product_cannot_use(api_client):
    sheet = ProductFactory(title="Tablă 2000x1000x3", base_unit="pcs", weight=Decimal("47.1"), length_m=None)

    response = api_client.get(f"/api/products/{sheet.id}/estimate?quantity=3&unit=m")

    assert response.status_code == 400
    assert "Tablă 2000x1000x3" in response.json()["details"]["unit"][0]
    assert "kg, buc" in response.json()["details"]["unit"][0]


@pytest.mark.parametrize("quantity", ["", "abc", "0", "-1", "1e9"])
def test_estimate_rejects_bad_quantities(api_client, catalog, quantity):
    response = api_client.get(f"/api/products/{catalog['ipe200'].id}/estimate?quantity={quantity}&unit=m")

    assert response.status_code == 400
    assert "quantity" in response.json()["details"]


@pytest.mark.parametrize("page_size", [5, 100])
def test_list_query_count_does_not_depend_on_page_size(api_client, django_assert_max_num_queries, page_size):
    ProductFactory.create_batch(100)

    with django_assert_max_num_queries(5):  # category tree (3, cached for an hour), count, page
        response = api_client.get(f"/api/products?pageSize={page_size}")

    assert len(response.json()["results"]) == page_size


def test_products_of_an_inactive_category_or_its_subcategories_are_hidden(api_client, catalog):
    profiles = catalog["ipe200"].category.parent
    profiles.is_active = False
    profiles.save()

    listed = skus(api_client.get("/api/products"))
    tree = {node["slug"] for node in api_client.get("/api/categories").json()}

    assert listed == ["TP-40X40X3"]
    assert "profile-laminate" not in tree
    assert "profile-ipe" not in tree
    assert api_client.get(f"/api/products/{catalog['ipe200'].id}").status_code == 404
