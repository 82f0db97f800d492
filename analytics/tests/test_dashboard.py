"""Aggregation for the dashboard (known data, known numbers) and the dashboard page itself."""

import re
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.tests.factories import UserFactory
from analytics import selectors
from analytics.models import Event
from analytics.services import event_record
from analytics.tests.factories import EventFactory, SearchFactory, ViewFactory
from catalog.tests.factories import ProductFactory
from orders.tests.factories import OrderFactory
from rfq.models import Rfq
from rfq.tests.factories import RfqFactory

pytestmark = pytest.mark.django_db

URL = "/admin/analytics/event/"
NOW = datetime(2026, 3, 12, 15, 0)  # a Thursday, ISO week 2026-W11


def local(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


@pytest.fixture
def since():
    with time_machine.travel(timezone.make_aware(NOW), tick=False):
        yield selectors.period_start(30)


def test_a_period_starts_at_local_midnight_days_ago():
    with time_machine.travel(timezone.make_aware(NOW), tick=False):
        assert selectors.period_start(7) == local(2026, 3, 6)


def test_top_searches_count_searches_average_results_and_clicks(since):
    SearchFactory.create_batch(3, query="teava 40x40x3", results=4)
    SearchFactory(query="teava 40x40x3", results=5)
    SearchFactory.create_batch(2, query="heb 160", results=0)
    SearchFactory(query="tabla zincata", results=9, occurred_at=since - timedelta(seconds=1))  # before the period
    ViewFactory.create_batch(2, query="teava 40x40x3")
    ViewFactory(query="")  # not from a search
    rows = selectors.top_searches(since=since)
    assert [(r.query, r.searches, r.average_results, r.clicks, r.click_through) for r in rows] == [
        ("teava 40x40x3", 4, Decimal("4.3"), 2, Decimal("50.0")),
        ("heb 160", 2, Decimal("0.0"), 0, Decimal("0.0")),
    ]


def test_zero_result_searches_are_listed_most_asked_first(since):
    SearchFactory.create_batch(2, query="grinda cu zabrele", results=0)
    SearchFactory(query="hea 1000", results=0, occurred_at=local(2026, 3, 11, 9, 0))
    SearchFactory(query="teava", results=12)
    rows = selectors.zero_result_searches(since=since)
    assert [(r["query"], r["searches"]) for r in rows] == [("grinda cu zabrele", 2), ("hea 1000", 1)]
    assert rows[1]["last"] == local(2026, 3, 11, 9, 0)


def test_top_products_count_views_clicks_and_cart_adds(since):
    beam, tube = ProductFactory(sku="IPE-200"), ProductFactory(sku="TP-40X40X3")
    ViewFactory.create_batch(3, product=tube)
    ViewFactory(product=tube, query="teava")
    EventFactory(kind=Event.Kind.CART_ADD, product=tube)
    ViewFactory(product=beam)
    EventFactory.create_batch(2, kind=Event.Kind.CART_ADD, product=beam)
    rows = selectors.top_products(since=since)
    assert [(r["sku"], r["views"], r["search_clicks"], r["cart_adds"]) for r in rows] == [
        ("TP-40X40X3", 4, 1, 1),
        ("IPE-200", 1, 0, 2),
    ]


def _rfq(at: datetime, *, ordered: bool = False) -> Rfq:
    rfq = RfqFactory()
    Rfq.objects.filter(pk=rfq.pk).update(created_at=at)
    if ordered:
        OrderFactory(rfq=rfq)
    return rfq


def test_rfq_to_order_conversion_by_iso_week_in_local_time(since):
    _rfq(local(2026, 3, 2, 10, 0), ordered=True)  # W10, Monday
    _rfq(local(2026, 3, 8, 23, 30))  # W10, Sunday night
    _rfq(local(2026, 3, 8, 12, 0), ordered=True)  # W10
    _rfq(local(2026, 3, 9, 0, 30))  # W11: Monday 00:30 in Bucharest is still Sunday in UTC
    _rfq(local(2026, 1, 5, 10, 0), ordered=True)  # before the period
    rows = selectors.rfq_conversion_by_week(since=since)
    assert [(r.label, r.week_start.isoformat(), r.rfqs, r.orders, r.rate) for r in rows] == [
        ("2026-W10", "2026-03-02", 3, 2, Decimal("66.7")),
        ("2026-W11", "2026-03-09", 1, 0, Decimal("0.0")),
    ]


def test_totals_count_each_kind(since):
    SearchFactory.create_batch(2)
    SearchFactory(results=0)
    ViewFactory(query="teava")
    ViewFactory()
    EventFactory(kind=Event.Kind.CART_ADD)
    EventFactory(kind=Event.Kind.RFQ)
    EventFactory.create_batch(2, kind=Event.Kind.ORDER)
    assert selectors.analytics_totals(since=since) == {
        "searches": 3,
        "zero_result_searches": 1,
        "views": 2,
        "search_clicks": 1,
        "cart_adds": 1,
        "rfqs": 1,
        "orders": 2,
    }


@pytest.fixture
def sales_client(client, password, sales_operators_group):
    operator = UserFactory(password=password, is_staff=True, email="vanzari@metalpro.local")
    operator.groups.add(sales_operators_group)
    client.force_login(operator)
    return client


def test_the_dashboard_shows_an_operator_the_numbers_fresh_from_the_buffer(sales_client):
    event_record("search", query="HEB 160", results=0)  # not flushed yet: the dashboard flushes first
    SearchFactory.create_batch(2, query="teava 40x40x3", results=4)
    ViewFactory(product=ProductFactory(sku="TP-40X40X3", title="Țeavă pătrată 40x40x3"), query="teava 40x40x3")
    _rfq(timezone.now(), ordered=True)
    response = sales_client.get(URL, {"days": "7"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    for table in ("totals", "top-searches", "zero-results", "top-products", "conversion"):
        assert f'id="analytics-{table}"' in html
    assert "<td>heb 160</td>" in html
    assert "<td>teava 40x40x3</td><td>2</td><td>4.0</td><td>1</td><td>50.0 %</td>" in html
    assert "TP-40X40X3" in html
    assert re.search(r"<td>\d{4}-W\d\d</td><td>[^<]+</td><td>1</td><td>1</td><td>100.0 %</td>", html)


def test_the_dashboard_is_linked_from_the_admin_index(sales_client):
    assert URL in sales_client.get("/admin/").content.decode()


@pytest.mark.parametrize("days", ["7", "90", "", "abc", "-5", "100000000000000000000000"])
def test_any_period_renders(sales_client, days):
    assert sales_client.get(URL, {"days": days}).status_code == 200


def test_the_dashboard_reads_a_fixed_number_of_queries(sales_client):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert sales_client.get(URL).status_code == 200
        return len(queries)

    ViewFactory()
    SearchFactory()
    _rfq(timezone.now())
    count()  # the first page of a session loads a little more (permissions, content types)
    few = count()
    products = ProductFactory.create_batch(5)
    for index, product in enumerate(products):
        ViewFactory(product=product)
        SearchFactory(query=f"cautare {index}", results=index)
        _rfq(timezone.now() - timedelta(days=7 * index), ordered=bool(index % 2))
    assert count() == few


def test_a_buyer_cannot_see_the_dashboard(client, user):
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 302  # to the admin login: not staff


def test_staff_without_the_permission_are_refused(client, password):
    client.force_login(UserFactory(password=password, is_staff=True))
    assert client.get(URL).status_code == 403


def test_nothing_can_be_added_changed_or_deleted(sales_client):
    event = EventFactory()
    assert sales_client.get(f"{URL}add/").status_code == 403
    assert sales_client.post(f"{URL}{event.pk}/delete/", {"post": "yes"}).status_code in (302, 403)
    assert Event.objects.filter(pk=event.pk).exists()


def test_product_pages_do_no_extra_query_for_analytics(client, user, settings_middleware):
    product = ProductFactory()
    client.force_login(user)  # rendered for the user: the view runs every time

    def count() -> int:
        client.get(product.get_absolute_url())  # warm the caches
        with CaptureQueriesContext(connection) as queries:
            assert (
                client.get(product.get_absolute_url(), HTTP_REFERER="http://testserver/catalog/?q=ipe").status_code
                == 200
            )
        return len(queries)

    with_analytics = count()
    settings_middleware.remove("analytics.middleware.AnalyticsMiddleware")
    assert count() == with_analytics


@pytest.fixture
def settings_middleware(settings):
    settings.MIDDLEWARE = list(settings.MIDDLEWARE)
    return settings.MIDDLEWARE
