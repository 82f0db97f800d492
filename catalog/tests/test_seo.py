"""What search engines read: robots.txt, the sitemap, canonical and OpenGraph tags, JSON-LD, and
301s from a product's old addresses."""

import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from catalog.models import Product
from catalog.services import product_update
from catalog.tests.factories import CategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db

HOST = "http://testserver"
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
JSON_LD = re.compile(r'<script type="application/ld\+json" nonce="([^"]*)">(.*?)</script>', re.S)


@pytest.fixture
def ipe():
    parent = CategoryFactory(name="Profile laminate", slug="profile-laminate")
    category = CategoryFactory(name="Profile IPE", slug="profile-ipe", parent=parent)
    return ProductFactory(
        sku="IPE-200-S235JR",
        title="Profil IPE 200 S235JR",
        slug="profil-ipe-200-s235jr",
        category=category,
        price_per_unit=Decimal("114.24"),
    )


def json_ld(html: str) -> dict[str, dict]:
    """The page's JSON-LD blocks by @type."""
    return {data["@type"]: data for data in (json.loads(body) for _nonce, body in JSON_LD.findall(html))}


def meta(html: str, prop: str) -> str:
    return re.search(rf'<meta property="{prop}" content="([^"]*)">', html).group(1)


def canonical(html: str) -> str:
    return re.search(r'<link rel="canonical" href="([^"]*)">', html).group(1)


def rename(product: Product, slug: str) -> None:
    product.slug = slug
    product_update(product=product)


# --- robots.txt and sitemap.xml ------------------------------------------------------------------


def test_robots_allows_the_catalog_and_points_to_the_sitemap(client):
    response = client.get("/robots.txt")

    body = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "User-agent: *\nAllow: /\n" in body
    for path in ("/admin/", "/api/", "/cont/", "/cos/", "/cerere-oferta/", "/lista-materiale/", "/plata/"):
        assert f"Disallow: {path}\n" in body
    assert "Disallow: /catalog/" not in body
    assert "Disallow: /produs/" not in body
    assert f"Sitemap: {HOST}/sitemap.xml" in body


def _locations(client, url: str) -> list[str]:
    response = client.get(urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query else ""))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return [loc.text for loc in ET.fromstring(response.content).iter(f"{{{SITEMAP_NS['sm']}}}loc")]


def test_sitemap_index_leads_to_home_catalog_categories_and_products(client, ipe):
    hidden = CategoryFactory(name="Arhiva", slug="arhiva", is_active=False)
    ProductFactory(slug="in-arhiva", category=hidden)
    ProductFactory(slug="retras", is_active=False)

    sections = _locations(client, "/sitemap.xml")
    urls = [url for section in sections for url in _locations(client, section)]

    assert all(section.startswith(f"{HOST}/sitemap-") for section in sections)
    assert {f"{HOST}/", f"{HOST}/catalog/"} <= set(urls)
    assert {f"{HOST}/catalog/profile-ipe/", f"{HOST}/catalog/profile-laminate/"} <= set(urls)
    assert f"{HOST}/produs/profil-ipe-200-s235jr/" in urls
    assert not {f"{HOST}/catalog/arhiva/", f"{HOST}/produs/in-arhiva/", f"{HOST}/produs/retras/"} & set(urls)


def test_sitemap_products_carry_their_last_change(client, ipe):
    root = ET.fromstring(client.get("/sitemap-products.xml").content)

    lastmod = root.find("sm:url/sm:lastmod", SITEMAP_NS).text
    assert lastmod.startswith(ipe.updated_at.date().isoformat())


def test_sitemap_follows_catalog_changes(client, ipe):
    client.get("/sitemap-products.xml")  # cached

    ProductFactory(slug="teava-nou")

    assert f"{HOST}/produs/teava-nou/" in _locations(client, "/sitemap-products.xml")


# --- canonical and OpenGraph ---------------------------------------------------------------------


def test_product_page_canonical_and_og_ignore_query_noise(client, ipe):
    html = client.get(ipe.get_absolute_url(), {"utm_source": "x", "reviews": "2"}).content.decode()

    assert canonical(html) == f"{HOST}/produs/profil-ipe-200-s235jr/"
    assert meta(html, "og:url") == canonical(html)
    assert meta(html, "og:type") == "product"
    assert meta(html, "og:title") == "Profil IPE 200 S235JR"
    assert meta(html, "og:site_name") == "MetalPro"
    assert "114,24 lei" in meta(html, "og:description")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"utm_campaign": "x", "grade": "S235JR"}, "/catalog/profile-ipe/"),
        ({"page": "1"}, "/catalog/profile-ipe/"),
        ({"page": "2", "fbclid": "y"}, "/catalog/profile-ipe/?page=2"),
    ],
    ids=["noise-dropped", "first-page", "page-kept"],
)
def test_category_canonical_keeps_only_the_page(client, ipe, query, expected):
    ProductFactory.create_batch(30, category=ipe.category)

    html = client.get("/catalog/profile-ipe/", query).content.decode()

    assert canonical(html) == HOST + expected
    assert meta(html, "og:title") == "Profile IPE"
    assert meta(html, "og:type") == "website"


def test_home_page_canonical_and_og(client, ipe):
    html = client.get("/", {"gclid": "abc"}).content.decode()

    assert canonical(html) == f"{HOST}/"
    assert meta(html, "og:url") == f"{HOST}/"
    assert meta(html, "og:type") == "website"
    assert meta(html, "og:description")


# --- JSON-LD -------------------------------------------------------------------------------------


def test_product_json_ld_has_the_offer(client, ipe):
    data = json_ld(client.get(ipe.get_absolute_url()).content.decode())["Product"]

    offer = data["offers"]
    assert data["@context"] == "https://schema.org"
    assert (data["name"], data["sku"], data["url"]) == (ipe.title, ipe.sku, f"{HOST}{ipe.get_absolute_url()}")
    assert (offer["@type"], offer["price"], offer["priceCurrency"]) == ("Offer", "114.24", "RON")
    assert offer["availability"] == "https://schema.org/InStock"
    assert offer["priceSpecification"]["unitCode"] == "MTR"
    assert offer["priceSpecification"]["unitText"] == "m"
    assert "aggregateRating" not in data


@pytest.mark.parametrize(
    ("availability", "schema"),
    [
        (Product.Availability.IN_STOCK, "https://schema.org/InStock"),
        (Product.Availability.ON_REQUEST, "https://schema.org/BackOrder"),
        (Product.Availability.OUT_OF_STOCK, "https://schema.org/OutOfStock"),
    ],
    ids=["in-stock", "on-request", "out-of-stock"],
)
def test_product_json_ld_maps_availability(client, availability, schema):
    product = ProductFactory(availability=availability)

    data = json_ld(client.get(product.get_absolute_url()).content.decode())["Product"]

    assert data["offers"]["availability"] == schema


def test_product_json_ld_has_the_rating_once_rated(client, ipe):
    Product.objects.filter(pk=ipe.pk).update(rating_average=Decimal("4.50"), rating_count=12)

    data = json_ld(client.get(ipe.get_absolute_url()).content.decode())["Product"]

    assert data["aggregateRating"]["ratingValue"] == "4.50"
    assert data["aggregateRating"]["ratingCount"] == 12


def test_product_breadcrumbs_run_from_home_to_the_product(client, ipe):
    data = json_ld(client.get(ipe.get_absolute_url()).content.decode())["BreadcrumbList"]

    items = data["itemListElement"]
    assert [item["position"] for item in items] == [1, 2, 3, 4, 5]
    assert [item["name"] for item in items] == [
        "Acasă",
        "Catalog",
        "Profile laminate",
        "Profile IPE",
        "Profil IPE 200 S235JR",
    ]
    assert items[-1]["item"] == f"{HOST}/produs/profil-ipe-200-s235jr/"
    assert items[3]["item"] == f"{HOST}/catalog/profile-ipe/"


def test_category_breadcrumbs_end_at_the_category(client, ipe):
    data = json_ld(client.get("/catalog/profile-ipe/").content.decode())["BreadcrumbList"]

    assert [item["name"] for item in data["itemListElement"]] == ["Acasă", "Catalog", "Profile laminate", "Profile IPE"]


def test_home_page_names_the_organization(client, settings):
    data = json_ld(client.get("/").content.decode())["Organization"]

    assert data["name"] == settings.SELLER["name"]
    assert data["url"] == f"{HOST}/"
    assert data["email"] == settings.SELLER["email"]
    assert data["telephone"] == settings.SELLER["phone"]


def test_a_script_tag_in_a_title_stays_inside_the_json_ld(client, ipe):
    ipe.title = "IPE </script><script>alert(1)</script> & <!--"
    ipe.save()

    html = client.get(ipe.get_absolute_url()).content.decode()

    assert "<script>alert(1)" not in html
    assert json_ld(html)["Product"]["name"] == "IPE </script><script>alert(1)</script> & <!--"


def test_json_ld_carries_the_response_nonce_also_from_the_page_cache(client, ipe):
    for _ in range(2):  # rendered for the cache, then served from it
        response = client.get(ipe.get_absolute_url())
        nonces = {nonce for nonce, _body in JSON_LD.findall(response.content.decode())}

        assert len(nonces) == 1
        assert f"'nonce-{nonces.pop()}'" in response["Content-Security-Policy"]


def test_signed_in_pages_get_the_request_nonce(client, user, ipe):
    client.force_login(user)

    response = client.get(ipe.get_absolute_url())

    nonce = JSON_LD.search(response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]


# --- 301 when a slug changes ---------------------------------------------------------------------


def test_an_old_slug_answers_301_to_the_new_one(client, ipe):
    client.get(ipe.get_absolute_url())  # the old page is in the page cache

    rename(ipe, "profil-ipe-200-s235jr-12m")

    response = client.get("/produs/profil-ipe-200-s235jr/", {"quantity": "3", "unit": "m"})
    assert response.status_code == 301
    assert response["Location"] == "/produs/profil-ipe-200-s235jr-12m/?quantity=3&unit=m"
    assert client.get("/produs/profil-ipe-200-s235jr/").status_code == 301  # also from the cache
    assert client.get("/produs/profil-ipe-200-s235jr-12m/").status_code == 200


def test_a_chain_of_renames_is_one_hop(client, ipe):
    rename(ipe, "ipe-200-b")
    rename(ipe, "ipe-200-c")

    for old in ("profil-ipe-200-s235jr", "ipe-200-b"):
        response = client.get(f"/produs/{old}/")
        assert (response.status_code, response["Location"]) == (301, "/produs/ipe-200-c/")


def test_renaming_back_makes_the_slug_live_again(client, ipe):
    rename(ipe, "ipe-200-b")
    rename(ipe, "profil-ipe-200-s235jr")

    assert client.get("/produs/profil-ipe-200-s235jr/").status_code == 200
    assert client.get("/produs/ipe-200-b/").status_code == 301


def test_unknown_slugs_and_hidden_products_still_404(client, ipe):
    rename(ipe, "ipe-200-b")
    ipe.is_active = False
    product_update(product=ipe)

    assert client.get("/produs/nu-exista/").status_code == 404
    assert client.get("/produs/profil-ipe-200-s235jr/").status_code == 404


def test_a_slug_changed_in_the_admin_redirects(operator_client, client, ipe):
    response = operator_client.post(
        reverse("admin:catalog_product_change", args=[ipe.id]),
        {
            "sku": ipe.sku,
            "title": ipe.title,
            "slug": "profil-ipe-200-nou",
            "category": ipe.category_id,
            "is_active": "on",
            "metadata": "{}",
            "base_unit": "m",
            "price_per_unit": "114.24",
            "availability": "in_stock",
            "stock": "10",
        },
    )

    assert response.status_code == 302
    assert client.get("/produs/profil-ipe-200-s235jr/")["Location"] == "/produs/profil-ipe-200-nou/"
