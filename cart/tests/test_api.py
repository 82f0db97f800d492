"""/api/cart (CONTRACT §4): guests by X-Cart-Token, users by their session; a line's owner only."""

import json
from decimal import Decimal

import pytest

from cart.models import Cart, CartItem
from catalog.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ipe():
    return ProductFactory(title="Profil IPE 200 S235JR")


def add(client, product, quantity="14", unit="m", token=None, **extra):
    headers = {"HTTP_X_CART_TOKEN": token} if token else {}
    return client.post(
        "/api/cart/items",
        {"productId": str(product.id), "quantity": quantity, "unit": unit, **extra},
        format="json",
        **headers,
    )


def test_a_guest_gets_a_cart_token_with_the_first_line(api_client, ipe):
    response = add(api_client, ipe)

    body = response.json()
    assert response.status_code == 201
    assert set(body) == {
        "id",
        "cartToken",
        "items",
        "itemCount",
        "totalWeightKg",
        "subtotal",
        "vat",
        "total",
        "currency",
    }
    assert body["cartToken"] == response["X-Cart-Token"]
    assert body["items"][0]["weightKg"] == "313.600"
    assert (body["subtotal"], body["vat"], body["total"], body["currency"]) == ("1599.36", "335.87", "1935.23", "RON")


def test_the_token_finds_the_cart_again_and_lines_add_up(api_client, ipe):
    token = add(api_client, ipe).json()["cartToken"]

    add(api_client, ipe, quantity="6", token=token)
    cart = api_client.get("/api/cart", HTTP_X_CART_TOKEN=token).json()

    assert cart["itemCount"] == 1
    assert cart["items"][0]["quantity"] == "20.000"


def test_different_units_or_specs_are_different_lines(api_client, ipe):
    token = add(api_client, ipe).json()["cartToken"]

    add(api_client, ipe, quantity="2", unit="pcs", token=token)
    body = add(api_client, ipe, quantity="4", unit="pcs", token=token, specs={"cutLengthMm": 2500}).json()

    assert body["itemCount"] == 3
    cut = next(item for item in body["items"] if item["specs"])
    assert cut["cut"]["bars"] == 1
    assert cut["lineTotal"] == str(Decimal("1142.40") + Decimal("16.00"))  # 10 m + 4 cuts


def test_a_unit_the_product_cannot_take_is_400_naming_the_units(api_client):
    sheet = ProductFactory(title="Tablă 2000x1000x3", base_unit="pcs", weight=Decimal("47.1"), length_m=None)

    response = add(api_client, sheet, unit="m")

    assert response.status_code == 400
    assert "Tablă 2000x1000x3" in response.json()["details"]["unit"][0]
    assert "kg, buc" in response.json()["details"]["unit"][0]
    assert not Cart.objects.exists() or not Cart.objects.get().items.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"quantity": "-1"}, "quantity"),
        ({"quantity": "zece"}, "quantity"),
        ({"unit": "t"}, "unit"),
        ({"productId": "00000000-0000-0000-0000-000000000000"}, "productId"),
    ],
    ids=["negative", "text", "unknown-unit", "unknown-product"],
)
def test_bad_lines_are_field_errors(api_client, ipe, payload, field):
    body = {"productId": str(ipe.id), "quantity": "1", "unit": "m", **payload}

    response = api_client.post("/api/cart/items", body, format="json")

    assert response.status_code == 400
    assert field in response.json()["details"]


def test_patch_changes_quantity_and_unit_and_zero_removes(api_client, ipe):
    cart = add(api_client, ipe).json()
    token, line = cart["cartToken"], cart["items"][0]["id"]

    changed = api_client.patch(
        f"/api/cart/items/{line}", {"quantity": "2", "unit": "pcs"}, format="json", HTTP_X_CART_TOKEN=token
    )
    removed = api_client.patch(f"/api/cart/items/{line}", {"quantity": "0"}, format="json", HTTP_X_CART_TOKEN=token)

    assert changed.json()["items"][0]["lengthM"] == "24.000"
    assert removed.json()["itemCount"] == 0


def test_delete_line_and_clear(api_client, ipe):
    cart = add(api_client, ipe).json()
    token = cart["cartToken"]
    add(api_client, ipe, quantity="1", unit="pcs", token=token)

    api_client.delete(f"/api/cart/items/{cart['items'][0]['id']}", HTTP_X_CART_TOKEN=token)
    assert api_client.get("/api/cart", HTTP_X_CART_TOKEN=token).json()["itemCount"] == 1
    assert api_client.delete("/api/cart", HTTP_X_CART_TOKEN=token).json()["itemCount"] == 0


def test_someone_elses_line_is_404(api_client, ipe):
    theirs = add(api_client, ipe).json()
    mine = add(api_client, ipe).json()

    response = api_client.patch(
        f"/api/cart/items/{theirs['items'][0]['id']}",
        {"quantity": "99"},
        format="json",
        HTTP_X_CART_TOKEN=mine["cartToken"],
    )

    assert response.status_code == 404
    assert api_client.get("/api/cart", HTTP_X_CART_TOKEN=theirs["cartToken"]).json()["items"][0]["quantity"] == "14.000"


def test_no_token_no_cart(api_client, ipe):
    add(api_client, ipe)

    body = api_client.get("/api/cart").json()

    assert (body["id"], body["cartToken"], body["itemCount"]) == (None, None, 0)


def test_a_signed_in_user_has_one_cart_whatever_the_device(api_login, user, ipe):
    add(api_login(user), ipe)

    body = api_login(user).get("/api/cart").json()

    assert body["itemCount"] == 1
    assert body["cartToken"]  # present, but the user's cart is found by the session


def test_a_guest_cart_joins_the_users_at_login(api_client, user, password, ipe):
    token = add(api_client, ipe, quantity="4").json()["cartToken"]
    add_user = add  # the same line in the user's own cart first
    from accounts.services.sessions import api_session_start

    _, tokens = api_session_start(user=user)
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens.access}")
    add_user(api_client, ipe, quantity="10")
    api_client.credentials()

    api_client.post(
        "/api/auth/login", {"email": user.email, "password": password}, format="json", HTTP_X_CART_TOKEN=token
    )

    cart = Cart.objects.get(user=user)
    assert cart.items.get().quantity == Decimal("14")
    assert not Cart.objects.filter(token=token).exists()


def test_expired_guest_carts_are_purged(api_client, ipe):
    from datetime import timedelta

    from django.utils import timezone

    from cart.tasks import purge_expired_guest_carts

    token = add(api_client, ipe).json()["cartToken"]
    Cart.objects.filter(token=token).update(expires_at=timezone.now() - timedelta(days=1))

    assert purge_expired_guest_carts.delay().get() == 1
    assert api_client.get("/api/cart", HTTP_X_CART_TOKEN=token).json()["itemCount"] == 0


@pytest.mark.parametrize("length", ["NaN", "sNaN", "-nan"])
def test_a_cut_length_that_is_not_a_number_is_a_field_error_not_a_500(api_client, ipe, length):
    response = add(api_client, ipe, quantity="4", unit="pcs", specs={"cutLengthMm": length})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "specs" in response.json()["details"]
    assert not CartItem.objects.exists()


@pytest.mark.parametrize("text", ["Zn\x00 mat", "Zn\ud800 mat"], ids=["nul", "lone-surrogate"])
def test_characters_no_database_can_store_are_dropped_from_finish_and_note(api_client, ipe, text):
    payload = {"productId": str(ipe.id), "quantity": "2", "unit": "m", "specs": {"finish": text, "note": text}}

    response = api_client.post("/api/cart/items", json.dumps(payload), content_type="application/json")

    assert response.status_code == 201
    assert response.json()["items"][0]["specs"] == {"finish": "Zn mat", "note": "Zn mat"}
    assert CartItem.objects.get().specs == {"finish": "Zn mat", "note": "Zn mat"}


def test_a_line_cannot_add_up_past_ten_million_units(api_client, ipe):
    token = add(api_client, ipe, quantity="10000000").json()["cartToken"]

    response = add(api_client, ipe, quantity="1", token=token)

    assert response.status_code == 400
    assert response.json()["details"]["quantity"] == ["Cel mult 10000000 pe linie."]
    assert CartItem.objects.get().quantity == Decimal("10000000")


def test_a_cart_whose_totals_outgrow_fourteen_digits_is_still_shown(api_client):
    plate = ProductFactory(title="Tablă 3000x1500x20", base_unit="pcs", price_per_unit=Decimal("3320.55"),
                           weight=Decimal("706.5"), length_m=None)  # fmt: skip
    token = add(api_client, plate, quantity="10000000", unit="pcs").json()["cartToken"]
    cart = Cart.objects.get(token=token)
    CartItem.objects.bulk_create(  # lines with different notes: there is no cap on their number
        CartItem(cart=cart, product=plate, quantity=10**7, unit="pcs", specs={"note": f"{n}"}, specs_key=f"note={n}")
        for n in range(40)
    )

    response = api_client.get("/api/cart", HTTP_X_CART_TOKEN=token)  # was a 500 (DRF quantize)

    assert response.status_code == 200
    assert response.json()["subtotal"] == "1361425500000.00"
    assert response.json()["totalWeightKg"] == "289665000000.000"
