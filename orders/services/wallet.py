"""The wallet ledger: every movement is a row with the balance after it; the wallet row is locked
while it is written, so concurrent payments never take the balance below zero."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from metalpro.exceptions import ApplicationError
from metalpro.money import to_money
from metalpro.templatetags.shop import money
from orders.models import Order, Wallet, WalletTransaction


def wallet_for(user: User) -> Wallet:
    wallet, _created = Wallet.objects.get_or_create(user=user)
    return wallet


def _locked(user: User) -> Wallet:
    wallet_for(user)
    return Wallet.objects.select_for_update().get(user=user)


def _amount(amount: Decimal) -> Decimal:
    amount = to_money(amount)
    if amount <= 0:
        raise ApplicationError(_("The amount must be greater than zero."), code="invalid_amount", status_code=400)
    return amount


@transaction.atomic
def wallet_credit(
    *, user: User, amount: Decimal, description: str, reference: str = "", order: Order | None = None,
    by: User | None = None,
) -> WalletTransaction:  # fmt: skip
    """Add money (a refund, or a credit given by staff: `by` says who)."""
    amount = _amount(amount)
    wallet = _locked(user)
    wallet.balance += amount
    wallet.save(update_fields=["balance", "updated_at"])
    return WalletTransaction.objects.create(
        wallet=wallet, type=WalletTransaction.Type.CREDIT, amount=amount, balance_after=wallet.balance,
        description=description[:255], reference=reference[:64], order=order, created_by=by,
    )  # fmt: skip


@transaction.atomic
def wallet_debit(
    *, user: User, amount: Decimal, description: str, reference: str = "", order: Order | None = None
) -> WalletTransaction:
    """Take money, or refuse (409) when the balance is short: never below zero."""
    amount = _amount(amount)
    wallet = _locked(user)
    if wallet.balance < amount:
        raise ApplicationError(
            _("Your wallet holds %(balance)s; %(amount)s are needed.")
            % {"balance": money(wallet.balance), "amount": money(amount)},
            code="insufficient_funds",
        )
    wallet.balance -= amount
    wallet.save(update_fields=["balance", "updated_at"])
    return WalletTransaction.objects.create(
        wallet=wallet, type=WalletTransaction.Type.DEBIT, amount=amount, balance_after=wallet.balance,
        description=description[:255], reference=reference[:64], order=order,
    )  # fmt: skip
