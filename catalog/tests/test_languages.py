"""The catalog in two languages: English names on English pages and in the API, hreflang
alternates on pages and in the sitemap, and caches that keep the languages apart."""

import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from catalog.tests.factories import CategoryFactory, ProductFactory
from tests.i18n import english

pytestmark = pytest.mark.django_db

HOST = "http://testserver"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def tube():
    parent = CategoryFactory(name="Țevi", name_en="Tubes", slug="tevi")
    category = CategoryFactory(
        name="Țevi rectangulare",
        name_en="Rectangular tubes",
        slug="tevi-rectangulare",
        parent=parent,
        description="Țevi formate la rece.",
        description_en="Cold-formed hollow sections.",
    )
    return ProductFactory(
        sku="TR-40X20X2",
        title="Țeavă rectangulară 40x20x2 S235JRH",
        title_en="Rectangular tube 40x20x2 S235JRH",
        description="Țeavă sudată.",
        description_en="Welded tube.",
        slug="teava-rectangulara-40x20x2",
        category=category,
        price_per_unit=Decimal("1234.5"),
    )


def alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


# --- API -----------------------------------------------------------------------------------------


def test_api_product_keeps_the_stored_title_and_adds_the_english_one(api_client, tube):
    item = api_client.get("/api/products").json()["results"][0]

    assert item["title"] == "Țeavă rectangulară 40x20x2 S235JRH"
    assert item["titleEn"] == "Rectangular tube 40x20x2 S235JRH"
    assert item["displayTitle"] == "Țeavă rectangulară 40x20x2 S235JRH"
    assert item["category"]["nameEn"] == "Rectangular tubes"


def test_api_display_names_follow_accept_language(api_client, tube):
    api_client.get("/api/products")  # the Romanian answer, cached

    item = api_client.get("/api/products", **EN).json()["results"][0]

    assert item["displayTitle"] == "Rectangular tube 40x20x2 S235JRH"
    assert item["category"]["displayName"] == "Rectangular tubes"
    assert item["title"] == "Țeavă rectangulară 40x20x2 S235JRH"


def test_api_product_detail_has_both_descriptions(api_client, tube):
    body = api_client.get(f"/api/products/{tube.slug}", **EN).json()

    assert (body["description"], body["descriptionEn"], body["displayDescription"]) == (
        "Țeavă sudată.",
        "Welded tube.",
        "Welded tube.",
    )


def test_api_category_tree_has_english_names(api_client, tube):
    roots = api_client.get("/api/categories", **EN).json()

    assert roots[0]["name"] == "Țevi"
    assert roots[0]["nameEn"] == "Tubes"
    assert roots[0]["displayName"] == "Tubes"
    assert roots[0]["children"][0]["displayName"] == "Rectangular tubes"


def test_api_suggestions_have_the_title_in_the_request_language(api_client, tube):
    results = api_client.get("/api/products/suggest?q=rectangular", **EN).json()["results"]

    assert [item["displayTitle"] for item in results] == ["Rectangular tube 40x20x2 S235JRH"]


def test_a_product_without_an_english_title_shows_the_romanian_one(api_client):
    ProductFactory(title="Profil special", title_en="")

    item = api_client.get("/api/products", **EN).json()["results"][0]

    assert item["displayTitle"] == "Profil special"


def test_schema_documents_the_english_fields(client):
    schema = client.get("/api/schema", HTTP_ACCEPT="application/json").json()["components"]["schemas"]

    assert {"titleEn", "displayTitle"} <= set(schema["ProductOutput"]["properties"])
    assert {"descriptionEn", "displayDescription"} <= set(schema["ProductDetail"]["properties"])
    assert {"nameEn", "displayName"} <= set(schema["CategoryRef"]["properties"])
    assert {"nameEn", "displayName"} <= set(schema["CategoryNode"]["properties"])


# --- Pages -----------------------------------------------------------------------------------------


def test_the_english_product_page_shows_english_names(client, tube):
    html = client.get(english(tube.get_absolute_url())).content.decode()

    assert '<h1 class="product__title">Rectangular tube 40x20x2 S235JRH</h1>' in html
    assert "Rectangular tubes" in html
    assert "Welded tube." in html
    assert "1,234.50 RON" in html
    assert "Țeavă" not in html


def test_the_romanian_product_page_keeps_romanian_names(client, tube):
    html = client.get(tube.get_absolute_url()).content.decode()

    assert '<h1 class="product__title">Țeavă rectangulară 40x20x2 S235JRH</h1>' in html
    assert "1.234,50 lei" in html


def test_english_json_ld_names_the_product_in_english(client, tube):
    html = client.get(english(tube.get_absolute_url())).content.decode()

    blocks = [json.loads(body) for body in re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html)]
    product = next(block for block in blocks if block["@type"] == "Product")
    assert (product["name"], product["category"], product["inLanguage"]) == (
        "Rectangular tube 40x20x2 S235JRH",
        "Rectangular tubes",
        "en",
    )


@pytest.mark.parametrize(
    ("path", "canonical"),
    [
        pytest.param("/produs/teava-rectangulara-40x20x2/", "/produs/teava-rectangulara-40x20x2/", id="ro"),
        pytest.param("/en/produs/teava-rectangulara-40x20x2/", "/en/produs/teava-rectangulara-40x20x2/", id="en"),
    ],
)
def test_a_page_has_its_own_canonical_and_both_hreflang_alternates(client, tube, path, canonical):
    html = client.get(path).content.decode()

    assert f'<link rel="canonical" href="{HOST}{canonical}">' in html
    assert alternates(html) == {
        "ro": f"{HOST}/produs/teava-rectangulara-40x20x2/",
        "en": f"{HOST}/en/produs/teava-rectangulara-40x20x2/",
        "x-default": f"{HOST}/produs/teava-rectangulara-40x20x2/",
    }


@pytest.mark.parametrize(("path", "locale"), [("/catalog/", "ro_RO"), ("/en/catalog/", "en_US")])
def test_og_locale_follows_the_page_language(client, tube, path, locale):
    html = client.get(path).content.decode()

    assert f'<meta property="og:locale" content="{locale}">' in html


def test_listing_pages_keep_the_page_number_in_their_alternates(client):
    ProductFactory.create_batch(30)

    html = client.get("/en/catalog/?page=2&ordering=price").content.decode()

    assert alternates(html)["ro"] == f"{HOST}/catalog/?page=2"
    assert alternates(html)["en"] == f"{HOST}/en/catalog/?page=2"


# --- Caches keep the languages apart ------------------------------------------------------------------


def test_the_cached_romanian_listing_does_not_leak_into_the_english_one(client, tube):
    client.get("/catalog/")  # the page and its product cards cached in Romanian

    html = client.get("/en/catalog/").content.decode()

    assert "Rectangular tube 40x20x2 S235JRH" in html
    assert "Țeavă rectangulară" not in html
    assert 'href="/en/produs/teava-rectangulara-40x20x2/"' in html


def test_the_cached_english_navigation_does_not_leak_into_the_romanian_pages(client, tube):
    client.get("/en/")

    html = client.get("/").content.decode()

    assert ">Țevi</a>" in html
    assert ">Tubes</a>" not in html


# --- Sitemap -------------------------------------------------------------------------------------------


def sitemap_urls(client, path: str) -> dict[str, dict[str, str]]:
    """{location: {hreflang: href}} of a sitemap section, parsed."""
    root = ET.fromstring(client.get(path).content)
    return {
        url.find("sm:loc", NS).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link[@rel='alternate']", NS)
        }
        for url in root.findall("sm:url", NS)
    }


def test_the_sitemap_lists_each_product_in_both_languages_with_alternates(client, tube):
    urls = sitemap_urls(client, "/sitemap-products.xml")

    ro, en = f"{HOST}/produs/teava-rectangulara-40x20x2/", f"{HOST}/en/produs/teava-rectangulara-40x20x2/"
    assert set(urls) == {ro, en}
    assert urls[ro] == urls[en] == {"ro": ro, "en": en, "x-default": ro}


def test_the_sitemap_lists_categories_and_static_pages_in_both_languages(client, tube):
    categories = sitemap_urls(client, "/sitemap-categories.xml")
    pages = sitemap_urls(client, "/sitemap-pages.xml")

    assert {f"{HOST}/catalog/tevi-rectangulare/", f"{HOST}/en/catalog/tevi-rectangulare/"} <= set(categories)
    assert set(pages) == {f"{HOST}/", f"{HOST}/en/", f"{HOST}/catalog/", f"{HOST}/en/catalog/"}
    assert pages[f"{HOST}/en/"]["x-default"] == f"{HOST}/"


def test_robots_keeps_crawlers_off_private_pages_in_both_languages(client):
    lines = client.get("/robots.txt").content.decode().splitlines()

    assert {"Disallow: /cos/", "Disallow: /en/cos/", "Disallow: /en/cont/", "Disallow: /i18n/"} <= set(lines)
    assert "Disallow: /en/" not in lines
