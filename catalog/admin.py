from django.contrib import admin
from django.db.models import Count
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from catalog.models import RATING_COLUMNS, Category, Product, Rating
from catalog.services import product_update, ratings_delete


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "parent", "slug", "sort_order", "is_active", "product_total")
    list_editable = ("sort_order", "is_active")
    list_filter = ("is_active", "parent")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    list_select_related = ("parent",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(product_total=Count("products"))

    @admin.display(description=_("products"), ordering="product_total")
    def product_total(self, obj: Category) -> int:
        return obj.product_total


class StockLevelFilter(admin.SimpleListFilter):
    title = _("stock level")
    parameter_name = "stock_level"

    def lookups(self, request, model_admin):
        return [("zero", _("No stock")), ("positive", _("In stock"))]

    def queryset(self, request, queryset):
        if self.value() == "zero":
            return queryset.filter(stock=0)
        if self.value() == "positive":
            return queryset.filter(stock__gt=0)
        return queryset


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = (
        "sku",
        "title",
        "category",
        "grade",
        "base_unit",
        "price_per_unit",
        "stock",
        "availability",
        "is_active",
    )
    list_editable = ("price_per_unit", "stock", "availability", "is_active")
    list_filter = ("is_active", "availability", "base_unit", StockLevelFilter, "category", "grade")
    search_fields = ("sku", "title", "dimensions")
    list_select_related = ("category",)
    list_per_page = 50
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("rating_average", "rating_count", "created_at", "updated_at")
    autocomplete_fields = ("category",)
    fieldsets = (
        (None, {"fields": ("sku", "title", "slug", "category", "description", "is_active")}),
        (_("Specification"), {"fields": ("grade", "standard", "dimensions", "metadata")}),
        (
            _("Selling"),
            {"fields": ("base_unit", "price_per_unit", "weight", "length_m")},
        ),
        (_("Stock"), {"fields": ("availability", "stock")}),
        (_("Ratings and dates"), {"fields": readonly_fields}),
    )

    def save_model(self, request, obj: Product, form, change: bool) -> None:
        if change:
            # The average and count loaded with the form may be older than a rating posted meanwhile:
            # they are written only by the rating services, under the product's row lock.
            fields = [f.name for f in obj._meta.concrete_fields if not f.primary_key and f.name not in RATING_COLUMNS]
            product_update(product=obj, update_fields=fields)
        else:
            super().save_model(request, obj, form, change)


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    """Buyers' ratings: read-only (they are the buyers' words); a deleted one leaves the product's
    average right (`ratings_delete`)."""

    list_display = ("product", "rating", "review_excerpt", "user", "created_at", "updated_at")
    list_filter = ("rating", "created_at")
    search_fields = ("product__sku", "product__title", "user__email")
    search_help_text = _("Product SKU or title, buyer's email")
    list_select_related = ("product", "user")
    date_hierarchy = "created_at"
    fields = ("product", "user", "rating", "review", "created_at", "updated_at")
    readonly_fields = fields

    @admin.display(description=_("review"))
    def review_excerpt(self, obj: Rating) -> str:
        return Truncator(obj.review).chars(80)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def delete_model(self, request, obj: Rating) -> None:
        ratings_delete(ratings=Rating.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset) -> None:
        ratings_delete(ratings=queryset)
