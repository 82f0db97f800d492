from django.urls import path

from cart import views

app_name = "cart"

urlpatterns = [
    path("", views.cart_page, name="page"),
    path("adauga/", views.cart_add, name="add"),
    path("linie/<uuid:item_id>/", views.line_update, name="line"),
    path("linie/<uuid:item_id>/sterge/", views.line_remove, name="line-remove"),
    path("goleste/", views.clear, name="clear"),
]
