"""Facet counts (category, grade, availability) on `GET /api/products` and the catalog pages.

Each facet is counted over the products matching every filter except its own (disjunctive), a
category counts its subtree, and only visible products count.
"""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Product
from catalog.selectors import product_facets
from catalog.tests.factories import CategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db

IN_STOCK, ON_REQUEST, OUT_OF_STOCK = Product.Availability.values


@pytest.fixture
def catalog():
    """Profile laminate > (Profile IPE, Profile HEA); Țevi; an inactive Arhivă with a product."""
    profiles = CategoryFactory(name="Profile laminate", name_en="Structural sections", slug="profile-laminate")
    ipe = CategoryFactory(name="Profile IPE", name_en="IPE beams", slug="profile-ipe", parent=profiles)
    hea = CategoryFactory(name="Profile HEA", name_en="HEA beams", slug="profile-hea", parent=profiles)
    tubes = CategoryFactory(name="Țevi", name_en="Tubes", slug="tevi")
    archive = CategoryFactory(name="Arhivă", slug="arhiva", is_active=False)

    def product(sku, category, grade, availability, price, title="Profil laminat"):
        return ProductFactory(
            sku=sku,
            title=f"{title} {sku}",
            category=category,
            grade=grade,
            availability=availability,
            price_per_unit=Decimal(price),
        )

    product("IPE-1", ipe, "S235JR", IN_STOCK, "100")
    product("IPE-2", ipe, "S355J2", ON_REQUEST, "150")
    product("IPE-3", ipe, "S235JR", OUT_OF_STOCK, "120")
    product("HEA-1", hea, "S355J2", IN_STOCK, "200")
    product("TUB-1", tubes, "S235JRH", IN_STOCK, "20", title="Țeavă pătrată 40x40x3")
    product("OLD-1", archive, "S235JR", IN_STOCK, "100")  # in an inactive category
    ProductFactory(sku="OFF-1", category=ipe, grade="S235JR", is_active=False)  # switched off


def api_facets(api_client, query: str = "") -> dict:
    response = api_client.get(f"/api/products{query}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.json()["facets"]


def counts(options: list[dict], key: str = "value") -> dict[str, int]:
    return {option[key]: option["count"] for option in options}


def test_counts_without_search(api_client, catalog):
    facets = api_facets(api_client)

    assert counts(facets["categories"], "slug") == {
        "profile-laminate": 4,
        "profile-ipe": 3,
        "profile-hea": 1,
        "tevi": 1,
    }
    assert counts(facets["grades"]) == {"S235JR": 2, "S355J2": 2, "S235JRH": 1}
    assert counts(facets["availability"]) == {IN_STOCK: 3, ON_REQUEST: 1, OUT_OF_STOCK: 1}


def test_counts_follow_the_search(api_client, catalog):
    facets = api_facets(api_client, "?search=teava")

    assert counts(facets["categories"], "slug") == {"tevi": 1}
    assert counts(facets["grades"]) == {"S235JRH": 1}
    assert counts(facets["availability"]) == {IN_STOCK: 1, ON_REQUEST: 0, OUT_OF_STOCK: 0}


def test_a_selected_grade_keeps_the_other_grades_counted(api_client, catalog):
    facets = api_facets(api_client, "?grade=S235JR")

    assert counts(facets["grades"]) == {"S235JR": 2, "S355J2": 2, "S235JRH": 1}  # not narrowed by itself
    assert counts(facets["categories"], "slug") == {"profile-laminate": 2, "profile-ipe": 2}  # narrowed by it
    assert counts(facets["availability"]) == {IN_STOCK: 1, ON_REQUEST: 0, OUT_OF_STOCK: 1}


def test_a_selected_availability_keeps_the_other_availabilities_counted(api_client, catalog):
    facets = api_facets(api_client, f"?availability={IN_STOCK}&category=profile-laminate")

    assert counts(facets["availability"]) == {IN_STOCK: 2, ON_REQUEST: 1, OUT_OF_STOCK: 1}
    assert counts(facets["grades"]) == {"S235JR": 1, "S355J2": 1}
    assert counts(facets["categories"], "slug") == {
        "profile-laminate": 2,
        "profile-ipe": 1,
        "profile-hea": 1,
        "tevi": 1,
    }


def test_a_selected_category_narrows_the_other_facets_to_its_subtree(api_client, catalog):
    facets = api_facets(api_client, "?category=profile-ipe")

    assert counts(facets["grades"]) == {"S235JR": 2, "S355J2": 1}
    assert counts(facets["availability"]) == {IN_STOCK: 1, ON_REQUEST: 1, OUT_OF_STOCK: 1}
    assert counts(facets["categories"], "slug")["profile-hea"] == 1  # the alternatives stay counted


def test_a_parent_category_counts_its_subtree(catalog):
    facets = product_facets(filters={"grade": "S355J2"})

    assert [(facet.slug, facet.depth, facet.count) for facet in facets.categories] == [
        ("profile-laminate", 0, 2),  # IPE-2 and HEA-1, from its two subcategories
        ("profile-hea", 1, 1),
        ("profile-ipe", 1, 1),
    ]


def test_price_filters_apply_to_every_facet(api_client, catalog):
    facets = api_facets(api_client, "?minPrice=110&maxPrice=160")

    assert counts(facets["categories"], "slug") == {"profile-laminate": 2, "profile-ipe": 2}
    assert counts(facets["grades"]) == {"S235JR": 1, "S355J2": 1}


def test_hidden_and_inactive_products_are_not_counted(api_client, catalog):
    facets = api_facets(api_client, "?grade=S235JR")

    assert "arhiva" not in counts(facets["categories"], "slug")
    assert counts(facets["grades"])["S235JR"] == 2  # not OLD-1 (inactive category), not OFF-1 (inactive)


def test_the_total_is_the_listing_count(api_client, catalog):
    body = api_client.get("/api/products?grade=S235JR,S355J2&availability=in_stock").json()

    assert body["count"] == product_facets(filters={"grade": "S235JR,S355J2", "availability": [IN_STOCK]}).total == 2


def test_api_shape_names_categories_in_the_request_language(api_client, catalog):
    body = api_client.get("/api/products?search=teava", HTTP_ACCEPT_LANGUAGE="en").json()

    assert set(body) == {"count", "next", "previous", "results", "facets"}
    assert body["facets"]["categories"] == [{"slug": "tevi", "name": "Tubes", "count": 1}]
    assert body["facets"]["grades"] == [{"value": "S235JRH", "count": 1}]
    assert body["facets"]["availability"][0] == {"value": IN_STOCK, "label": "In stock", "count": 1}


def test_a_selected_option_without_matches_is_still_listed(api_client, catalog):
    facets = api_facets(api_client, "?search=teava&grade=S355J2&category=profile-hea")

    assert {"value": "S355J2", "count": 0} in facets["grades"]
    assert {"slug": "profile-hea", "name": "HEA beams", "count": 0} in facets["categories"]


def test_the_schema_describes_the_facets(api_client):
    schema = api_client.get("/api/schema", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    listing = schema["paths"]["/api/products"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    component = schema["components"]["schemas"][listing["$ref"].rsplit("/", 1)[1]]
    assert set(component["properties"]) == {"count", "next", "previous", "results", "facets"}


# --- Pages ---------------------------------------------------------------------------------------
_OPTION = re.compile(
    r'name="(?P<name>grade|availability)" value="(?P<value>[^"]+)"(?P<checked> checked)?[^>]*>'
    r".*?data-facet-count>(?P<count>\d+)<",
    re.S,
)
_CATEGORY = re.compile(
    r'href="/[^"]*?/(?P<slug>[\w-]+)/(?:\?[^"]*)?"[^>]*><span class="catlist__name">[^<]*</span> '
    r'<span class="count" data-facet-count>(?P<count>\d+)<'
)


def page_facets(html: str) -> dict[str, dict[str, int]]:
    found: dict[str, dict[str, int]] = {"category": {}, "grade": {}, "availability": {}}
    for match in _OPTION.finditer(html):
        found[match["name"]][match["value"]] = int(match["count"])
    for match in _CATEGORY.finditer(html):
        found["category"][match["slug"]] = int(match["count"])
    return found


def test_the_search_page_shows_counts_next_to_every_option(client, catalog):
    html = client.get(reverse("catalog:products"), {"q": "profil"}).content.decode()

    assert page_facets(html) == {
        "category": {"profile-laminate": 4},  # a root; its subcategories show once it is chosen
        "grade": {"S235JR": 2, "S355J2": 2},
        "availability": {IN_STOCK: 2, ON_REQUEST: 1, OUT_OF_STOCK: 1},
    }


def test_the_category_page_hides_empty_options_but_keeps_selected_ones(client, catalog):
    url = reverse("catalog:category", args=["profile-laminate"])
    html = client.get(url, {"grade": ["S355J2", "S235JRH"], "availability": OUT_OF_STOCK}).content.decode()

    facets = page_facets(html)
    assert facets["category"] == {"profile-laminate": 0}  # no match anywhere, but it is the current one
    assert facets["grade"] == {"S235JR": 1, "S355J2": 0, "S235JRH": 0}  # none out of stock, but ticked
    assert facets["availability"] == {IN_STOCK: 1, ON_REQUEST: 1, OUT_OF_STOCK: 0}


def test_category_links_keep_the_other_filters(client, catalog):
    html = client.get(reverse("catalog:products"), {"q": "profil", "grade": "S235JR", "page": "1"}).content.decode()

    link = re.search(r'href="([^"]*/profile-laminate/[^"]*)"><span class="catlist__name">', html)[1]
    assert "q=profil" in link
    assert "grade=S235JR" in link
    assert "page=" not in link


def test_ticked_grades_combine(client, catalog):
    html = client.get(reverse("catalog:products"), {"grade": ["S235JR", "S235JRH"]}).content.decode()

    assert '<p class="toolbar__count">3 produse</p>' in html
    assert re.search(r'value="S235JR" checked', html)
    assert re.search(r'value="S235JRH" checked', html)


def test_cached_page_counts_change_with_the_catalog(client, catalog):
    url = reverse("catalog:category", args=["tevi"])
    before = page_facets(client.get(url).content.decode())["category"]["tevi"]

    ProductFactory(sku="TUB-2", category=CategoryFactory(slug="tevi"), grade="S235JRH")
    after = page_facets(client.get(url).content.decode())["category"]["tevi"]

    assert (before, after) == (1, 2)


def _queries(client, url: str, params: dict) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(context)


@pytest.mark.parametrize(
    "params",
    [
        pytest.param({}, id="unfiltered"),
        pytest.param({"q": "profil", "grade": "S235JR", "availability": IN_STOCK, "minPrice": "1"}, id="filtered"),
    ],
)
def test_the_page_query_count_does_not_depend_on_products_or_options(client, params):
    def add_categories(first: int, last: int) -> None:
        for n in range(first, last):  # products in new categories, and a grade more for each
            category = CategoryFactory(slug=f"categorie-{n}")
            ProductFactory.create_batch(5, category=category)
            ProductFactory(category=category, grade=f"S{n}")

    add_categories(0, 1)
    small = _queries(client, reverse("catalog:products"), params)
    add_categories(1, 13)

    large = _queries(client, reverse("catalog:products"), {**params, "page": "2"})

    assert large == small
    assert large <= 5  # category tree (2), facets (1, none unfiltered), page ids, cards


def test_the_api_query_count_does_not_depend_on_products_or_options(api_client, django_assert_max_num_queries):
    for n in range(12):
        ProductFactory.create_batch(5, category=CategoryFactory(slug=f"categorie-{n}"), grade=f"S{n}")

    with django_assert_max_num_queries(5):  # category tree (2), facets (also the count), page ids, items
        response = api_client.get("/api/products?search=profil&availability=in_stock&pageSize=50")

    assert len(response.json()["results"]) == 50


@pytest.mark.parametrize(
    "params",
    [
        pytest.param({"grade": '<b>"x', "availability": "bogus"}, id="markup-and-unknown-choice"),
        pytest.param({"grade": "S" * 500, "minPrice": "abc"}, id="too-long-and-not-a-number"),
        pytest.param({"category": "nu-exista", "q": "\x00"}, id="unknown-category-and-nul"),
    ],
)
def test_odd_filters_never_break_the_page(client, catalog, params):
    response = client.get(reverse("catalog:products"), params)

    assert response.status_code == 200
    assert "<b>" not in response.content.decode()
