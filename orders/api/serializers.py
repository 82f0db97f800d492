from rest_framework import serializers

from orders.models import Order, OrderItem, OrderStatusChange, WalletTransaction
from rfq.api.serializers import AddressInputSerializer

Money = lambda **kw: serializers.DecimalField(max_digits=14, decimal_places=2, **kw)  # noqa: E731


class OrderItemSerializer(serializers.ModelSerializer):
    product_id = serializers.UUIDField(allow_null=True, read_only=True)

    class Meta:
        model = OrderItem
        ref_name = "OrderItem"
        fields = ["position", "product_id", "sku", "title", "quantity", "unit", "specs", "unit_price", "line_total",
                  "weight_kg"]  # fmt: skip


class StatusChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrderStatusChange
        ref_name = "OrderStatusChange"
        fields = ["from_status", "to_status", "note", "created_at"]


class OrderSerializer(serializers.ModelSerializer):
    items = OrderItemSerializer(many=True, read_only=True)
    timeline = StatusChangeSerializer(source="status_changes", many=True, read_only=True)
    rfq_id = serializers.UUIDField(allow_null=True, read_only=True)

    class Meta:
        model = Order
        ref_name = "Order"
        fields = [
            "id", "number", "status", "payment_status", "payment_method", "shipping_address", "billing_address",
            "phone", "subtotal", "shipping", "vat", "total", "total_weight_kg", "tracking_number", "rfq_id",
            "items", "timeline", "created_at", "updated_at", "paid_at",
        ]  # fmt: skip


class AdminOrderSerializer(OrderSerializer):
    customer = serializers.SerializerMethodField()

    class Meta(OrderSerializer.Meta):
        ref_name = "AdminOrder"
        fields = [*OrderSerializer.Meta.fields, "customer"]

    def get_customer(self, order: Order) -> dict:
        return {"id": str(order.user_id), "email": order.user.email, "name": order.user.name}


class CheckoutSerializer(serializers.Serializer):
    shipping_address = AddressInputSerializer()
    billing_address = AddressInputSerializer(required=False)
    phone = serializers.CharField(max_length=32)
    payment_method = serializers.ChoiceField(choices=Order.PaymentMethod.choices)

    class Meta:
        ref_name = "CheckoutInput"


class AcceptQuoteSerializer(serializers.Serializer):
    payment_method = serializers.ChoiceField(choices=Order.PaymentMethod.choices, default="bank_transfer")

    class Meta:
        ref_name = "AcceptQuoteInput"


class StatusInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[(s, s) for s in ("confirmed", "processing", "shipped", "delivered", "cancelled")]
    )
    tracking_number = serializers.CharField(max_length=64, required=False, allow_blank=True)

    class Meta:
        ref_name = "OrderStatusInput"


class WalletTransactionSerializer(serializers.ModelSerializer):
    order_id = serializers.UUIDField(allow_null=True, read_only=True)

    class Meta:
        model = WalletTransaction
        ref_name = "WalletTransaction"
        fields = ["id", "type", "amount", "balance_after", "reference", "description", "order_id", "created_at"]


class WalletSerializer(serializers.Serializer):
    balance = Money()
    transactions = WalletTransactionSerializer(many=True)

    class Meta:
        ref_name = "Wallet"
