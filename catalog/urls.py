from django.urls import path

from catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.home, name="home"),
    path("catalog/", views.product_list, name="products"),
    path("catalog/<slug:slug>/", views.product_list, name="category"),
    path("produs/<slug:slug>/", views.product_detail, name="product"),
    path("produs/<slug:slug>/evaluare/", views.product_rate, name="product-rate"),
]
