"""The back-office for categories and products, driven as an operator through the admin views."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import User
from accounts.services.demo import demo_accounts_ensure
from catalog.models import Product
from catalog.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:catalog_product_changelist")


def test_product_changelist_searches_by_sku_and_title(operator_client):
    ProductFactory(sku="IPE-200-S235JR", title="Profil IPE 200 S235JR")
    ProductFactory(sku="TP-40X40X3", title="Țeavă pătrată 40x40x3")

    by_sku = operator_client.get(CHANGELIST, {"q": "TP-40X40X3"}).content.decode()
    by_title = operator_client.get(CHANGELIST, {"q": "IPE 200"}).content.decode()

    assert "Țeavă pătrată 40x40x3" in by_sku
    assert "Profil IPE 200" not in by_sku
    assert "Profil IPE 200" in by_title
    assert "Țeavă pătrată" not in by_title


def test_changelist_filters_by_availability_and_stock(operator_client):
    ProductFactory(title="Profil în stoc", stock=Decimal("10"))
    ProductFactory(title="Profil la comandă", stock=0, availability=Product.Availability.ON_REQUEST)

    html = operator_client.get(CHANGELIST, {"stock_level": "zero"}).content.decode()

    assert "Profil la comandă" in html
    assert "Profil în stoc" not in html


def test_price_and_stock_are_list_editable_and_retire_the_cache(operator_client, api_client):
    product = ProductFactory(price_per_unit=Decimal("114.24"), stock=Decimal("120"))
    api_client.get("/api/products")  # warm the cache
    form = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(product.id),
        "form-0-price_per_unit": "119.90",
        "form-0-stock": "80",
        "form-0-availability": "in_stock",
        "form-0-is_active": "on",
        "_save": "Save",
    }

    response = operator_client.post(CHANGELIST, form)

    product.refresh_from_db()
    assert response.status_code == 302
    assert (product.price_per_unit, product.stock) == (Decimal("119.90"), Decimal("80"))
    assert api_client.get("/api/products").json()["results"][0]["pricePerUnit"] == "119.90"


def test_negative_stock_is_refused_in_the_admin(operator_client):
    product = ProductFactory(stock=Decimal("5"))

    response = operator_client.post(
        reverse("admin:catalog_product_change", args=[product.id]),
        {
            "sku": product.sku,
            "title": product.title,
            "slug": product.slug,
            "category": product.category_id,
            "is_active": "on",
            "metadata": "{}",
            "base_unit": "m",
            "price_per_unit": "10",
            "availability": "in_stock",
            "stock": "-3",
        },
    )

    product.refresh_from_db()
    assert response.status_code == 200  # the form again, with the error
    assert product.stock == Decimal("5")


def test_anonymous_users_are_sent_to_the_admin_login(client):
    response = client.get(CHANGELIST)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_buyers_cannot_open_the_back_office(client, user):
    client.force_login(user)

    assert client.get(CHANGELIST).status_code == 302


def test_the_demo_operator_can_keep_the_catalog(client):
    demo_accounts_ensure()
    operator = User.objects.get(email="operator@metalpro.local")
    client.force_login(operator)
    product = ProductFactory()

    assert operator.groups.filter(name="Sales operators").exists()
    assert client.get(CHANGELIST).status_code == 200
    assert client.get(reverse("admin:catalog_product_change", args=[product.id])).status_code == 200
    assert client.get(reverse("admin:catalog_product_delete", args=[product.id])).status_code == 403
    assert Group.objects.get(name="Sales operators").permissions.filter(codename="change_product").exists()
