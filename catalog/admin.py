from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from catalog.models import Category, Product


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
