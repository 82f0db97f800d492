from catalog.api import views
from metalpro.api.urls import slashless

urlpatterns = [
    *slashless("categories", views.CategoryTreeApi.as_view(), "categories"),
    *slashless("products", views.ProductListApi.as_view(), "products"),
    *slashless("products/suggest", views.ProductSuggestApi.as_view(), "product-suggest"),  # before {key}
    # <slug:key>: an id or a slug; anything else (a NUL, say) is the JSON 404 before any query
    *slashless("products/<slug:key>", views.ProductDetailApi.as_view(), "product"),
    *slashless("products/<slug:key>/estimate", views.ProductEstimateApi.as_view(), "product-estimate"),
    *slashless("products/<slug:key>/ratings", views.ProductRatingsApi.as_view(), "product-ratings"),
]
