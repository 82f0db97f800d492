"""Catalog reads. Category data comes from one cached tree; product lists are plain querysets
shaped here (select_related), so a page costs the same number of queries whatever its size."""

from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet

from catalog.cache import cached
from catalog.filters import ProductFilter
from catalog.models import Category, Product

FEATURED_COUNT = 8


@dataclass
class CategoryNode:
    id: UUID
    name: str
    slug: str
    description: str
    parent_id: UUID | None
    depth: int = 0
    own_count: int = 0
    product_count: int = 0
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

    def __iter__(self):
        return iter(self.roots)

    def ancestors(self, node: CategoryNode) -> list[CategoryNode]:
        by_id = {n.id: n for n in self.by_slug.values()}
        chain = []
        while node.parent_id is not None and node.parent_id in by_id:
            node = by_id[node.parent_id]
            chain.append(node)
        return chain[::-1]

    def subtree_ids(self) -> dict[str, list[UUID]]:
        return {slug: node.descendant_ids() for slug, node in self.by_slug.items()}


def _build_category_tree() -> CategoryTree:
    counts = dict(
        Product.objects.active().values_list("category_id").annotate(n=Count("id")).values_list("category_id", "n")
    )
    nodes = {
        c.id: CategoryNode(
            id=c.id,
            name=c.name,
            slug=c.slug,
            description=c.description,
            parent_id=c.parent_id,
            own_count=counts.get(c.id, 0),
        )
        for c in Category.objects.filter(is_active=True).order_by("sort_order", "name")
    }
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.parent_id) if node.parent_id else None
        (parent.children if parent else roots).append(node)

    def finish(node: CategoryNode, depth: int) -> int:
        node.depth = depth
        node.product_count = node.own_count + sum(finish(c, depth + 1) for c in node.children)
        return node.product_count

    for root in roots:
        finish(root, 0)
    return CategoryTree(roots=roots, by_slug={n.slug: n for n in nodes.values()})


def category_tree() -> CategoryTree:
    return cached(("category-tree",), _build_category_tree)


def product_filterset(*, filters: Mapping | None) -> ProductFilter:
    return ProductFilter(
        data=filters or {},
        queryset=Product.objects.active().select_related("category"),
        category_ids=category_tree().subtree_ids(),
    )


def product_list(*, filters: Mapping | None = None) -> QuerySet[Product]:
    """Active products matching `filters`; a ValidationError names each invalid parameter."""
    filterset = product_filterset(filters=filters)
    if not filterset.is_valid():
        raise ValidationError(filterset.errors)
    return filterset.qs


def product_get(*, key: str) -> Product | None:
    """An active product by id or by slug (CONTRACT §4: `{id}` may also be the slug)."""

    def build():
        lookup = {"slug": key}
        with suppress(ValueError):
            lookup = {"id": UUID(key)}
        product = Product.objects.active().select_related("category").filter(**lookup).first()
        return product or False  # cache the miss too

    return cached(("product", key), build) or None


def product_related(*, product: Product, limit: int = 3) -> list[Product]:
    def build():
        return list(
            Product.objects.active()
            .select_related("category")
            .filter(category_id=product.category_id)
            .exclude(id=product.id)
            .order_by("sort_title")[:limit]
        )

    return cached(("related", product.id, limit), build)


def product_featured() -> list[Product]:
    def build():
        return list(
            Product.objects.active()
            .select_related("category")
            .filter(availability=Product.Availability.IN_STOCK, metadata__featured=True)
            .order_by("sort_title")[:FEATURED_COUNT]
        )

    return cached(("featured",), build)


def grade_choices(*, category_ids: list[UUID] | None = None) -> list[str]:
    qs = Product.objects.active().exclude(grade="")
    if category_ids is not None:
        qs = qs.filter(category_id__in=category_ids)
    return list(qs.order_by("grade").values_list("grade", flat=True).distinct())
