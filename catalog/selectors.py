"""Catalog reads.

Category data (tree, product counts, grades, which categories are hidden) comes from one cached
`CategoryTree`. Product lists are plain querysets shaped here: visibility is `is_active` plus
"not in a hidden category" (no join), so ordered pages walk a partial index; a page costs the same
number of queries whatever its size.
"""

from collections import Counter
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django_filters.constants import EMPTY_VALUES

from catalog.cache import cached, product_scope
from catalog.filters import ProductFilter, parse_grades
from catalog.models import Category, CategoryTexts, Product, Rating
from orders.models import Order, OrderItem

FEATURED_COUNT = 8
TREE_FORMAT = 2  # name_en, description_en, groups


@dataclass
class CategoryNode(CategoryTexts):
    id: UUID
    name: str
    slug: str
    description: str
    parent_id: UUID | None
    name_en: str = ""
    description_en: str = ""
    depth: int = 0
    own_count: int = 0
    product_count: int = 0
    own_grades: set[str] = field(default_factory=set)
    grades: list[str] = field(default_factory=list)
    children: list["CategoryNode"] = field(default_factory=list)

    def descendant_ids(self) -> list[UUID]:
        ids = [self.id]
        for child in self.children:
            ids.extend(child.descendant_ids())
        return ids


@dataclass
class CategoryTree:
    roots: list[CategoryNode]
    by_slug: dict[str, CategoryNode]
    grades: list[str]  # of every visible product
    hidden_ids: frozenset[UUID]  # inactive categories and everything below them
    # (category id, grade, availability, count) of the visible products: the unfiltered facets
    groups: list[tuple[UUID, str, str, int]] = field(default_factory=list)

    def __iter__(self):
        return iter(self.roots)

    @property
    def product_count(self) -> int:
        return sum(root.product_count for root in self.roots)

    def ancestors(self, node: CategoryNode) -> list[CategoryNode]:
        by_id = {n.id: n for n in self.by_slug.values()}
        chain = []
        while node.parent_id is not None and node.parent_id in by_id:
            node = by_id[node.parent_id]
            chain.append(node)
        return chain[::-1]

    def subtree_ids(self) -> dict[str, list[UUID]]:
        return {slug: node.descendant_ids() for slug, node in self.by_slug.items()}


def _group_counts(products: QuerySet[Product]) -> list[tuple[UUID, str, str, int]]:
    """(category id, grade, availability, count) of `products`: one GROUP BY query."""
    groups = products.order_by().values("category_id", "grade", "availability").annotate(n=Count("id"))
    return [(row["category_id"], row["grade"], row["availability"], row["n"]) for row in groups]


def _build_category_tree() -> CategoryTree:
    active = Product.objects.active().order_by()  # no default ordering in GROUP BY
    groups = _group_counts(active)
    counts: Counter[UUID] = Counter()
    grades: dict[UUID, set[str]] = {}
    for category_id, grade, _availability, count in groups:
        counts[category_id] += count
        if grade:
            grades.setdefault(category_id, set()).add(grade)

    categories = list(Category.objects.order_by("sort_order", "name"))
    parent_of = {c.id: c.parent_id for c in categories}
    inactive = {c.id for c in categories if not c.is_active}

    def hidden(category_id: UUID | None) -> bool:
        seen = set()
        while category_id is not None and category_id not in seen:
            if category_id in inactive:
                return True
            seen.add(category_id)
            category_id = parent_of.get(category_id)
        return False

    hidden_ids = frozenset(c.id for c in categories if hidden(c.id))
    nodes = {
        c.id: CategoryNode(
            id=c.id,
            name=c.name,
            slug=c.slug,
            description=c.description,
            parent_id=c.parent_id,
            name_en=c.name_en,
            description_en=c.description_en,
            own_count=counts.get(c.id, 0),
            own_grades=grades.get(c.id, set()),
        )
        for c in categories
        if c.id not in hidden_ids
    }
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.parent_id) if node.parent_id else None
        (parent.children if parent else roots).append(node)

    def finish(node: CategoryNode, depth: int) -> tuple[int, set[str]]:
        node.depth = depth
        count, node_grades = node.own_count, set(node.own_grades)
        for child in node.children:
            child_count, child_grades = finish(child, depth + 1)
            count += child_count
            node_grades |= child_grades
        node.product_count, node.grades = count, sorted(node_grades)
        return count, node_grades

    all_grades: set[str] = set()
    for root in roots:
        all_grades |= finish(root, 0)[1]
    return CategoryTree(
        roots=roots,
        by_slug={n.slug: n for n in nodes.values()},
        grades=sorted(all_grades),
        hidden_ids=hidden_ids,
        groups=[group for group in groups if group[0] not in hidden_ids],
    )


def category_tree() -> CategoryTree:
    # The format number changes with CategoryTree's fields: a tree cached by older code is never read.
    return cached(("category-tree", TREE_FORMAT), _build_category_tree, in_process=True)


def visible_products() -> QuerySet[Product]:
    """Active products outside hidden categories, with their category (one query, no join filter)."""
    queryset = Product.objects.active().select_related("category")
    hidden_ids = category_tree().hidden_ids
    return queryset.exclude(category_id__in=hidden_ids) if hidden_ids else queryset


@dataclass
class ProductListing:
    products: QuerySet[Product]
    errors: dict[str, list[str]]
    filterset: ProductFilter


def product_listing(*, filters: Mapping | None, strict: bool = True) -> ProductListing:
    """Visible products matching `filters`. Strict (the API): a ValidationError names each invalid
    parameter. Lenient (pages): invalid parameters are left out and reported in `errors`. The
    count comes with the facets (`product_facets(filterset=listing.filterset).total`)."""
    tree = category_tree()
    filterset = ProductFilter(data=filters or {}, queryset=visible_products(), category_ids=tree.subtree_ids())
    errors = filterset.errors
    if errors and strict:
        raise ValidationError(errors)
    return ProductListing(products=filterset.qs, errors=errors, filterset=filterset)


# --- Facets -------------------------------------------------------------------------------------
FACET_FILTERS = ("category", "grade", "availability")


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass(frozen=True)
class CategoryFacet:
    slug: str
    name: str
    count: int  # products of the category and its subcategories
    depth: int
    parent_slug: str | None
    selected: bool = False


@dataclass
class ProductFacets:
    categories: list[CategoryFacet]  # tree order: every category with products, and the selected one
    grades: list[FacetOption]  # every grade with products, and the selected ones
    availability: list[FacetOption]  # every availability, in the order of its choices
    total: int  # products matching every filter (the listing's count)


def _facet_groups(filterset: ProductFilter) -> list[tuple[UUID, str, str, int]]:
    """(category id, grade, availability, count) of the visible products matching every filter but
    the facets' own: one GROUP BY query, cached per catalog version and non-facet filters (so
    ticking a facet option reuses it)."""
    data = filterset.form.cleaned_data
    narrowing = {
        name: value
        for name, value in data.items()
        if name not in (*FACET_FILTERS, "ordering") and value not in EMPTY_VALUES
    }
    if not narrowing:
        return category_tree().groups  # no query: the tree has them

    def build() -> list[tuple[UUID, str, str, int]]:
        queryset = visible_products()
        for name, value in narrowing.items():
            queryset = filterset.filters[name].filter(queryset, value)
        return _group_counts(queryset)

    return cached(("facet-groups", sorted((name, str(value)) for name, value in narrowing.items())), build)


def product_facets(*, filters: Mapping | None = None, filterset: ProductFilter | None = None) -> ProductFacets:
    """Counts of categories, grades and availabilities among the visible products matching `filters`
    (lenient: invalid parameters are left out), or the `filterset` of a `product_listing`.

    Disjunctive: each facet is counted over the products matching every filter except its own, so
    the alternatives to a selected option keep their counts. A category counts its subtree. One
    query at most (the groups of `_facet_groups`), whatever the number of products or options.
    """
    tree = category_tree()
    if filterset is None:
        filterset = ProductFilter(data=filters or {}, queryset=visible_products(), category_ids=tree.subtree_ids())
    filterset.errors  # noqa: B018 (validates: cleaned_data holds the valid parameters only)
    data = filterset.form.cleaned_data
    slug = data.get("category") or ""
    node = tree.by_slug.get(slug)
    category_ids = (set(node.descendant_ids()) if node else set()) if slug else None
    grades = parse_grades(data.get("grade"))
    availability = set(data.get("availability") or ())

    own_counts: Counter[UUID] = Counter()
    grade_counts: Counter[str] = Counter()
    availability_counts: Counter[str] = Counter()
    total = 0
    for category_id, grade, status, count in _facet_groups(filterset):
        in_category = category_ids is None or category_id in category_ids
        in_grade = not grades or grade in grades
        in_availability = not availability or status in availability
        if in_grade and in_availability:
            own_counts[category_id] += count
        if in_category and in_availability and grade:
            grade_counts[grade] += count
        if in_category and in_grade:
            availability_counts[status] += count
        if in_category and in_grade and in_availability:
            total += count

    categories: list[CategoryFacet] = []

    def walk(category: CategoryNode, parent_slug: str | None) -> int:
        position = len(categories)
        count = own_counts[category.id] + sum(walk(child, category.slug) for child in category.children)
        if count or category.slug == slug:
            facet = CategoryFacet(
                slug=category.slug,
                name=category.display_name,
                count=count,
                depth=category.depth,
                parent_slug=parent_slug,
                selected=category.slug == slug,
            )
            categories.insert(position, facet)  # before its subcategories
        return count

    for root in tree.roots:
        walk(root, None)
    return ProductFacets(
        categories=categories,
        grades=[
            FacetOption(value=grade, label=grade, count=grade_counts[grade], selected=grade in grades)
            for grade in sorted(set(grade_counts) | grades)
        ],
        availability=[
            FacetOption(value=value, label=str(label), count=availability_counts[value], selected=value in availability)
            for value, label in Product.Availability.choices
        ],
        total=total,
    )


def product_get(*, key: str) -> Product | None:
    """A visible product by id or by slug (CONTRACT §4: `{id}` may also be the slug). Cached until
    the catalog or this product's own data (its ratings) changes."""
    lookup = {"slug": key}
    with suppress(ValueError):
        key = str(UUID(key))  # one cache entry (and scope) for every spelling of an id
        lookup = {"id": key}

    def build():
        return visible_products().filter(**lookup).first() or False  # cache the miss too

    return cached(("product", key), build, scopes=[product_scope(key)]) or None


def product_moved_slug(*, old_slug: str) -> str | None:
    """The current slug of the visible product once published as `old_slug` (a 301 target), cached
    with the catalog (a rename saves the product, which retires the catalog version)."""

    def build():
        moved = visible_products().filter(slug_history__old_slug=old_slug)
        return moved.values_list("slug", flat=True).first() or False

    return cached(("product-moved", old_slug), build) or None


def product_related(*, product: Product, limit: int = 3) -> list[Product]:
    def build():
        return list(
            visible_products()
            .filter(category_id=product.category_id)
            .exclude(id=product.id)
            .order_by("sort_title")[:limit]
        )

    return cached(("related", product.id, limit), build)


def product_featured() -> list[Product]:
    def build():
        return list(
            visible_products()
            .filter(availability=Product.Availability.IN_STOCK, metadata__featured=True)
            .order_by("sort_title")[:FEATURED_COUNT]
        )

    return cached(("featured",), build)


def product_ratings(*, product: Product) -> QuerySet[Rating]:
    """The product's ratings, newest (or newest changed) first, with what is shown of their authors."""
    return Rating.objects.filter(product_id=product.pk).select_related("user").order_by("-updated_at", "-created_at")


def rating_of(*, user, product: Product) -> Rating | None:
    """The rating `user` gave `product`, if any."""
    if not user.is_authenticated:
        return None
    return Rating.objects.filter(user_id=user.pk, product_id=product.pk).first()


def user_received_product(*, user, product: Product) -> bool:
    """Whether `user` has a delivered order with `product` in it (who may rate it)."""
    if not user.is_authenticated:
        return False
    return OrderItem.objects.filter(
        product_id=product.pk, order__user_id=user.pk, order__status=Order.Status.DELIVERED
    ).exists()
