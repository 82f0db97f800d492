import pytest

from catalog.tests.factories import ProductFactory

ADDRESS = {"street": "Str. Fabricii 5", "city": "Cluj-Napoca", "county": "Cluj"}
CHECKOUT = {"shippingAddress": ADDRESS, "phone": "0722 123 456", "paymentMethod": "bank_transfer"}


@pytest.fixture
def beam(db):
    """IPE 200 sold by the metre: 114.24 lei/m, 22.4 kg/m, 120 m in stock."""
    return ProductFactory(title="Profil IPE 200 S235JR", sku="IPE-200-S235JR")


@pytest.fixture
def add_to_cart():
    def add(client, product, quantity: str, unit: str = "m", **specs):
        payload = {"productId": str(product.pk), "quantity": quantity, "unit": unit}
        if specs:
            payload["specs"] = specs
        response = client.post("/api/cart/items", payload, format="json")
        assert response.status_code in (200, 201), response.content
        return response

    return add
