from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from catalog.models import Category, Product

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_loads_a_real_world_catalog_and_demo_accounts():
    output = seed()

    leaves = Category.objects.filter(children__isnull=True, products__isnull=False).distinct()
    assert Product.objects.count() >= 300
    assert leaves.count() >= 12
    assert "password: " in output
    assert User.objects.filter(email="operator@metalpro.local", is_staff=True).exists()
    assert User.objects.filter(email="firma@metalpro.local", role=User.Role.BUSINESS).exists()
    assert User.objects.filter(email="client@metalpro.local", role=User.Role.INDIVIDUAL).exists()


@pytest.mark.parametrize(
    ("sku", "title", "unit", "weight", "price"),
    [
        pytest.param("IPE-200-S235JR", "Profil IPE 200 S235JR", "m", "22.4", "114.24", id="ipe-en10365"),
        pytest.param("HEB-160-S235JR", "Profil HEB 160 S235JR", "m", "42.6", "232.17", id="heb-en10365"),
        pytest.param("TR-40X20X2", "Țeavă rectangulară 40x20x2 S235JRH", "m", "1.6775", "10.23", id="rhs-en10219"),
        pytest.param(
            "TN-2000X1000X3-S235JR", "Tablă neagră 2000x1000x3 mm S235JR", "pcs", "47.1", "221.37", id="sheet"
        ),
        pytest.param("L-50X50X5", "Cornier 50x50x5 S235JR", "m", "3.77", "19.98", id="angle-en10056"),
    ],
)
def test_seeded_products_carry_section_weights_and_prices(sku, title, unit, weight, price):
    seed()

    product = Product.objects.get(sku=sku)

    assert (product.title, product.base_unit) == (title, unit)
    assert product.weight == Decimal(weight)
    assert product.price_per_unit == Decimal(price)


def test_seed_is_idempotent_and_never_shows_a_password_twice():
    seed()
    counts = (Product.objects.count(), Category.objects.count(), User.objects.count())

    output = seed()

    assert (Product.objects.count(), Category.objects.count(), User.objects.count()) == counts
    assert f"0 created, 0 updated, {counts[0]} unchanged" in output
    assert "password: " not in output
