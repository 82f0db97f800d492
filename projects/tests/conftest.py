import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English (the msgids); pages and API answer per request language."""
    with translation.override("en"):
        yield


BOM_SKUS = (
    "IPE-200-S235JR", "IPE-200-S355J2", "TP-40X40X3", "TR-60X40X3", "OR-20-S235JR", "TN-2000X1000X3-S235JR",
    "TN-3000X1500X3-S235JR", "OB-12-BST500S", "L-50X50X5", "UNP-100-S235JR",
)  # fmt: skip


@pytest.fixture
def bom_catalog(db) -> dict:
    """Ten demo products (IPE 200 in two grades, tubes, a round bar, two sheets, rebar, an angle,
    a channel), imported the way the demo catalog is: {sku: Product}."""
    from catalog.demo_data import CATEGORIES, product_rows
    from catalog.models import Product
    from catalog.services import category_ensure, products_import

    for path, description, sort_order, name_en, description_en in CATEGORIES:
        category_ensure(
            path=path, description=description, sort_order=sort_order, name_en=name_en, description_en=description_en
        )
    rows = [row for row in product_rows() if row["sku"] in BOM_SKUS]
    assert not products_import(rows=((row["sku"], row) for row in rows)).rejected
    return {product.sku: product for product in Product.objects.all()}
