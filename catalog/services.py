"""Catalog writes: categories, product upserts and the row-by-row import used by
`import_products`, `seed_demo` and (later) the legacy import; product ratings."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet, Sum
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from catalog.cache import invalidate_product
from catalog.forms import ProductImportForm
from catalog.models import RATING_MAX, RATING_MIN, REVIEW_MAX_LENGTH, Category, Product, ProductSlugHistory, Rating
from catalog.selectors import user_received_product
from metalpro.exceptions import ApplicationError

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


def category_ensure(
    *,
    path: str,
    description: str = "",
    sort_order: int | None = None,
    name_en: str = "",
    description_en: str = "",
) -> Category:
    """The category named by `path` ("Profile laminate > Profile IPE"), created level by level
    when missing. Each level matches an existing category by slug or (case-insensitive) name.
    English texts given for the last level are filled in where the category has none yet."""
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
    english = {"name_en": name_en, "description_en": description_en}
    missing = [name for name, value in english.items() if value and not getattr(parent, name)]
    if missing:
        for name in missing:
            setattr(parent, name, english[name])
        parent.save(update_fields=[*missing, "updated_at"])
        # Products carry their category's names in their search text: one bulk UPDATE (the
        # category's own save has already retired the catalog cache).
        products = list(parent.products.select_related("category"))
        for product in products:
            product.search_text = product.build_search_text()
        Product.objects.bulk_update(products, ["search_text"], batch_size=500)
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


@transaction.atomic
def product_update(*, product: Product, update_fields: Iterable[str] | None = None) -> Product:
    """Save the changes made to `product` (e.g. in the admin). A changed slug is remembered, so the
    product's old address answers 301 to the new one (`product_slug_record`)."""
    stored_slug = Product.objects.select_for_update().filter(pk=product.pk).values_list("slug", flat=True).first()
    product.save(update_fields=update_fields)
    if stored_slug is not None and stored_slug != product.slug:
        product_slug_record(product=product, old_slug=stored_slug)
    return product


def product_slug_record(*, product: Product, old_slug: str) -> None:
    """`old_slug` now leads to `product` (whatever its slug is, so a chain of renames is one hop);
    the product's current slug is live again, so it is no longer an old address."""
    ProductSlugHistory.objects.filter(old_slug=product.slug).delete()
    ProductSlugHistory.objects.update_or_create(old_slug=old_slug, defaults={"product": product})


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

    for path, description, sort_order, name_en, description_en in demo_data.CATEGORIES:
        category_ensure(
            path=path, description=description, sort_order=sort_order, name_en=name_en, description_en=description_en
        )
    rows = demo_data.product_rows()
    return products_import(rows=((row["sku"], row) for row in rows))


# --- Ratings ------------------------------------------------------------------------------------
# The product's `rating_average` and `rating_count` change only here, in the rating's transaction,
# while the product row is locked: recomputed from the ratings with one aggregate query, never on a
# page view. The product's cached page and detail are retired with `invalidate_product` (ratings show
# nowhere else, so the rest of the catalog stays cached).
RATING_AVERAGE_STEP = Decimal("0.01")


def _rating_validate(*, rating: int, review: str) -> None:
    errors = {}
    if isinstance(rating, bool) or not isinstance(rating, int) or not RATING_MIN <= rating <= RATING_MAX:
        errors["rating"] = ValidationError(
            _("Choose a rating from %(min)d to %(max)d stars.") % {"min": RATING_MIN, "max": RATING_MAX},
            code="invalid",
        )
    if len(review) > REVIEW_MAX_LENGTH:
        errors["review"] = ValidationError(
            _("Keep the review to %(max)d characters.") % {"max": REVIEW_MAX_LENGTH}, code="max_length"
        )
    if errors:
        raise ValidationError(errors)


def _products_lock(product_ids: Iterable) -> None:
    """Lock the products' rows (in pk order): rating writes of one product run one at a time."""
    list(Product.objects.select_for_update().filter(pk__in=set(product_ids)).order_by("pk").values_list("pk"))


def product_rating_refresh(*, product: Product) -> None:
    """Recompute the product's average and count from its ratings (the caller holds its row lock)."""
    totals = Rating.objects.filter(product_id=product.pk).aggregate(total=Sum("rating"), count=Count("pk"))
    count = totals["count"]
    average = (Decimal(totals["total"]) / count).quantize(RATING_AVERAGE_STEP, ROUND_HALF_UP) if count else Decimal(0)
    # A plain UPDATE: it leaves updated_at and the audit log alone, and the catalog-wide signal too.
    Product.objects.filter(pk=product.pk).update(rating_average=average, rating_count=count)
    product.rating_average, product.rating_count = average, count
    invalidate_product(product)


@transaction.atomic
def rating_submit(*, user, product: Product, rating: int, review: str = "") -> Rating:
    """`user` rates `product`, or changes the rating they gave it before (one per buyer and product).
    Only buyers with a delivered order of the product may rate it."""
    review = (review or "").strip()
    _rating_validate(rating=rating, review=review)
    if not user_received_product(user=user, product=product):
        raise ApplicationError(
            _("Only buyers who received this product can rate it."), code="not_a_buyer", status_code=403
        )
    _products_lock([product.pk])
    now = timezone.now()
    obj = Rating.objects.filter(user_id=user.pk, product_id=product.pk).first()
    if obj is None:
        obj = Rating(user=user, product=product, rating=rating, review=review, created_at=now, updated_at=now)
        obj.save(force_insert=True)
    else:
        obj.rating, obj.review, obj.updated_at = rating, review, now
        obj.save(update_fields=["rating", "review", "updated_at"])
    product_rating_refresh(product=product)
    return obj


@transaction.atomic
def ratings_delete(*, ratings: QuerySet[Rating]) -> int:
    """Delete `ratings` (e.g. abusive reviews, from the admin); their products' averages follow."""
    product_ids = set(ratings.values_list("product_id", flat=True))
    _products_lock(product_ids)
    deleted, _by_model = Rating.objects.filter(pk__in=ratings.values("pk")).delete()
    for product in Product.objects.filter(pk__in=product_ids).order_by("pk"):
        product_rating_refresh(product=product)
    return deleted
