from decimal import Decimal

import pytest

from metalpro.exceptions import ApplicationError
from orders.models import WalletTransaction
from orders.services.wallet import wallet_credit, wallet_debit

pytestmark = pytest.mark.django_db


def test_the_balance_is_the_ledgers(user):
    wallet_credit(user=user, amount=Decimal("100.00"), description="avans")
    wallet_debit(user=user, amount=Decimal("30.50"), description="plată")
    wallet_credit(user=user, amount=Decimal("0.50"), description="rest")
    entries = list(WalletTransaction.objects.filter(wallet__user=user).order_by("created_at"))
    running = Decimal(0)
    for entry in entries:
        running += entry.amount if entry.type == "credit" else -entry.amount
        assert entry.balance_after == running
    user.wallet.refresh_from_db()
    assert user.wallet.balance == running == Decimal("70.00")


def test_a_debit_never_takes_the_balance_below_zero(user):
    wallet_credit(user=user, amount=Decimal("10"), description="avans")
    with pytest.raises(ApplicationError) as error:
        wallet_debit(user=user, amount=Decimal("10.01"), description="plată")
    assert error.value.code == "insufficient_funds"
    user.wallet.refresh_from_db()
    assert user.wallet.balance == Decimal("10.00")


@pytest.mark.parametrize("amount", ["0", "-5", "0.001"])
def test_amounts_must_be_positive(user, amount):
    with pytest.raises(ApplicationError):
        wallet_credit(user=user, amount=Decimal(amount), description="x")


def test_the_wallet_api_shows_balance_and_transactions_newest_first(auth_client, user):
    wallet_credit(user=user, amount=Decimal("100"), description="avans")
    wallet_debit(user=user, amount=Decimal("40"), description="plată")
    body = auth_client.get("/api/wallet").json()
    assert body["balance"] == "60.00"
    assert [t["type"] for t in body["transactions"]] == ["debit", "credit"]


def test_a_new_buyers_wallet_is_empty(auth_client):
    assert auth_client.get("/api/wallet").json() == {"balance": "0.00", "transactions": []}
