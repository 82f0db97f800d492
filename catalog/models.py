import re
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from catalog.text import natural_sort_key, normalize
from catalog.units import Unit
from metalpro.money import (
    MONEY_DECIMAL_PLACES,
    MONEY_MAX_DIGITS,
    QUANTITY_DECIMAL_PLACES,
    QUANTITY_MAX_DIGITS,
    WEIGHT_DECIMAL_PLACES,
    WEIGHT_MAX_DIGITS,
)


def localized(romanian: str, english: str) -> str:
    """`english` when English is active and it was given, else `romanian` (the catalog's language)."""
    if english and (get_language() or "").startswith("en"):
        return english
    return romanian


# "HEB 160" is also typed "HEB160": the search column carries both.
_SECTION_SIZE = re.compile(r"\b(ipe|ipn|hea|heb|hem|unp|upn|upe|inp)\s+(\d+)\b")


class CategoryTexts:
    """`display_name`/`display_description` of a category, or of a node of the cached category tree."""

    @property
    def display_name(self) -> str:
        """The name in the active language (Romanian when no English name was given)."""
        return localized(self.name, self.name_en)

    @property
    def display_description(self) -> str:
        return localized(self.description, self.description_en)


class Category(CategoryTexts, models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["sort_order", "name"]
        indexes = [models.Index(fields=["parent", "sort_order"], name="category_parent_order_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:category", kwargs={"slug": self.slug})


ACTIVE = models.Q(is_active=True)


class ProductQuerySet(models.QuerySet):
    def active(self) -> "ProductQuerySet":
        """Products switched on. Hidden categories are the selectors' business (`visible_products`)."""
        return self.filter(is_active=True)


class Product(models.Model):
    class Availability(models.TextChoices):
        IN_STOCK = "in_stock", _("In stock")
        ON_REQUEST = "on_request", _("On request")
        OUT_OF_STOCK = "out_of_stock", _("Out of stock")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    sku = models.CharField(_("SKU"), max_length=64, unique=True)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    title = models.CharField(_("title"), max_length=255)
    title_en = models.CharField(_("title in English"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="products"
    )
    grade = models.CharField(_("grade"), max_length=64, blank=True)
    standard = models.CharField(_("standard"), max_length=128, blank=True)
    dimensions = models.CharField(_("dimensions"), max_length=128, blank=True)
    availability = models.CharField(
        _("availability"), max_length=16, choices=Availability, default=Availability.IN_STOCK
    )
    base_unit = models.CharField(_("base unit"), max_length=3, choices=Unit, default=Unit.KG)
    price_per_unit = models.DecimalField(
        _("price per unit (RON, excl. VAT)"),
        max_digits=MONEY_MAX_DIGITS,
        decimal_places=MONEY_DECIMAL_PLACES,
        validators=[MinValueValidator(0)],
    )
    weight = models.DecimalField(
        _("weight (kg per base unit)"),
        max_digits=WEIGHT_MAX_DIGITS,
        decimal_places=WEIGHT_DECIMAL_PLACES,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    length_m = models.DecimalField(
        _("bar length (m)"),
        max_digits=8,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    stock = models.DecimalField(
        _("stock (base unit)"),
        max_digits=QUANTITY_MAX_DIGITS,
        decimal_places=QUANTITY_DECIMAL_PLACES,
        default=0,
        validators=[MinValueValidator(0)],
    )
    metadata = models.JSONField(_("metadata"), default=dict, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # Kept by catalog.services (rating_submit, ratings_delete) in the rating's own transaction.
    rating_average = models.DecimalField(_("average rating"), max_digits=3, decimal_places=2, default=0, editable=False)
    rating_count = models.PositiveIntegerField(_("ratings"), default=0, editable=False)
    search_text = models.TextField(editable=False, default="")
    sort_title = models.CharField(max_length=500, editable=False, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["sort_title"]
        indexes = [
            models.Index(fields=["category", "is_active"], name="product_category_active_idx"),
            # One partial index per catalog ordering: `ORDER BY ... LIMIT` walks the index. The title
            # index also carries the search column and the id (PostgreSQL INCLUDE): a search in title
            # order is an index-only scan that filters index tuples without visiting table rows.
            models.Index(
                fields=["sort_title", "sku"],
                name="product_list_title_idx",
                condition=ACTIVE,
                include=["search_text", "id"],
            ),
            models.Index(fields=["price_per_unit", "sku"], name="product_list_price_idx", condition=ACTIVE),
            models.Index(fields=["created_at", "sku"], name="product_list_created_idx", condition=ACTIVE),
            models.Index(fields=["availability"], name="product_availability_idx"),
            models.Index(fields=["grade"], name="product_grade_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(stock__gte=0), name="product_stock_not_negative"),
            models.CheckConstraint(condition=models.Q(price_per_unit__gte=0), name="product_price_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.sku})"

    def save(self, *args, **kwargs) -> None:
        # Derived columns, kept true wherever the row is written (admin, services, shell).
        self.search_text = self.build_search_text()
        self.sort_title = natural_sort_key(self.title)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text", "sort_title", "updated_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("catalog:product", kwargs={"slug": self.slug})

    @property
    def display_title(self) -> str:
        """The title in the active language (Romanian when no English title was given)."""
        return localized(self.title, self.title_en)

    @property
    def display_description(self) -> str:
        return localized(self.description, self.description_en)

    def build_search_text(self) -> str:
        # Both languages: a buyer finds "rectangular tube" on the Romanian page and "țeavă" on the English one.
        parts = [self.title, self.title_en, self.sku, self.grade, self.standard, self.dimensions]
        if self.category_id:
            parts += [self.category.name, self.category.name_en]
        text = normalize(" ".join(p for p in parts if p))
        glued = dict.fromkeys(f"{family}{size}" for family, size in _SECTION_SIZE.findall(text))
        return " ".join([text, *glued])


RATING_MIN, RATING_MAX = 1, 5
REVIEW_MAX_LENGTH = 2000
RATING_COLUMNS = ("rating_average", "rating_count")  # Product columns only the rating services write


class ProductLine(models.Model):
    """A product as it was asked for or ordered (quote and order lines): the SKU, title, quantity
    and unit are kept as they were, whatever later happens to the product."""

    position = models.PositiveSmallIntegerField(_("position"))
    product = models.ForeignKey(Product, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    sku = models.CharField(_("SKU"), max_length=64)
    title = models.CharField(_("product"), max_length=255)
    quantity = models.DecimalField(
        _("quantity"), max_digits=QUANTITY_MAX_DIGITS, decimal_places=QUANTITY_DECIMAL_PLACES
    )
    unit = models.CharField(_("unit"), max_length=3, choices=Unit)
    specs = models.JSONField(_("specifications"), default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    @property
    def display_title(self) -> str:
        """The title as it was taken, or in English the product's English title (when it still exists)."""
        if self.product_id is None or not (get_language() or "").startswith("en"):
            return self.title
        return localized(self.title, self.product.title_en)


class Rating(models.Model):
    """A buyer's stars (and optional review) for a product they received: one per buyer and product.
    The review is stored as typed and escaped wherever it is shown."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("buyer"), on_delete=models.CASCADE, related_name="ratings"
    )
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="ratings")
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(RATING_MIN), MaxValueValidator(RATING_MAX)]
    )
    review = models.TextField(_("review"), max_length=REVIEW_MAX_LENGTH, blank=True)
    # Set by the service from one clock reading, so a rating never changed has updated_at == created_at.
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["-updated_at", "-created_at"]
        indexes = [models.Index(fields=["product", "-updated_at"], name="rating_product_recent_idx")]
        constraints = [
            models.UniqueConstraint(fields=["user", "product"], name="rating_one_per_user_and_product"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=RATING_MIN, rating__lte=RATING_MAX), name="rating_between_1_and_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} · {self.rating}/{RATING_MAX}"

    @property
    def edited(self) -> bool:
        return self.updated_at > self.created_at

    @property
    def author_name(self) -> str:
        """What the public sees of the author: a first name, never the email."""
        first = (self.user.name or "").split(maxsplit=1)[:1]
        if first and "@" not in first[0]:
            return first[0]
        return gettext("Buyer")


class ProductSlugHistory(models.Model):
    """A slug a product was once published under: its old address answers 301 to the current one.
    Written by `catalog.services.product_update` when a product's slug changes."""

    old_slug = models.SlugField(_("old slug"), max_length=255, unique=True)
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="slug_history"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("former product slug")
        verbose_name_plural = _("former product slugs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.product_id}"
