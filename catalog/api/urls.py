from catalog.api import views
from metalpro.api.urls import slashless

urlpatterns = [
    *slashless("categories", views.CategoryTreeApi.as_view(), "categories"),
    *slashless("products", views.ProductListApi.as_view(), "products"),
    *slashless("products/suggest", views.ProductSuggestApi.as_view(), "product-suggest"),  # before {key}
    *slashless("products/<str:key>", views.ProductDetailApi.as_view(), "product"),
    *slashless("products/<str:key>/estimate", views.ProductEstimateApi.as_view(), "product-estimate"),
    *slashless("products/<str:key>/ratings", views.ProductRatingsApi.as_view(), "product-ratings"),
]
