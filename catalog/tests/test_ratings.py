"""Product ratings: who may rate, one rating per buyer and product, the product's average and count,
the list (API and product page), escaping, caching and the admin."""

import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import UserFactory
from catalog.cache import catalog_version
from catalog.models import Product, Rating
from catalog.services import rating_submit
from catalog.tests.factories import ProductFactory
from orders.models import Order, OrderItem
from orders.tests.factories import OrderFactory
from tests.i18n import english

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def product():
    return ProductFactory(sku="IPE-200-S235JR", title="Profil IPE 200 S235JR", slug="profil-ipe-200-s235jr")


def order_with(user, product, status=Order.Status.DELIVERED) -> Order:
    """An order of `user` holding `product`, in `status` (built directly: the order flow is not under test)."""
    order = OrderFactory(user=user, status=status)
    OrderItem.objects.create(
        order=order, position=1, product=product, sku=product.sku, title=product.title, quantity=Decimal("12"),
        unit="m", unit_price=product.price_per_unit, line_total=product.price_per_unit * 12,
    )  # fmt: skip
    return order


@pytest.fixture
def buyer(product):
    """A buyer with a delivered order of `product`."""
    user = UserFactory(name="Ioana Maria Popescu", email="ioana.popescu@example.ro")
    order_with(user, product)
    return user


@pytest.fixture
def buyer_api(buyer, api_login):
    return api_login(buyer)


def make_buyer(product, **fields):
    user = UserFactory(**fields)
    order_with(user, product)
    return user


def ratings_url(key) -> str:
    return f"/api/products/{key}/ratings"


def rate(client, product, rating, review=None, key=None, **extra):
    payload = {"rating": rating} if review is None else {"rating": rating, "review": review}
    return client.post(ratings_url(key or product.id), payload, format="json", **extra)


def detail(api_client, key) -> dict:
    return api_client.get(f"/api/products/{key}").json()


def without_csrf(html: str) -> str:
    # The CSRF token and the CSP nonce (of the JSON-LD scripts) are per visitor and response.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"|nonce="[^"]+"', "", html)


# --- Posting: create, update, one per buyer and product -------------------------------------------


def test_a_buyer_who_received_the_product_rates_it(buyer_api, product, api_client):
    response = rate(buyer_api, product, 4, "Profil drept, livrat la timp.")

    body = response.json()
    assert response.status_code == 201
    assert body["rating"] == 4
    assert body["review"] == "Profil drept, livrat la timp."
    assert body["authorName"] == "Ioana"
    assert body["createdAt"] == body["updatedAt"]
    assert set(body) == {"id", "rating", "review", "authorName", "createdAt", "updatedAt"}
    assert detail(api_client, product.id)["averageRating"] == "4.00"
    assert detail(api_client, product.id)["ratingCount"] == 1


def test_posting_again_updates_the_buyers_rating(buyer_api, buyer, product, api_client):
    first = rate(buyer_api, product, 2, "Ruginit.").json()

    response = rate(buyer_api, product, 5)

    body = response.json()
    assert response.status_code == 200
    assert body["id"] == first["id"]
    assert body["rating"] == 5
    assert body["review"] == ""
    assert body["updatedAt"] > body["createdAt"]
    assert Rating.objects.filter(user=buyer, product=product).count() == 1
    assert detail(api_client, product.id)["averageRating"] == "5.00"
    assert detail(api_client, product.id)["ratingCount"] == 1


def test_a_rating_needs_only_the_stars(buyer_api, product):
    response = rate(buyer_api, product, 3)

    assert response.status_code == 201
    assert response.json()["review"] == ""


def test_the_database_allows_one_rating_per_buyer_and_product(buyer, product):
    Rating.objects.create(user=buyer, product=product, rating=4)

    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(user=buyer, product=product, rating=5)


def test_the_database_refuses_a_rating_outside_1_to_5(buyer, product):
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(user=buyer, product=product, rating=6)


# --- Average and count --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stars", "average"),
    [
        pytest.param([5], "5.00", id="one"),
        pytest.param([5, 4], "4.50", id="half"),
        pytest.param([5, 4, 4], "4.33", id="rounded-down"),
        pytest.param([5, 5, 4], "4.67", id="rounded-up"),
        pytest.param([1, 2, 2, 5, 5, 5], "3.33", id="six"),
    ],
)
def test_average_and_count_follow_the_ratings(api_client, product, stars, average):
    for value in stars:
        rating_submit(user=make_buyer(product), product=product, rating=value, review="")

    body = detail(api_client, product.id)
    product.refresh_from_db()
    assert body["averageRating"] == average
    assert body["ratingCount"] == len(stars)
    assert product.rating_average == Decimal(average)
    assert product.rating_count == len(stars)


def test_an_update_moves_the_average_without_counting_twice(api_client, product, buyer):
    rating_submit(user=make_buyer(product), product=product, rating=5, review="")
    rating_submit(user=buyer, product=product, rating=1, review="")

    rating_submit(user=buyer, product=product, rating=4, review="")

    body = detail(api_client, product.id)
    assert body["averageRating"] == "4.50"
    assert body["ratingCount"] == 2


def test_a_rating_does_not_touch_the_products_updated_at(product, buyer):
    before = Product.objects.get(pk=product.pk).updated_at

    rating_submit(user=buyer, product=product, rating=5, review="")

    assert Product.objects.get(pk=product.pk).updated_at == before


def test_other_products_keep_their_average(product, buyer):
    other = ProductFactory()
    rating_submit(user=make_buyer(other), product=other, rating=2, review="")

    rating_submit(user=buyer, product=product, rating=5, review="")

    other.refresh_from_db()
    assert other.rating_average == Decimal("2.00")
    assert other.rating_count == 1


@pytest.mark.parametrize("key", ["id", "slug"], ids=["by-id", "by-slug"])
def test_the_cached_product_detail_shows_the_new_average_at_once(api_client, buyer_api, product, key):
    lookup = getattr(product, key)
    assert detail(api_client, lookup)["ratingCount"] == 0  # cached now

    rate(buyer_api, product, 3)

    body = detail(api_client, lookup)
    assert body["averageRating"] == "3.00"
    assert body["ratingCount"] == 1


def test_a_rating_retires_only_that_products_cache(client, api_client, buyer, product, django_assert_num_queries):
    client.get("/catalog/")  # an anonymous visitor fills the page cache
    client.get(product.get_absolute_url())
    version = catalog_version()

    rating_submit(user=buyer, product=product, rating=4, review="")

    assert catalog_version() == version  # the rest of the catalog stays cached
    with django_assert_num_queries(0):
        client.get("/catalog/")
    assert "<strong>4,0</strong> / 5" in client.get(product.get_absolute_url()).content.decode()


# --- Who may rate -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status",
    [
        Order.Status.PENDING,
        Order.Status.CONFIRMED,
        Order.Status.PROCESSING,
        Order.Status.SHIPPED,
        Order.Status.CANCELLED,
        Order.Status.FAILED,
    ],
)
def test_an_order_not_delivered_does_not_allow_rating(api_login, product, status):
    user = UserFactory()
    order_with(user, product, status=status)

    response = rate(api_login(user), product, 5, **EN)

    assert response.status_code == 403
    assert response.json()["code"] == "not_a_buyer"
    assert response.json()["error"] == "Only buyers who received this product can rate it."
    assert not Rating.objects.exists()


def test_a_delivered_order_of_another_product_does_not_count(api_login, product):
    user = UserFactory()
    order_with(user, ProductFactory())

    response = rate(api_login(user), product, 5, **EN)

    assert response.status_code == 403
    assert response.json()["code"] == "not_a_buyer"


def test_someone_elses_delivered_order_does_not_count(auth_client, buyer, product):
    response = rate(auth_client, product, 5)

    assert response.status_code == 403
    assert response.json()["code"] == "not_a_buyer"


def test_anonymous_posts_are_unauthenticated(api_client, product):
    response = rate(api_client, product, 5)

    assert response.status_code == 401
    assert not Rating.objects.exists()


def test_rating_an_unknown_or_hidden_product_is_404(buyer, buyer_api):
    hidden = ProductFactory(is_active=False)
    order_with(buyer, hidden)

    assert buyer_api.post(ratings_url("nu-exista"), {"rating": 5}, format="json").status_code == 404
    assert buyer_api.post(ratings_url(hidden.id), {"rating": 5}, format="json").status_code == 404
    assert not Rating.objects.exists()


# --- Validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        pytest.param({"rating": 0}, "rating", id="zero"),
        pytest.param({"rating": 6}, "rating", id="six"),
        pytest.param({"rating": "abc"}, "rating", id="text"),
        pytest.param({"rating": 4.5}, "rating", id="fraction"),
        pytest.param({"rating": None}, "rating", id="null"),
        pytest.param({}, "rating", id="missing"),
        pytest.param({"rating": 5, "review": "x" * 2001}, "review", id="review-too-long"),
    ],
)
def test_invalid_ratings_are_400_field_errors(buyer_api, product, payload, field):
    response = buyer_api.post(ratings_url(product.id), payload, format="json")

    body = response.json()
    assert response.status_code == 400
    assert body["code"] == "invalid"
    assert field in body["details"]
    assert not Rating.objects.exists()


def test_a_review_of_2000_characters_is_accepted(buyer_api, product):
    assert rate(buyer_api, product, 5, "x" * 2000).status_code == 201


@pytest.mark.parametrize(
    ("rating", "review", "field"),
    [(0, "", "rating"), (6, "", "rating"), (True, "", "rating"), ("5", "", "rating"), (5, "x" * 2001, "review")],
    ids=["zero", "six", "bool", "string", "long-review"],
)
def test_the_service_validates_for_every_caller(buyer, product, rating, review, field):
    with pytest.raises(ValidationError) as error:
        rating_submit(user=buyer, product=product, rating=rating, review=review)

    assert field in error.value.message_dict


# --- The list -----------------------------------------------------------------------------------


def test_the_list_is_newest_first_and_paginated(api_client, product):
    for stars in (3, 4, 5):
        rating_submit(user=make_buyer(product), product=product, rating=stars, review=f"{stars} stele")

    first = api_client.get(ratings_url(product.id), {"pageSize": 2}).json()
    second = api_client.get(ratings_url(product.id), {"pageSize": 2, "page": 2}).json()

    assert first["count"] == 3
    assert [item["rating"] for item in first["results"]] == [5, 4]
    assert first["next"]
    assert first["previous"] is None
    assert [item["rating"] for item in second["results"]] == [3]


def test_an_updated_rating_moves_to_the_top(api_client, product, buyer):
    rating_submit(user=buyer, product=product, rating=2, review="")
    rating_submit(user=make_buyer(product), product=product, rating=4, review="")

    rating_submit(user=buyer, product=product, rating=3, review="")

    assert [item["rating"] for item in api_client.get(ratings_url(product.id)).json()["results"]] == [3, 4]


@pytest.mark.parametrize("key", ["id", "slug"], ids=["by-id", "by-slug"])
def test_the_product_may_be_named_by_id_or_slug(api_client, buyer_api, product, key):
    assert rate(buyer_api, product, 4, key=getattr(product, key)).status_code == 201

    body = api_client.get(ratings_url(getattr(product, key))).json()

    assert body["count"] == 1
    assert body["results"][0]["rating"] == 4


def test_the_list_of_an_unknown_product_is_404(api_client):
    assert api_client.get(ratings_url("nu-exista")).status_code == 404


def test_the_list_never_shows_emails(api_client, product):
    named = make_buyer(product, name="Andrei Ionescu", email="andrei@firma.ro")
    nameless = make_buyer(product, name="", email="anonim@firma.ro")
    emailish = make_buyer(product, name="x@firma.ro", email="x@firma.ro")
    for user in (named, nameless, emailish):
        rating_submit(user=user, product=product, rating=5, review="")

    response = api_client.get(ratings_url(product.id), **EN)

    assert "@" not in response.content.decode()
    assert sorted(item["authorName"] for item in response.json()["results"]) == ["Andrei", "Buyer", "Buyer"]


def test_the_review_comes_back_as_typed(api_client, buyer, product):
    rating_submit(user=buyer, product=product, rating=1, review=SCRIPT)

    assert api_client.get(ratings_url(product.id)).json()["results"][0]["review"] == SCRIPT


@pytest.mark.parametrize("count", [2, 15])
def test_list_query_count_does_not_depend_on_rows(api_client, product, count, django_assert_max_num_queries):
    for _ in range(count):
        rating_submit(user=make_buyer(product), product=product, rating=5, review="")
    cache.clear()

    with django_assert_max_num_queries(5):  # tree (3, cached), product, page — no COUNT
        response = api_client.get(ratings_url(product.id))

    assert response.json()["count"] == count


# --- The product page ---------------------------------------------------------------------------


def test_reviews_are_escaped_on_the_product_page(client, buyer_api, product):
    rate(buyer_api, product, 1, SCRIPT)

    html = client.get(product.get_absolute_url()).content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert SCRIPT not in html


def test_the_product_page_lists_reviews_newest_first_with_the_average(client, product):
    rating_submit(user=make_buyer(product, name="Maria"), product=product, rating=5, review="Foarte bun.")
    rating_submit(user=make_buyer(product, name="Vasile"), product=product, rating=2, review="Întârziat.")

    html = client.get(english(product.get_absolute_url())).content.decode()

    assert html.index("Întârziat.") < html.index("Foarte bun.")
    assert "Vasile" in html
    assert 'aria-label="Rated 3.5 out of 5"' in html
    assert "<strong>3.5</strong> / 5" in html
    assert "2 ratings" in html


def test_the_product_page_pages_through_many_reviews(client, product):
    for n in range(12):
        rating_submit(user=make_buyer(product), product=product, rating=5, review=f"Recenzia {n:02d}")

    first = client.get(product.get_absolute_url()).content.decode()
    second = client.get(product.get_absolute_url(), {"reviews": "2"}).content.decode()

    assert first.count('class="review"') == 10
    assert "Recenzia 11" in first
    assert "?reviews=2#ratings" in first
    assert second.count('class="review"') == 2
    assert "Recenzia 00" in second


def test_anonymous_visitors_see_who_can_rate_and_no_form(client, product):
    html = client.get(product.get_absolute_url()).content.decode()

    assert "data-rating-who" in html
    assert "data-rating-form" not in html
    assert f"{reverse('accounts:login')}?next=" in html


def test_signed_in_users_who_did_not_receive_it_get_no_form(client, user, product):
    order_with(user, product, status=Order.Status.SHIPPED)
    client.force_login(user)

    html = client.get(product.get_absolute_url()).content.decode()

    assert "data-rating-who" in html
    assert "data-rating-form" not in html


def test_buyers_who_received_it_get_the_form(client, buyer, product):
    client.force_login(buyer)

    html = client.get(product.get_absolute_url()).content.decode()

    assert "data-rating-form" in html
    assert reverse("catalog:product-rate", args=[product.slug]) in html
    assert "data-rating-who" not in html


def test_the_form_shows_the_buyers_own_rating(client, buyer, product):
    rating_submit(user=buyer, product=product, rating=4, review="Bun.")
    client.force_login(buyer)

    html = client.get(product.get_absolute_url()).content.decode()

    assert re.search(r'<input[^>]*value="4"[^>]*checked', html)
    assert "Bun.</textarea>" in html


def test_a_buyers_form_is_never_served_to_others(client, buyer, product):
    client.get(product.get_absolute_url())  # the anonymous copy is cached
    client.force_login(buyer)
    assert "data-rating-form" in client.get(product.get_absolute_url()).content.decode()

    anonymous = Client().get(product.get_absolute_url()).content.decode()

    assert "data-rating-form" not in anonymous
    assert "data-rating-who" in anonymous


def test_the_anonymous_page_is_cached_and_retired_by_a_rating(client, buyer, product, django_assert_num_queries):
    before = client.get(product.get_absolute_url()).content.decode()
    with django_assert_num_queries(0):
        cached = client.get(product.get_absolute_url()).content.decode()
    assert without_csrf(cached) == without_csrf(before)

    rating_submit(user=buyer, product=product, rating=5, review="Recomand.")

    after = client.get(product.get_absolute_url()).content.decode()
    assert "Recomand." in after
    assert "<strong>5,0</strong> / 5" in after


def test_a_buyer_rates_from_the_product_page(client, buyer, product):
    client.force_login(buyer)
    url = english(reverse("catalog:product-rate", args=[product.slug]))

    response = client.post(url, {"rating": "5", "review": "Calitate bună."})
    page = client.get(english(product.get_absolute_url())).content.decode()

    assert response.status_code == 302
    assert response["Location"] == f"{english(product.get_absolute_url())}#ratings"
    assert "Thank you! Your rating was saved." in page
    assert "Calitate bună." in page
    assert Rating.objects.get(user=buyer, product=product).rating == 5


def test_rating_again_from_the_page_updates(client, buyer, product):
    rating_submit(user=buyer, product=product, rating=2, review="")
    client.force_login(buyer)

    client.post(english(reverse("catalog:product-rate", args=[product.slug])), {"rating": "4", "review": ""})

    assert Rating.objects.get(user=buyer, product=product).rating == 4
    assert "Your rating was updated." in client.get(english(product.get_absolute_url())).content.decode()


@pytest.mark.parametrize("data", [{"rating": "0"}, {"rating": "abc"}, {"rating": "5", "review": "x" * 2001}, {}])
def test_an_invalid_page_post_shows_the_form_again(client, buyer, product, data):
    client.force_login(buyer)

    response = client.post(reverse("catalog:product-rate", args=[product.slug]), data)

    assert response.status_code == 400
    assert "data-rating-form" in response.content.decode()
    assert 'class="field field--error"' in response.content.decode()
    assert not Rating.objects.exists()


def test_a_page_post_by_someone_who_did_not_receive_it_is_refused(client, user, product):
    client.force_login(user)

    response = client.post(english(reverse("catalog:product-rate", args=[product.slug])), {"rating": "5"})

    assert response.status_code == 302
    assert "Only buyers who received this product can rate it." in client.get(response["Location"]).content.decode()
    assert not Rating.objects.exists()


def test_an_anonymous_page_post_goes_to_sign_in(client, product):
    response = client.post(reverse("catalog:product-rate", args=[product.slug]), {"rating": "5"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not Rating.objects.exists()


def test_the_page_form_needs_a_csrf_token(buyer, product):
    client = Client(enforce_csrf_checks=True)
    client.force_login(buyer)

    response = client.post(reverse("catalog:product-rate", args=[product.slug]), {"rating": "5"})

    assert response.status_code == 403
    assert not Rating.objects.exists()


# --- Admin --------------------------------------------------------------------------------------


def test_admin_lists_filters_and_searches_ratings(operator_client, product):
    other = ProductFactory(sku="TP-40X40X3", title="Țeavă pătrată 40x40x3")
    rating_submit(user=make_buyer(product, email="ana@firma.ro"), product=product, rating=5, review="Excelent")
    rating_submit(user=make_buyer(other, email="dan@firma.ro"), product=other, rating=2, review="Slab")
    url = reverse("admin:catalog_rating_changelist")

    by_stars = operator_client.get(url, {"rating": "2"}).content.decode()
    by_sku = operator_client.get(url, {"q": "IPE-200-S235JR"}).content.decode()
    by_email = operator_client.get(url, {"q": "dan@firma.ro"}).content.decode()

    assert "Slab" in by_stars
    assert "Excelent" not in by_stars
    assert "Excelent" in by_sku
    assert "Slab" not in by_sku
    assert "Slab" in by_email
    assert "Excelent" not in by_email


def test_deleting_a_rating_in_the_admin_keeps_the_average_right(operator_client, api_client, product):
    rating_submit(user=make_buyer(product), product=product, rating=5, review="")
    low = rating_submit(user=make_buyer(product), product=product, rating=1, review="")
    assert detail(api_client, product.id)["averageRating"] == "3.00"  # cached now

    response = operator_client.post(reverse("admin:catalog_rating_delete", args=[low.pk]), {"post": "yes"})

    assert response.status_code == 302
    body = detail(api_client, product.id)
    assert body["averageRating"] == "5.00"
    assert body["ratingCount"] == 1


def test_bulk_deleting_ratings_in_the_admin_keeps_every_average_right(operator_client, api_client, product):
    other = ProductFactory()
    keep = rating_submit(user=make_buyer(product), product=product, rating=4, review="")
    doomed = [
        rating_submit(user=make_buyer(product), product=product, rating=1, review=""),
        rating_submit(user=make_buyer(other), product=other, rating=3, review=""),
    ]

    operator_client.post(
        reverse("admin:catalog_rating_changelist"),
        {"action": "delete_selected", "_selected_action": [str(r.pk) for r in doomed], "post": "yes"},
    )

    assert list(Rating.objects.all()) == [keep]
    assert detail(api_client, product.id)["averageRating"] == "4.00"
    assert detail(api_client, other.id)["averageRating"] == "0.00"
    assert detail(api_client, other.id)["ratingCount"] == 0


def test_admin_ratings_are_read_only(operator_client, buyer, product):
    rating = rating_submit(user=buyer, product=product, rating=5, review="Bun")

    response = operator_client.post(
        reverse("admin:catalog_rating_change", args=[rating.pk]), {"rating": "1", "review": "Schimbat"}
    )

    assert response.status_code == 403
    assert (
        reverse("admin:catalog_rating_add")
        not in operator_client.get(reverse("admin:catalog_rating_changelist")).content.decode()
    )
    assert Rating.objects.get(pk=rating.pk).review == "Bun"


def test_a_product_saved_in_the_admin_keeps_a_rating_posted_meanwhile(operator_client, buyer, product, monkeypatch):
    from catalog.admin import ProductAdmin

    url = reverse("admin:catalog_product_change", args=[product.pk])
    form = operator_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(category=product.category_id, metadata="{}", price_per_unit="99.00")
    load = ProductAdmin.get_object

    def load_then_rate(self, request, object_id, from_field=None):
        obj = load(self, request, object_id, from_field)
        if request.method == "POST":  # a buyer rates between the admin's read and its write
            rating_submit(user=buyer, product=product, rating=5, review="")
        return obj

    monkeypatch.setattr(ProductAdmin, "get_object", load_then_rate)

    response = operator_client.post(url, data)

    product.refresh_from_db()
    assert response.status_code == 302
    assert product.price_per_unit == Decimal("99.00")
    assert product.rating_count == 1
    assert product.rating_average == Decimal("5.00")
