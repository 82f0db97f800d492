"""Catalog writes: categories, product upserts and the row-by-row import used by
`import_products`, `seed_demo` and (later) the legacy import."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from catalog.forms import ProductImportForm
from catalog.models import Category, Product

CATEGORY_PATH_SEPARATOR = ">"


def _unique_slug(model, *candidates: str) -> str:
    """The first free slug among `candidates` (e.g. title, then title + SKU), else numbered."""
    slugs = [slugify(candidate)[:200] for candidate in candidates if slugify(candidate)] or ["item"]
    for slug in slugs:
        if not model.objects.filter(slug=slug).exists():
            return slug
    n = 2
    while model.objects.filter(slug=f"{slugs[-1]}-{n}").exists():
        n += 1
    return f"{slugs[-1]}-{n}"


def category_ensure(*, path: str, description: str = "", sort_order: int | None = None) -> Category:
    """The category named by `path` ("Profile laminate > Profile IPE"), created level by level
    when missing. Each level matches an existing category by slug or (case-insensitive) name."""
    parent = None
    names = [part.strip() for part in path.split(CATEGORY_PATH_SEPARATOR) if part.strip()]
    if not names:
        raise ValidationError({"category": _("A category is required.")}, code="required")
    for depth, name in enumerate(names):
        siblings = Category.objects.filter(parent=parent)
        category = siblings.filter(slug=slugify(name)).first() or siblings.filter(name__iexact=name).first()
        if category is None and parent is None:
            category = Category.objects.filter(slug=slugify(name)).first()
        if category is None:
            category = Category.objects.create(
                name=name,
                slug=_unique_slug(Category, name),
                parent=parent,
                description=description if depth == len(names) - 1 else "",
                sort_order=sort_order or 0,
            )
        parent = category
    return parent


def product_upsert(*, fields: dict, category: Category) -> tuple[Product, str]:
    """Create or update the product with `fields["sku"]`. Returns the product and one of
    "created", "updated", "unchanged" (an identical row writes nothing)."""
    product = Product.objects.select_for_update().filter(sku=fields["sku"]).first()
    if product is None:
        product = Product(**fields, category=category)
        product.slug = _unique_slug(Product, fields["title"], f"{fields['title']} {fields['sku']}")
        product.full_clean()
        product.save()
        return product, "created"

    changed = [name for name, value in fields.items() if getattr(product, name) != value]
    if product.category_id != category.id:
        product.category = category
        changed.append("category")
    if not changed:
        return product, "unchanged"
    for name in changed:
        if name != "category":
            setattr(product, name, fields[name])
    product.full_clean()
    product.save()
    return product, "updated"


@dataclass
class RejectedRow:
    row: int | str
    sku: str
    reason: str


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged + len(self.rejected)


def _reason(error: ValidationError | dict) -> str:
    items = error.message_dict.items() if hasattr(error, "message_dict") else error.items()
    return "; ".join(f"{name}: {' '.join(map(str, messages))}" for name, messages in items)


def products_import(*, rows: Iterable[tuple[int | str, dict]]) -> ImportResult:
    """Validate and upsert each `(row_label, data)`; every row is its own transaction, so a bad
    row is reported and skipped without leaving anything half-written."""
    result = ImportResult()
    categories: dict[str, Category] = {}
    for label, data in rows:
        form = ProductImportForm(data)
        sku = str(data.get("sku") or "").strip()
        if not form.is_valid():
            result.rejected.append(RejectedRow(label, sku, _reason(form.errors)))
            continue
        try:
            with transaction.atomic():
                path = form.cleaned_data["category"]
                if path not in categories:
                    categories[path] = category_ensure(path=path)
                _, outcome = product_upsert(fields=form.product_fields(), category=categories[path])
        except ValidationError as error:
            categories.pop(form.cleaned_data["category"], None)
            result.rejected.append(RejectedRow(label, sku, _reason(error)))
            continue
        except IntegrityError as error:
            categories.pop(form.cleaned_data["category"], None)
            result.rejected.append(RejectedRow(label, sku, str(error).splitlines()[0]))
            continue
        setattr(result, outcome, getattr(result, outcome) + 1)
    return result


def demo_catalog_ensure() -> ImportResult:
    """The demo category tree and products (idempotent: a rerun reports everything unchanged)."""
    from catalog import demo_data

    for path, description, sort_order in demo_data.CATEGORIES:
        category_ensure(path=path, description=description, sort_order=sort_order)
    rows = demo_data.product_rows()
    return products_import(rows=((row["sku"], row) for row in rows))
