from metalpro.api.urls import slashless
from orders.api import payments, views

urlpatterns = [
    *slashless("orders", views.OrderListApi.as_view(), "orders"),
    *slashless("orders/<uuid:order_id>", views.OrderDetailApi.as_view(), "order"),
    *slashless("orders/<uuid:order_id>/status", views.OrderStatusApi.as_view(), "order-status"),
    *slashless("admin/orders", views.AdminOrderListApi.as_view(), "admin-orders"),
    *slashless("rfq/<uuid:rfq_id>/accept", views.RfqAcceptApi.as_view(), "rfq-accept"),
    *slashless("wallet", views.WalletApi.as_view(), "wallet"),
    *slashless("payment/initiate", payments.PaymentInitiateApi.as_view(), "payment-initiate"),
    *slashless("payment/callback", payments.PaymentCallbackApi.as_view(), "payment-callback"),
    *slashless("payment/status/<slug:transaction_id>", payments.PaymentStatusApi.as_view(), "payment-status"),
]
