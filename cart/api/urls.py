from cart.api import views
from metalpro.api.urls import slashless

urlpatterns = [
    *slashless("cart", views.CartApi.as_view(), "cart"),
    *slashless("cart/items", views.CartItemsApi.as_view(), "cart-items"),
    *slashless("cart/items/<uuid:item_id>", views.CartItemApi.as_view(), "cart-item"),
]
