"""Catalog reads come from the cache, writes retire it, and a dead Redis costs nothing but speed."""

import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import Client

from catalog.cache import _scope_key, cached, invalidate_product, product_scope
from catalog.services import products_import
from catalog.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

DEAD_REDIS = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
    }
}


def test_a_repeated_list_call_is_served_from_the_cache(api_client, django_assert_num_queries):
    ProductFactory.create_batch(3)
    first = api_client.get("/api/products").json()

    with django_assert_num_queries(0):
        second = api_client.get("/api/products").json()

    assert second == first


def test_a_price_change_in_the_admin_or_a_service_is_visible_at_once(api_client):
    product = ProductFactory(sku="IPE-200", price_per_unit=Decimal("114.24"))
    api_client.get("/api/products")
    api_client.get(f"/api/products/{product.id}")

    product.price_per_unit = Decimal("99.99")
    product.save()

    assert api_client.get("/api/products").json()["results"][0]["pricePerUnit"] == "99.99"
    assert api_client.get(f"/api/products/{product.id}").json()["pricePerUnit"] == "99.99"


def test_an_import_retires_cached_pages(client):
    ProductFactory(title="Profil IPE 200 S235JR")
    assert "Profil HEB 300" not in client.get("/catalog/").content.decode()

    products_import(
        rows=[
            (
                1,
                {
                    "sku": "HEB-300",
                    "title": "Profil HEB 300 S235JR",
                    "category": "Profile HEB",
                    "baseUnit": "m",
                    "pricePerUnit": "637.65",
                },
            )
        ]
    )

    assert "Profil HEB 300" in client.get("/catalog/").content.decode()


def test_cached_entries_expire_after_an_hour_by_default(settings):
    assert settings.CATALOG_CACHE_TIMEOUT == 3600


def test_pages_and_api_keep_working_when_redis_is_down(settings, client, api_client):
    product = ProductFactory(title="Profil IPE 200 S235JR")
    settings.CACHES = DEAD_REDIS
    cache.close()

    assert client.get("/").status_code == 200
    assert client.get("/catalog/").status_code == 200
    assert client.get(product.get_absolute_url()).status_code == 200
    assert api_client.get("/api/products").json()["count"] == 1


def without_csrf(html: bytes) -> bytes:
    # The CSRF token and the CSP nonce (of the JSON-LD scripts) are per visitor and response.
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"|nonce="[^"]+"', b"", html)


def test_anonymous_pages_are_served_whole_from_the_cache(client, django_assert_num_queries):
    product = ProductFactory(title="Profil IPE 200 S235JR")
    for path in ("/", "/catalog/", product.get_absolute_url()):
        first = client.get(path)

        with django_assert_num_queries(0):
            second = client.get(path)

        assert without_csrf(second.content) == without_csrf(first.content)


def test_a_change_retires_cached_pages(client):
    product = ProductFactory(title="Profil IPE 200 S235JR", price_per_unit=Decimal("114.24"))
    client.get("/catalog/")
    client.get(product.get_absolute_url())

    product.price_per_unit = Decimal("99.50")
    product.save()

    assert "99,50 lei" in client.get("/catalog/").content.decode()
    assert "99,50 lei" in client.get(product.get_absolute_url()).content.decode()


def test_logged_in_users_get_pages_rendered_for_them(client, user, django_assert_max_num_queries):
    ProductFactory()
    client.get("/catalog/")  # an anonymous visitor fills the page cache
    client.force_login(user)

    with django_assert_max_num_queries(10) as queries:
        response = client.get("/catalog/")

    assert response.status_code == 200
    assert len(queries) > 0  # rendered (session and user lookups, the page query), not the cached copy


def test_calculator_requests_are_not_cached(client):
    product = ProductFactory(title="Profil IPE 200 S235JR")
    client.get(product.get_absolute_url())

    html = client.get(product.get_absolute_url(), {"quantity": "14", "unit": "m"}).content.decode()

    assert '<span data-out="kg">313,6</span>' in html


def test_a_cached_page_gives_every_visitor_their_own_csrf_token(client):
    product = ProductFactory(title="Profil IPE 200 S235JR")
    client.get(product.get_absolute_url())  # cached now

    first = Client().get(product.get_absolute_url())
    second = Client().get(product.get_absolute_url())

    tokens = [
        re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content).group(1) for page in (first, second)
    ]
    assert b"__metalpro-csrf-token__" not in first.content
    assert tokens[0] != tokens[1]
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value


def test_a_product_scope_retires_only_that_products_values():
    built = []

    def value(name: str):
        return lambda: built.append(name) or name

    for _ in range(2):
        cached(("a",), value("a"), scopes=[product_scope("id-1")])
        cached(("b",), value("b"), scopes=[product_scope("id-2")])
        cached(("c",), value("c"))
    invalidate_product(SimpleNamespace(pk="id-1", slug="slug-1"))
    cached(("a",), value("a"), scopes=[product_scope("id-1")])
    cached(("b",), value("b"), scopes=[product_scope("id-2")])
    cached(("c",), value("c"))

    assert built == ["a", "b", "c", "a"]


def test_a_lost_scope_token_costs_a_miss_never_an_old_value():
    cached(("a",), lambda: "old", scopes=[product_scope("id-1")])
    cache.delete(_scope_key(product_scope("id-1")))  # evicted, or Redis restarted

    assert cached(("a",), lambda: "new", scopes=[product_scope("id-1")]) == "new"
