import re

import django_filters
from django import forms
from django.db import connections
from django.db.models import BooleanField, Case, F, Func, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from catalog.models import Product
from catalog.text import search_terms, search_tokens

ORDERING = {
    "price": ("price_per_unit", "sku"),
    "-price": ("-price_per_unit", "sku"),
    "title": ("sort_title", "sku"),
    "-title": ("-sort_title", "sku"),
    "createdAt": ("created_at", "sku"),
    "-createdAt": ("-created_at", "sku"),
}
ORDERING_CHOICES = [
    ("title", _("Name A-Z")),
    ("-title", _("Name Z-A")),
    ("price", _("Price ascending")),
    ("-price", _("Price descending")),
    ("-createdAt", _("Newest")),
    ("createdAt", _("Oldest")),
]
MAX_SEARCH_LENGTH = 200
_NUMBER = re.compile(r"^\d+(\.\d+)?$")
_SIZE = re.compile(r"^(d?\d+(\.\d+)?x\d|d\d)")  # 40x40x3, 2000x1000x0.5, d20


class ProductFilter(django_filters.FilterSet):
    """Query parameters of the catalog, shared by the pages and `GET /api/products`."""

    category = django_filters.CharFilter(method="filter_category", label=_("Category"))
    search = django_filters.CharFilter(method="filter_search", label=_("Search"), max_length=MAX_SEARCH_LENGTH)
    grade = django_filters.CharFilter(method="filter_grade", label=_("Grade"), max_length=200)
    availability = django_filters.MultipleChoiceFilter(
        choices=Product.Availability.choices,
        label=_("Availability"),
        widget=forms.CheckboxSelectMultiple,
        distinct=False,  # no join, no duplicates: DISTINCT would only slow COUNT and the page
    )
    minPrice = django_filters.NumberFilter(
        field_name="price_per_unit", lookup_expr="gte", min_value=0, label=_("Minimum price")
    )
    maxPrice = django_filters.NumberFilter(
        field_name="price_per_unit", lookup_expr="lte", min_value=0, label=_("Maximum price")
    )
    ordering = django_filters.ChoiceFilter(
        choices=ORDERING_CHOICES, method="filter_ordering", label=_("Sort by"), empty_label=None
    )

    class Meta:
        model = Product
        fields: list[str] = []

    def __init__(self, *args, category_ids: dict[str, list] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # slug -> ids of the category and its descendants, from the cached category tree.
        self.category_ids = category_ids or {}

    def filter_category(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(category_id__in=self.category_ids.get(value, []))

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        terms = search_terms(value)
        if terms and _on_postgresql(queryset):
            return queryset.filter(WordsMatch(terms))
        # SQLite: each word anywhere in the normalised column (a scan, fine for the embedded default).
        for alternatives in terms:
            match = Q()
            for word in alternatives:
                match |= Q(search_text__contains=word)
            queryset = queryset.filter(match)
        return queryset

    def filter_grade(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        grades = parse_grades(value)
        return queryset.filter(grade__in=grades) if grades else queryset

    def filter_ordering(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.order_by(*ORDERING[value])

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("ordering"):
            return queryset
        search = self.form.cleaned_data.get("search")
        if not search:
            return queryset.order_by(*ORDERING["title"])
        rank = search_rank(search)
        if rank is None:
            # Nothing to rank by: title order alone walks the title index and stops at the page
            # ("profil" matches a third of the catalog: 84 ms sorted by rank, a few ms this way).
            return queryset.order_by(*ORDERING["title"])
        # Within a rank, title order on both back-ends. (Trigram similarity to the query as the
        # tie-breaker was measured on PostgreSQL: ~40 µs a row, 120 ms for a 3,000-row result.)
        return queryset.annotate(search_rank=rank).order_by("search_rank", *ORDERING["title"])


def parse_grades(value: str | None) -> set[str]:
    """The grades a `grade` parameter selects: "s235jr, S355J2" -> {"S235JR", "S355J2"}."""
    return {grade.strip().upper() for grade in (value or "").split(",") if grade.strip()}


def _on_postgresql(queryset: QuerySet) -> bool:
    return connections[queryset.db].vendor == "postgresql"


def tsquery(terms: list[tuple[str, ...]]) -> str:
    """[("40x40x3",), ("teava", "tube")] → "('40x40x3':*) & ('teava':* | 'tube':*)". Every word is
    a prefix, as `LIKE 'word%'` on each word of the column; words are normalised ([a-z0-9.] only),
    so quoting cannot be broken out of."""
    return " & ".join("(" + " | ".join(f"'{word}':*" for word in alternatives) + ")" for alternatives in terms)


class WordsMatch(Func):
    """`search_words @@ tsquery` on PostgreSQL: a GIN index lookup. `search_words` is the stored
    generated tsvector column of migration 0007 (the words of `search_text` and the numbers inside
    its sizes); the Django model does not know it, the database keeps it."""

    output_field = BooleanField()

    def __init__(self, terms: list[tuple[str, ...]]) -> None:
        super().__init__(F("search_text"))
        self.query = tsquery(terms)

    def as_sql(self, compiler, connection, **extra_context):
        table = compiler.quote_name_unless_alias(self.source_expressions[0].alias)
        return f"{table}.{connection.ops.quote_name('search_words')} @@ %s::tsquery", [self.query]


def _whole_word(word: str) -> Q:
    return (
        Q(search_text__startswith=f"{word} ")
        | Q(search_text__contains=f" {word} ")
        | Q(search_text__endswith=f" {word}")
        | Q(search_text=word)
    )


_SKU_LIKE = re.compile(r"[\d-]")  # our SKUs carry sizes or dashes: TR-40X20X2, IPE-200-S235JR


def search_rank(query: str) -> Case | None:
    """0: the SKU itself; 1: every size in the query stands as a whole word ("40x40x3", not
    "140x40x3"), and every bare number is a whole word or the last size ("3 mm" sheet: "…x3");
    2: the rest. None when the query can be neither a SKU nor a size (plain words)."""
    tokens = search_tokens(query)
    sizes = [token for token in tokens if _SIZE.match(token)]
    numbers = [token for token in tokens if _NUMBER.match(token)]
    if not (sizes or numbers or _SKU_LIKE.search(query)):
        return None
    exact = Q()
    for size in sizes:
        exact &= _whole_word(size)
    for number in numbers:
        exact &= _whole_word(number) | Q(search_text__contains=f"x{number} ") | Q(search_text__endswith=f"x{number}")
    return Case(
        When(sku__iexact=query.strip(), then=Value(0)),
        *([When(exact, then=Value(1))] if sizes or numbers else []),
        default=Value(2),
        output_field=IntegerField(),
    )
