"""Orders (from an in-stock cart or an accepted quote), their status history, and the wallet ledger."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.models import ProductLine
from rfq.models import _money, _quantity


class Order(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        CONFIRMED = "confirmed", _("Confirmed")
        PROCESSING = "processing", _("Processing")
        SHIPPED = "shipped", _("Shipped")
        DELIVERED = "delivered", _("Delivered")
        CANCELLED = "cancelled", _("Cancelled")
        FAILED = "failed", _("Payment failed")

    class PaymentStatus(models.TextChoices):
        PENDING = "pending", _("Awaiting payment")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Payment failed")
        REFUNDED = "refunded", _("Refunded")

    class PaymentMethod(models.TextChoices):
        PAYTM = "paytm", _("Card (Paytm)")
        WALLET = "wallet", _("Wallet credit")
        BANK_TRANSFER = "bank_transfer", _("Bank transfer")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(_("number"), max_length=20, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("buyer"), on_delete=models.PROTECT, related_name="orders"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.PENDING, db_index=True)
    payment_status = models.CharField(
        _("payment"), max_length=10, choices=PaymentStatus, default=PaymentStatus.PENDING, db_index=True
    )
    payment_method = models.CharField(_("payment method"), max_length=14, choices=PaymentMethod)
    shipping_address = models.JSONField(_("delivery address"), default=dict)
    billing_address = models.JSONField(_("billing address"), default=dict)
    phone = models.CharField(_("phone"), max_length=32)
    subtotal = _money(_("subtotal"))
    shipping = _money(_("shipping"))
    vat = _money(_("VAT"))
    total = _money(_("total"))
    total_weight_kg = _quantity(_("weight (kg)"), default=0)
    tracking_number = models.CharField(_("tracking number"), max_length=64, blank=True)
    rfq = models.OneToOneField(
        "rfq.Rfq", verbose_name=_("from quote"), null=True, blank=True, on_delete=models.PROTECT, related_name="order"
    )
    stock_reserved = models.BooleanField(_("stock reserved"), default=False)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE,
        help_text=_("The language the order was placed in."),
    )  # fmt: skip
    created_at = models.DateTimeField(_("placed"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"], name="order_user_recent")]
        constraints = [models.CheckConstraint(condition=models.Q(total__gte=0), name="order_total_not_negative")]

    def __str__(self) -> str:
        return self.number


# Allowed status changes, checked in orders.services.workflow (data, as RFQ_TRANSITIONS).
ORDER_TRANSITIONS: dict[str, set[str]] = {
    Order.Status.PENDING: {Order.Status.CONFIRMED, Order.Status.FAILED, Order.Status.CANCELLED},
    Order.Status.FAILED: {Order.Status.PENDING, Order.Status.CONFIRMED, Order.Status.CANCELLED},
    Order.Status.CONFIRMED: {Order.Status.PROCESSING, Order.Status.SHIPPED, Order.Status.CANCELLED},
    Order.Status.PROCESSING: {Order.Status.SHIPPED, Order.Status.CANCELLED},
    Order.Status.SHIPPED: {Order.Status.DELIVERED},
    Order.Status.DELIVERED: set(),
    Order.Status.CANCELLED: set(),
}


class OrderItem(ProductLine):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    unit_price = _money(_("price per unit"))
    line_total = _money(_("line total"))
    weight_kg = _quantity(_("weight (kg)"), null=True, blank=True)
    stock_quantity = _quantity(_("stock taken (base unit)"), default=0)

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["order", "position"], name="order_item_position_unique")]


class OrderStatusChange(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=12, choices=Order.Status, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=Order.Status)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.order} {self.from_status or '–'} → {self.to_status}"


class Wallet(models.Model):
    """One per buyer: the row locked while the ledger is written; `balance` is the last entry's
    `balance_after` (never below zero)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="wallet")
    balance = _money(_("balance"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("wallet")
        verbose_name_plural = _("wallets")
        constraints = [models.CheckConstraint(condition=models.Q(balance__gte=0), name="wallet_balance_not_negative")]

    def __str__(self) -> str:
        return f"{self.user} · {self.balance}"


class WalletTransaction(models.Model):
    class Type(models.TextChoices):
        CREDIT = "credit", _("Credit")
        DEBIT = "debit", _("Debit")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    wallet = models.ForeignKey(Wallet, on_delete=models.PROTECT, related_name="transactions")
    type = models.CharField(_("type"), max_length=6, choices=Type)
    amount = _money(_("amount"))
    balance_after = _money(_("balance after"))
    reference = models.CharField(_("reference"), max_length=64, blank=True)
    description = models.CharField(_("description"), max_length=255)
    order = models.ForeignKey(Order, null=True, blank=True, on_delete=models.PROTECT, related_name="wallet_entries")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("wallet transaction")
        verbose_name_plural = _("wallet transactions")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="wallet_amount_positive"),
            models.CheckConstraint(condition=models.Q(balance_after__gte=0), name="wallet_balance_after_not_negative"),
        ]

    def __str__(self) -> str:
        sign = "+" if self.type == self.Type.CREDIT else "−"
        return f"{sign}{self.amount} ({self.description})"


class PaymentTransaction(models.Model):
    """One attempt to pay an order through the gateway; `transaction_id` is Paytm's ORDERID."""

    class Status(models.TextChoices):
        INITIATED = "initiated", _("Started")
        PENDING = "pending", _("Pending at the bank")
        SUCCESS = "success", _("Paid")
        FAILURE = "failure", _("Failed")

    FINAL = (Status.SUCCESS, Status.FAILURE)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    transaction_id = models.CharField(_("transaction"), max_length=40, unique=True)
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="payments")
    amount = _money(_("amount"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.INITIATED, db_index=True)
    gateway_txn_id = models.CharField(_("gateway transaction"), max_length=64, blank=True)
    bank_txn_id = models.CharField(_("bank transaction"), max_length=64, blank=True)
    response_code = models.CharField(_("response code"), max_length=16, blank=True)
    response_message = models.CharField(_("response message"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.transaction_id


class PaymentCallback(models.Model):
    """Every callback as it arrived (raw), valid or not: the gateway's word is kept."""

    transaction = models.ForeignKey(
        PaymentTransaction, null=True, blank=True, on_delete=models.SET_NULL, related_name="callbacks"
    )
    raw = models.JSONField(_("as received"))
    checksum_valid = models.BooleanField(_("checksum valid"), default=False)
    outcome = models.CharField(_("outcome"), max_length=40)
    remote_addr = models.GenericIPAddressField(_("from"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("payment callback")
        verbose_name_plural = _("payment callbacks")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.raw.get('ORDERID', '?')} · {self.outcome}"
