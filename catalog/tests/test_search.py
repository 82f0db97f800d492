"""Search as buyers type: the same tests run on SQLite (make test, and a CI step) and PostgreSQL
(CI's main run): LIKE over the normalised column on one, the full-text GIN index on the other."""

import pytest
from django.db import connection

from bench.search_eval.queries import QUERIES
from catalog.filters import tsquery
from catalog.selectors import product_listing
from catalog.services import demo_catalog_ensure
from catalog.tests.factories import CategoryFactory, ProductFactory
from catalog.text import normalize, search_terms


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


@pytest.mark.parametrize(
    "spellings",
    [
        pytest.param(["40x40x3", "40 x 40 x 3", "40*40*3", "40X40X3", "40×40×3"], id="dimensions"),
        pytest.param(["0,5", "0.5"], id="decimal-comma"),
        pytest.param(["Ø20", "D20", "ø20", "d 20", "⌀20"], id="diameter"),
        pytest.param(["țeavă", "ţeavă", "teava", "TEAVA"], id="diacritics"),
    ],
)
def test_every_spelling_normalises_to_the_same_text(spellings):
    assert len({normalize(spelling) for spelling in spellings}) == 1


@pytest.mark.parametrize(
    ("spellings", "sku"),
    [
        pytest.param(["teava 40x40x3", "teava 40 x 40 x 3", "teava 40*40*3"], "TP-40X40X3", id="dimensions"),
        pytest.param(["tabla zincata 2000x1000x0,5", "tabla zincata 2000x1000x0.5"], "TZ-2000X1000X0.5", id="comma"),
        pytest.param(["otel rotund Ø20 C45", "otel rotund D20 C45"], "OR-20-C45", id="diameter"),
    ],
)
def test_every_spelling_of_a_size_finds_the_same_product_first(demo_catalog, spellings, sku):
    assert [top(spelling, 1) for spelling in spellings] == [[sku]] * len(spellings)


def test_a_query_with_diacritics_finds_a_product_written_without(db):
    ProductFactory(sku="TV-25", title="Teava patrata 25x25x2", category=CategoryFactory(name="Tevi", slug="tevi"))

    assert top("țeavă pătrată 25x25x2") == ["TV-25"]


def test_a_query_without_diacritics_finds_a_product_written_with(db):
    ProductFactory(sku="TV-25", title="Țeavă pătrată 25x25x2", category=CategoryFactory(name="Țevi", slug="tevi"))

    assert top("teava patrata 25x25x2") == ["TV-25"]


@pytest.mark.parametrize(
    ("query", "sku"),
    [
        ("teava 60x40x3", "TR-60X40X3"),
        ("țeavă 60x40x3", "TR-60X40X3"),
        ("tube 60x40x3", "TR-60X40X3"),
        ("pipe 60x40x3", "TR-60X40X3"),
        ("RHS 60x40x3", "TR-60X40X3"),
        ("SHS 40x40x3", "TP-40X40X3"),
        ("tabla neagra 2000x1000x4", "TN-2000X1000X4-S235JR"),
        ("tablă neagră 2000x1000x4", "TN-2000X1000X4-S235JR"),
        ("black sheet 2000x1000x4", "TN-2000X1000X4-S235JR"),
        ("black plate 2000x1000x4", "TN-2000X1000X4-S235JR"),
        ("cornier 50x50x5", "L-50X50X5"),
        ("angle 50x50x5", "L-50X50X5"),
        ("platbanda 50x6", "PL-50X6-S235JR"),
        ("flat bar 50x6", "PL-50X6-S235JR"),
    ],
)
def test_family_synonyms_find_the_product(demo_catalog, query, sku):
    assert sku in top(query)


@pytest.mark.parametrize(
    ("query", "skus"),
    [
        ("rectangular tube 40x20", {"TR-40X20X2"}),
        ("galvanized sheet 0.5", {"TZ-2000X1000X0.5", "TZ-2500X1250X0.5"}),
        ("flat bar 40x5", {"PL-40X5-S235JR"}),
    ],
)
def test_english_queries_find_the_product_through_the_api(api_client, demo_catalog, query, skus):
    response = api_client.get("/api/products", {"search": query}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response.json()["results"][0]["sku"] in skus


def test_the_sku_comes_before_products_that_only_mention_it(db):
    ProductFactory(sku="HEA-200", title="Profil HEA 200 S235JR")
    ProductFactory(sku="HEA-200-S355", title="Profil HEA 200 S355 (like HEA-200)")

    assert top("hea-200-s355", 1) == ["HEA-200-S355"]
    assert top("HEA-200", 1) == ["HEA-200"]


def test_a_whole_size_ranks_before_the_same_digits_inside_a_longer_size(db):
    ProductFactory(sku="A", title="Teava patrata 140x40x3")  # sorts first by title without the rank
    ProductFactory(sku="B", title="Teava patrata 40x40x3")

    assert top("teava 40x40x3", 1) == ["B"]


def test_a_thickness_ranks_the_sheet_of_that_thickness_first(db):
    for sku, size in (("T10", "2000x1000x10"), ("T1", "2000x1000x1"), ("T12", "2000x1000x12")):
        ProductFactory(sku=sku, title=f"Tabla neagra {size}")

    assert top("tabla 1 mm", 1) == ["T1"]


@pytest.mark.parametrize(
    "query", ["'", "a' | b:* & !c", "\\", "((", "teava:*", "<->", "& | !", "ț" * 200, "40x" * 60, "\x00"]
)
def test_odd_search_input_is_answered_without_error(api_client, demo_catalog, query):
    response = api_client.get("/api/products", {"search": query})

    assert response.status_code in (200, 400)


@pytest.mark.parametrize(
    ("terms", "expected"),
    [
        ([("40x40x3",), ("teava",)], "('40x40x3':*) & ('teava':*)"),
        ([("zincat", "zincata"), ("0.5",)], "('zincat':* | 'zincata':*) & ('0.5':*)"),
    ],
)
def test_terms_become_a_prefix_tsquery(terms, expected):
    assert tsquery(terms) == expected


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the full-text index exists on PostgreSQL only")
def test_postgresql_search_uses_the_full_text_index(demo_catalog):
    queryset = product_listing(filters={"search": "teava patrata 40x40x3"}).products.values("id")
    sql, params = queryset.query.sql_with_params()

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny test table would be scanned otherwise
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "product_search_words_idx" in plan
