from django.urls import path

from orders import views

app_name = "orders"

urlpatterns = [
    path("cos/comanda/", views.checkout, name="checkout"),
    path("cont/comenzi/", views.order_list, name="list"),
    path("cont/comenzi/<uuid:order_id>/", views.order_detail, name="detail"),
    path("cont/comenzi/<uuid:order_id>/plateste/", views.pay, name="pay"),
    path("cont/portofel/", views.wallet, name="wallet"),
    path("plata/simulator/", views.sandbox, name="sandbox"),
    path("plata/simulator/rezultat/", views.sandbox_result, name="sandbox-result"),
    path("cereri/<uuid:rfq_id>/accepta/", views.accept_quote, name="accept-quote"),
]
