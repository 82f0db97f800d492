"""Dashboard numbers: a handful of aggregate queries per period, none per row."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Max, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone

from analytics.models import Event
from catalog.models import Product
from rfq.models import Rfq

PERIODS = (7, 30, 90)
DEFAULT_PERIOD = 30
TOP = 20


def period_start(days: int) -> datetime:
    """Midnight (local time) `days - 1` days ago: the last 7 days are today and the 6 before."""
    first = timezone.localdate() - timedelta(days=days - 1)
    return timezone.make_aware(datetime.combine(first, datetime.min.time()))


def _rate(part: int, whole: int) -> Decimal | None:
    """A percentage with one decimal, or None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _one_decimal(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def analytics_totals(*, since: datetime) -> dict[str, int]:
    kinds = Event.Kind
    return Event.objects.filter(occurred_at__gte=since).aggregate(
        searches=Count("id", filter=Q(kind=kinds.SEARCH)),
        zero_result_searches=Count("id", filter=Q(kind=kinds.SEARCH, results=0)),
        views=Count("id", filter=Q(kind=kinds.VIEW)),
        search_clicks=Count("id", filter=Q(kind=kinds.VIEW) & ~Q(query="")),
        cart_adds=Count("id", filter=Q(kind=kinds.CART_ADD)),
        rfqs=Count("id", filter=Q(kind=kinds.RFQ)),
        orders=Count("id", filter=Q(kind=kinds.ORDER)),
    )


@dataclass(frozen=True)
class SearchRow:
    query: str
    searches: int
    average_results: Decimal | None
    clicks: int

    @property
    def click_through(self) -> Decimal | None:
        """Result clicks per 100 searches (may pass 100 when buyers open several results)."""
        return _rate(self.clicks, self.searches)


def top_searches(*, since: datetime, limit: int = TOP) -> list[SearchRow]:
    searches = list(
        Event.objects.filter(kind=Event.Kind.SEARCH, occurred_at__gte=since)
        .exclude(query="")
        .values("query")
        .annotate(searches=Count("id"), average_results=Avg("results"))
        .order_by("-searches", "query")[:limit]
    )
    clicks = dict(
        Event.objects.filter(kind=Event.Kind.VIEW, occurred_at__gte=since, query__in=[row["query"] for row in searches])
        .values("query")
        .annotate(clicks=Count("id"))
        .values_list("query", "clicks")
    )
    return [
        SearchRow(
            query=row["query"],
            searches=row["searches"],
            average_results=(None if row["average_results"] is None else _one_decimal(row["average_results"])),
            clicks=clicks.get(row["query"], 0),
        )
        for row in searches
    ]


def zero_result_searches(*, since: datetime, limit: int = TOP) -> list[dict]:
    """`{query, searches, last}`: what buyers looked for and did not find, most asked first."""
    return list(
        Event.objects.filter(kind=Event.Kind.SEARCH, results=0, occurred_at__gte=since)
        .exclude(query="")
        .values("query")
        .annotate(searches=Count("id"), last=Max("occurred_at"))
        .order_by("-searches", "query")[:limit]
    )


def top_products(*, since: datetime, limit: int = TOP) -> list[dict]:
    """`{product, sku, title, slug, views, search_clicks, cart_adds}`, most viewed first: counted on the
    events alone, then the few products named (two queries whatever the numbers)."""
    kinds = Event.Kind
    rows = list(
        Event.objects.filter(kind__in=[kinds.VIEW, kinds.CART_ADD], occurred_at__gte=since, product__isnull=False)
        .values("product")
        .annotate(
            views=Count("id", filter=Q(kind=kinds.VIEW)),
            search_clicks=Count("id", filter=Q(kind=kinds.VIEW) & ~Q(query="")),
            cart_adds=Count("id", filter=Q(kind=kinds.CART_ADD)),
        )
        .order_by("-views", "-cart_adds", "product")[:limit]
    )
    products = Product.objects.only("sku", "title", "slug").in_bulk([row["product"] for row in rows])
    return [
        {**row, "sku": product.sku, "title": product.title, "slug": product.slug}
        for row in rows
        if (product := products.get(row["product"])) is not None
    ]


@dataclass(frozen=True)
class WeekRow:
    week_start: date
    rfqs: int
    orders: int

    @property
    def label(self) -> str:
        year, week, _ = self.week_start.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def rate(self) -> Decimal | None:
        return _rate(self.orders, self.rfqs)


def rfq_conversion_by_week(*, since: datetime) -> list[WeekRow]:
    """RFQs submitted each ISO week (Monday to Sunday, local time) since `since`, and how many of them
    became orders (at any time since): from the RFQs and orders themselves, not from events."""
    rows = (
        Rfq.objects.filter(created_at__gte=since)
        .annotate(week=TruncWeek("created_at"))
        .values("week")
        .annotate(rfqs=Count("id"), orders=Count("order"))
        .order_by("week")
    )
    return [
        WeekRow(
            week_start=row["week"].date() if isinstance(row["week"], datetime) else row["week"],
            rfqs=row["rfqs"],
            orders=row["orders"],
        )
        for row in rows
    ]
