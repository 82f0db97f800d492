"""Storefront pages, through the Django test client."""

import pytest
from django.urls import reverse

from catalog.tests.factories import CategoryFactory, ProductFactory
from tests.i18n import english

pytestmark = pytest.mark.django_db


@pytest.fixture
def ipe():
    parent = CategoryFactory(name="Profile laminate", slug="profile-laminate")
    category = CategoryFactory(name="Profile IPE", slug="profile-ipe", parent=parent)
    return ProductFactory(
        sku="IPE-200-S235JR",
        title="Profil IPE 200 S235JR",
        slug="profil-ipe-200-s235jr",
        category=category,
        metadata={"featured": True},
    )


def test_home_shows_categories_and_featured_products(client, ipe):
    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Profile laminate" in html
    assert "Profil IPE 200 S235JR" in html
    assert "114,24 lei" in html


def test_pages_are_romanian_by_default(client, ipe):
    html = client.get("/catalog/").content.decode()

    assert '<html lang="ro">' in html
    assert "Catalog produse" in html
    assert "fără TVA" in html


def test_category_page_lists_products_of_subcategories(client, ipe):
    ProductFactory(title="Țeavă pătrată 40x40x3", category=CategoryFactory(name="Țevi", slug="tevi"))

    response = client.get(reverse("catalog:category", args=["profile-laminate"]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Profil IPE 200 S235JR" in html
    assert "Țeavă pătrată" not in html
    assert "1 produs" in html


def test_unknown_category_is_a_friendly_404(client, ipe):
    response = client.get("/catalog/nu-exista/")

    assert response.status_code == 404
    assert "Pagina nu a fost găsită" in response.content.decode()


def test_search_box_finds_by_dimensions_without_diacritics(client, ipe):
    ProductFactory(title="Țeavă pătrată 40x40x3 S235JRH", dimensions="40x40x3")

    html = client.get("/catalog/?q=teava+40+x+40+x+3").content.decode()

    assert "Țeavă pătrată 40x40x3 S235JRH" in html
    assert "Profil IPE 200" not in html
    assert "Rezultate pentru „teava 40 x 40 x 3”" in html


def test_filters_narrow_the_list(client, ipe):
    ProductFactory(title="Profil IPE 300 S355J2", grade="S355J2", category=ipe.category)

    html = client.get("/catalog/profile-ipe/?grade=S355J2").content.decode()

    assert "Profil IPE 300 S355J2" in html
    assert "Profil IPE 200 S235JR" not in html


def test_invalid_filters_are_explained_not_fatal(client, ipe):
    response = client.get("/catalog/?minPrice=ieftin")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Unele filtre nu au fost aplicate" in html
    assert "Profil IPE 200 S235JR" in html


@pytest.mark.parametrize("page", ["0", "999", "abc", "-1"])
def test_any_page_number_renders_a_page(client, ipe, page):
    assert client.get(f"/catalog/?page={page}").status_code == 200


def test_no_results_page_offers_a_way_out(client, ipe):
    html = client.get("/catalog/?q=surub+m12").content.decode()

    assert "Niciun produs găsit" in html


def test_product_page_shows_specs_and_prices_with_and_without_vat(client, ipe):
    html = client.get(ipe.get_absolute_url()).content.decode()

    assert '<h1 class="product__title">Profil IPE 200 S235JR</h1>' in html
    assert "EN 10365" in html
    assert "22,4 kg/m" in html
    assert "114,24 lei" in html
    assert "138,23 lei / m cu TVA 21%" in html


def test_calculator_works_without_javascript(client, ipe):
    html = client.get(ipe.get_absolute_url(), {"quantity": "14", "unit": "m"}).content.decode()

    assert '<span data-out="kg">313,6</span> kg' in html
    assert "1.599,36 lei" in html
    assert "1.935,23 lei" in html


def test_calculator_accepts_a_decimal_comma(client, ipe):
    html = client.get(ipe.get_absolute_url(), {"quantity": "0,5", "unit": "pcs"}).content.decode()

    assert '<span data-out="m">6</span> m' in html


def test_calculator_reports_a_bad_quantity(client, ipe):
    html = client.get(ipe.get_absolute_url(), {"quantity": "multe", "unit": "m"}).content.decode()

    assert 'aria-invalid="true"' in html
    assert "Introduceţi un număr." in html


def test_unknown_or_inactive_product_is_404(client, ipe):
    ProductFactory(slug="retras", is_active=False)

    assert client.get("/produs/nu-exista/").status_code == 404
    assert client.get("/produs/retras/").status_code == 404
    assert client.get(f"/produs/{ipe.id}/").status_code == 404


@pytest.mark.parametrize("count", [5, 60])
def test_catalog_page_query_count_does_not_depend_on_rows(client, django_assert_max_num_queries, count):
    ProductFactory.create_batch(count)

    with django_assert_max_num_queries(6):  # tree (2), count, page, grades, session-less
        response = client.get("/catalog/")

    assert response.status_code == 200


def test_product_prices_render_in_english_on_the_english_page(client, ipe):
    html = client.get(english(ipe.get_absolute_url())).content.decode()

    assert "114.24 RON" in html
    assert "excl. VAT" in html


def test_a_broad_search_counts_every_match(client, ipe):
    ProductFactory.create_batch(27, title="Profil UNP 120 S235JR")  # 28 matches with the IPE

    html = client.get("/catalog/?q=profil").content.decode()

    assert '<p class="toolbar__count">28 de produse</p>' in html  # exact: the facets count every match
    assert html.count('class="product-card"') == 24
