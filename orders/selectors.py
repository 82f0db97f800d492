"""Reading orders and wallets: a buyer sees only their own; staff see all."""

from datetime import date

from django.db.models import Prefetch, Q, QuerySet

from accounts.models import User
from orders.models import Order, OrderItem, OrderStatusChange, Wallet, WalletTransaction


def _with_details(queryset: QuerySet[Order]) -> QuerySet[Order]:
    return queryset.prefetch_related(
        Prefetch("items", queryset=OrderItem.objects.order_by("position")),
        Prefetch("status_changes", queryset=OrderStatusChange.objects.order_by("created_at", "id")),
    )


def orders_for_user(*, user: User) -> QuerySet[Order]:
    return _with_details(Order.objects.filter(user=user).order_by("-created_at"))


def order_for_user(*, order_id, user: User) -> Order | None:
    return orders_for_user(user=user).filter(pk=order_id).first()


def orders_for_staff(
    *, status: str | None = None, date_from: date | None = None, date_to: date | None = None,
    customer: str | None = None,
) -> QuerySet[Order]:  # fmt: skip
    queryset = _with_details(Order.objects.select_related("user").order_by("-created_at"))
    if status:
        queryset = queryset.filter(status=status)
    if date_from:
        queryset = queryset.filter(created_at__date__gte=date_from)
    if date_to:
        queryset = queryset.filter(created_at__date__lte=date_to)
    if customer:
        queryset = queryset.filter(
            Q(user__email__icontains=customer) | Q(user__name__icontains=customer) | Q(number__iexact=customer)
        )
    return queryset


def wallet_balance(*, user: User) -> tuple:
    wallet = Wallet.objects.filter(user=user).first()
    if wallet is None:
        return 0, WalletTransaction.objects.none()
    return wallet.balance, wallet.transactions.order_by("-created_at")
