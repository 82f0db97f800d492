from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from metalpro.exceptions import ApplicationError
from orders.models import (
    ORDER_TRANSITIONS,
    Order,
    OrderItem,
    OrderStatusChange,
    PaymentCallback,
    PaymentTransaction,
    Wallet,
    WalletTransaction,
)
from orders.services.orders import order_mark_paid, order_set_status
from orders.services.wallet import wallet_credit


class ReadOnlyInline(admin.TabularInline):
    """Lines and history shown with their parent, never edited there."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class OrderItemInline(ReadOnlyInline):
    model = OrderItem
    fields = ("position", "sku", "title", "quantity", "unit", "unit_price", "line_total", "weight_kg")


class StatusChangeInline(ReadOnlyInline):
    model = OrderStatusChange
    fields = ("created_at", "from_status", "to_status", "by", "note")


class OrderStatusForm(forms.ModelForm):
    """Staff change the status here; the service checks the move (and tracking for shipped)."""

    new_status = forms.ChoiceField(label=_("Move to"), required=False)

    class Meta:
        model = Order
        fields = ("tracking_number",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = ORDER_TRANSITIONS.get(self.instance.status, set()) - {Order.Status.FAILED, Order.Status.PENDING}
        self.fields["new_status"].choices = [("", "—")] + [
            (s, Order.Status(s).label) for s in Order.Status if s in allowed
        ]

    def clean(self):
        data = super().clean()
        if data.get("new_status") == Order.Status.SHIPPED and not data.get("tracking_number"):
            self.add_error("tracking_number", _("A shipped order needs its tracking number."))
        return data


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    form = OrderStatusForm
    list_display = ("number", "user", "status", "payment_status", "payment_method", "total", "tracking_number",
                    "created_at")  # fmt: skip
    list_filter = ("status", "payment_status", "payment_method", "created_at")
    search_fields = ("number", "user__email", "user__name", "tracking_number", "phone")
    list_select_related = ("user",)
    date_hierarchy = "created_at"
    inlines = [OrderItemInline, StatusChangeInline]
    readonly_fields = ("number", "user", "status", "payment_status", "payment_method", "subtotal", "shipping", "vat",
                       "total", "total_weight_kg", "shipping_address", "billing_address", "phone", "rfq",
                       "stock_reserved", "created_at", "paid_at")  # fmt: skip
    fieldsets = (
        (None, {"fields": ("number", "user", "status", "new_status", "tracking_number")}),
        (_("Payment"), {"fields": ("payment_status", "payment_method", "paid_at")}),
        (_("Amounts"), {"fields": ("subtotal", "shipping", "vat", "total", "total_weight_kg")}),
        (_("Delivery"), {"fields": ("shipping_address", "billing_address", "phone", "rfq", "stock_reserved")}),
    )

    actions = ["mark_paid"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Mark as paid (bank transfer received)"), permissions=["change"])
    def mark_paid(self, request, queryset) -> None:
        paid = 0
        for order in queryset.filter(payment_method=Order.PaymentMethod.BANK_TRANSFER):
            try:
                order_mark_paid(order=order, note=f"bank transfer seen by {request.user.email}")
                paid += 1
            except ApplicationError as error:
                self.message_user(request, f"{order.number}: {error.message}", messages.ERROR)
        self.message_user(request, _("%(count)s orders marked as paid.") % {"count": paid}, messages.SUCCESS)

    def save_model(self, request, obj, form, change) -> None:
        status = form.cleaned_data.get("new_status")
        tracking = form.cleaned_data.get("tracking_number", "")
        try:
            if status:
                order_set_status(order=obj, status=status, by=request.user, tracking_number=tracking)
            elif "tracking_number" in form.changed_data:
                obj.tracking_number = tracking
                obj.save(update_fields=["tracking_number", "updated_at"])  # a save, so the audit log sees it
        except ApplicationError as error:
            self.message_user(request, error.message, messages.ERROR)


class WalletTransactionInline(ReadOnlyInline):
    model = WalletTransaction
    fields = ("created_at", "type", "amount", "balance_after", "description", "reference", "order", "created_by")


class WalletCreditForm(forms.ModelForm):
    amount = forms.DecimalField(label=_("Credit to add (lei)"), max_digits=14, decimal_places=2, min_value=0.01,
                                max_value=1_000_000, required=False)  # fmt: skip
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)

    class Meta:
        model = Wallet
        fields = ()

    def clean(self):
        data = super().clean()
        if data.get("amount") and not data.get("reason"):
            self.add_error("reason", _("Say why the credit is given."))
        return data


@admin.register(Wallet)
class WalletAdmin(admin.ModelAdmin):
    """Balances are the ledger's: staff add credit with a reason (audited), never edit a balance."""

    form = WalletCreditForm
    list_display = ("user", "balance", "updated_at")
    search_fields = ("user__email", "user__name")
    list_select_related = ("user",)
    readonly_fields = ("user", "balance")
    fields = ("user", "balance", "amount", "reason")
    inlines = [WalletTransactionInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        amount = form.cleaned_data.get("amount")
        if not amount:
            return
        if not request.user.has_perm("orders.add_wallettransaction"):
            raise PermissionDenied
        wallet_credit(user=obj.user, amount=amount, description=form.cleaned_data["reason"], by=request.user)
        self.message_user(request, _("Credit added."), messages.SUCCESS)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PaymentTransaction)
class PaymentTransactionAdmin(ReadOnlyAdmin):
    list_display = ("transaction_id", "order", "amount", "status", "response_message", "created_at")
    list_filter = ("status", "created_at")
    search_fields = ("transaction_id", "order__number", "gateway_txn_id", "bank_txn_id")
    list_select_related = ("order",)


@admin.register(PaymentCallback)
class PaymentCallbackAdmin(ReadOnlyAdmin):
    list_display = ("received_at", "transaction", "outcome", "checksum_valid", "remote_addr")
    list_filter = ("outcome", "checksum_valid")
    search_fields = ("transaction__transaction_id",)
    readonly_fields = ("raw", "transaction", "outcome", "checksum_valid", "remote_addr", "received_at")
