"""Search as buyers type: the same tests run on SQLite (make test) and PostgreSQL (CI)."""

import pytest

from bench.search_eval.queries import QUERIES
from catalog.selectors import product_listing
from catalog.services import demo_catalog_ensure
from catalog.text import search_terms


@pytest.fixture
def demo_catalog(db):
    demo_catalog_ensure()


def top(query: str, n: int = 3) -> list[str]:
    return [p.sku for p in product_listing(filters={"search": query}).products[:n]]


def test_the_relevance_set_finds_the_product_in_the_top_three(demo_catalog):
    misses = [(query, sku, top(query)) for query, sku in QUERIES if sku not in top(query)]
    hit_at_3 = 1 - len(misses) / len(QUERIES)
    assert hit_at_3 >= 0.95, misses


@pytest.mark.parametrize("query", ["țeavă pătrată 40x40x3", "teava patrata 40x40x3", "TEAVA PATRATA 40X40X3"])
def test_diacritics_and_case_do_not_matter(demo_catalog, query):
    assert top(query, 1) == ["TP-40X40X3"]


@pytest.mark.parametrize("query", ["square tube 40x40x3", "SHS 40x40x3", "teava 40 x 40 x 3", "teava 40*40*3"])
def test_english_names_abbreviations_and_size_spellings_meet_the_same_product(demo_catalog, query):
    assert top(query, 1) == ["TP-40X40X3"]


def test_the_sku_itself_comes_first(demo_catalog):
    assert top("TR-40X20X2", 1) == ["TR-40X20X2"]


def test_a_size_as_a_whole_word_ranks_before_a_size_inside_another(demo_catalog):
    results = top("40x40x3", 10)
    assert results[0] == "TP-40X40X3"
    assert all(not sku.startswith("TP-140") for sku in results[:1])


def test_nothing_is_found_for_what_we_do_not_sell(demo_catalog):
    assert top("surub m16") == []


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("rectangular tube 40x20", [("rectangulara",), ("40x20",), ("teava",)]),
        ("tabla zincata 0,5", [("zincat", "zincata"), ("tabla",), ("0.5",)]),
        ("round bar Ø20", [("rotunda", "rotund"), ("d20",)]),
        ("steel", [("steel",)]),  # a filler word alone is still searched
    ],
)
def test_queries_become_terms_with_alternatives(query, terms):
    assert search_terms(query) == terms


def test_suggest_lists_products_as_the_buyer_types(client, demo_catalog):
    body = client.get("/api/products/suggest", {"q": "teava patrata 40x40"}).json()
    skus = [item["sku"] for item in body["results"]]
    assert "TP-40X40X3" in skus
    assert len(skus) <= 8
    assert body["results"][0]["url"].startswith("/produs/")
    assert body["didYouMean"] is None


@pytest.mark.parametrize("query", ["", "t", "   ", "%%%", "x" * 500])
def test_suggest_answers_short_or_odd_input_with_nothing(client, demo_catalog, query):
    response = client.get("/api/products/suggest", {"q": query})
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_a_misspelt_query_gets_a_did_you_mean_that_finds_products(client, demo_catalog):
    body = client.get("/api/products/suggest", {"q": "teava patrta 40x40x3"}).json()
    assert body["results"] == []
    assert body["didYouMean"] == "teava patrata 40x40x3"


def test_the_search_page_offers_the_corrected_spelling(client, demo_catalog):
    html = client.get("/catalog/", {"q": "cornir 50x50x5"}).content.decode()
    assert "?q=cornier%2050x50x5" in html
