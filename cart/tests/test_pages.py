"""The cart pages: a guest's cart lives with the session; the mini-cart cookie follows every change."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from cart.models import Cart, CartItem
from catalog.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ipe():
    return ProductFactory(title="Profil IPE 200 S235JR", slug="profil-ipe-200-s235jr")


def add(client, product, **fields):
    return client.post(reverse("cart:add"), {"product": str(product.id), "quantity": "14", "unit": "m", **fields})


def test_adding_from_the_product_page(client, ipe):
    response = add(client, ipe, next=ipe.get_absolute_url())

    assert response.status_code == 302
    assert response["Location"] == ipe.get_absolute_url()
    assert response.cookies["mp_cart"].value == "1:193523"  # 1 line, 1,935.23 lei incl. VAT
    assert CartItem.objects.get().quantity == Decimal("14")


def test_the_product_page_form_posts_with_the_visitors_csrf_token(ipe):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(ipe.get_absolute_url()).content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]

    response = add(browser, ipe, csrfmiddlewaretoken=token)

    assert response.status_code == 302
    assert CartItem.objects.count() == 1


def test_cut_to_length_from_the_product_page(client, ipe):
    add(client, ipe, cut_pieces="7", cut_length_mm="2500", quantity="", unit="")

    item = CartItem.objects.get()
    html = client.get(reverse("cart:page")).content.decode()
    assert (item.quantity, item.unit, item.specs) == (Decimal("7"), "pcs", {"cut_length_mm": 2500})
    assert "Debitare: 7 bucăți × 2500 mm" in html


def test_an_impossible_line_is_refused_with_a_message(client):
    sheet = ProductFactory(title="Tablă 2000x1000x3", base_unit="pcs", weight=Decimal("47.1"), length_m=None)

    response = add(client, sheet, next=sheet.get_absolute_url())

    assert response.status_code == 302
    assert not CartItem.objects.exists()
    assert "nu se poate măsura în m" in client.get(sheet.get_absolute_url()).content.decode()


def test_the_calculator_button_shows_the_estimate_without_adding(client, ipe):
    response = client.post(
        reverse("cart:add"), {"product": str(ipe.id), "quantity": "14", "unit": "m", "calculate": "1"}
    )

    assert response["Location"] == f"{ipe.get_absolute_url()}?quantity=14&unit=m"
    assert not CartItem.objects.exists()


def test_cart_page_shows_lines_weights_and_totals(client, ipe):
    add(client, ipe)

    html = client.get(reverse("cart:page")).content.decode()

    assert "313,6 kg" in html
    assert "1.599,36 lei" in html
    assert "1.935,23 lei" in html
    assert reverse("rfq:submit") in html


def test_inline_update_answers_with_the_redrawn_cart(client, ipe):
    add(client, ipe)
    item = CartItem.objects.get()

    response = client.post(
        reverse("cart:line", args=[item.id]), {"quantity": "2", "unit": "pcs"}, HTTP_X_REQUESTED_WITH="fetch"
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html  # only the cart
    assert "24 m" in html
    assert response.cookies["mp_cart"].value.startswith("1:")


def test_remove_and_clear(client, ipe):
    add(client, ipe)
    add(client, ipe, unit="pcs", quantity="1")
    first = CartItem.objects.first()

    client.post(reverse("cart:line-remove", args=[first.id]))
    assert CartItem.objects.count() == 1
    response = client.post(reverse("cart:clear"))
    assert not CartItem.objects.exists()
    assert response.cookies["mp_cart"].value == ""  # deleted


def test_another_visitors_line_is_404(client, ipe):
    other = Client()
    add(other, ipe)
    theirs = CartItem.objects.get()

    assert client.post(reverse("cart:line", args=[theirs.id]), {"quantity": "1"}).status_code == 404
    assert client.post(reverse("cart:line-remove", args=[theirs.id])).status_code == 404


def test_a_guest_cart_follows_the_visitor_into_their_account(client, user, password, ipe):
    add(client, ipe)

    client.post(reverse("accounts:login"), {"username": user.email, "password": password})

    assert Cart.objects.get(user=user).items.count() == 1
    assert not Cart.objects.filter(user__isnull=True).exists()
    assert "1.935,23 lei" in client.get(reverse("cart:page")).content.decode()


@pytest.mark.parametrize("number", ["NaN", "sNaN", "Infinity"])
def test_a_quantity_that_is_not_a_number_is_refused_with_a_message(client, ipe, number):
    assert add(client, ipe, quantity=number).status_code == 302  # was a 500
    assert add(client, ipe, quantity="", cut_length_mm="1000", cut_pieces=number).status_code == 302
    assert not CartItem.objects.exists()
    add(client, ipe)
    item = CartItem.objects.get()

    response = client.post(
        reverse("cart:line", args=[item.id]), {"quantity": number, "unit": "m"}, HTTP_X_REQUESTED_WITH="fetch"
    )

    assert response.status_code == 400
    item.refresh_from_db()
    assert item.quantity == Decimal("14")
