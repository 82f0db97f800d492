"""Card payments through Paytm: start an attempt, take the gateway's callback (once), ask a status.

A callback is believed only when its CHECKSUMHASH verifies with our merchant key and its MID,
ORDERID and TXNAMOUNT match what we stored; it is logged raw either way. The transaction row is
locked while a callback is applied, so a replayed or duplicated callback changes nothing twice.
"""

import logging
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from metalpro.exceptions import ApplicationError
from orders.models import Order, PaymentCallback, PaymentTransaction
from orders.paytm import gateway
from orders.services.orders import is_payable, order_mark_paid, order_mark_payment_failed
from orders.services.wallet import wallet_credit

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Initiated:
    payment: PaymentTransaction
    gateway_url: str
    params: dict[str, str]


@transaction.atomic
def payment_initiate(*, order: Order, user: User, callback_url: str, sandbox_url: str) -> Initiated:
    """A new attempt (unique transaction id) for the whole order total, with signed params."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.user_id != user.pk:
        raise ApplicationError(_("No such order."), code="not_found", status_code=404)
    if not is_payable(order):
        raise ApplicationError(_("This order cannot be paid any more."), code="not_payable")
    account = gateway.merchant()
    attempt = order.payments.count() + 1
    payment = PaymentTransaction.objects.create(
        transaction_id=f"{order.number}-{attempt}", order=order, amount=order.total
    )
    params = {
        "MID": account.mid, "ORDER_ID": payment.transaction_id, "CUST_ID": str(user.pk),
        "TXN_AMOUNT": f"{payment.amount:.2f}", "CHANNEL_ID": "WEB", "INDUSTRY_TYPE_ID": "Retail",
        "WEBSITE": account.website, "CALLBACK_URL": callback_url,
    }  # fmt: skip
    return Initiated(
        payment=payment,
        gateway_url=gateway.gateway_url(account, payment.transaction_id, sandbox_url),
        params=gateway.signed_params(account, params),
    )


ACCEPTED = ("paid", "refunded_to_wallet", "failed", "pending", "duplicate")


@dataclass(frozen=True)
class CallbackResult:
    outcome: str  # paid, failed, pending, duplicate, or a refusal code
    payment: PaymentTransaction | None

    @property
    def accepted(self) -> bool:
        return self.outcome in ACCEPTED


def _amount(value: str | None) -> Decimal | None:
    try:
        amount = Decimal(value or "")
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


def payment_callback(*, params: dict[str, str], remote_addr: str | None) -> CallbackResult:
    """Apply one gateway callback. Refusals (bad checksum, unknown transaction, wrong MID or
    amount) change nothing and are logged with the raw post."""
    account = gateway.merchant()
    log = PaymentCallback.objects.create(raw=params, remote_addr=remote_addr, outcome="received")

    def done(outcome: str, payment: PaymentTransaction | None = None) -> CallbackResult:
        PaymentCallback.objects.filter(pk=log.pk).update(outcome=outcome, transaction=payment,
                                                         checksum_valid=outcome != "bad_checksum")  # fmt: skip
        if outcome not in ACCEPTED:
            logger.warning("paytm callback refused (%s): %s", outcome, params.get("ORDERID"))
        return CallbackResult(outcome, payment)

    if not gateway.is_genuine(account, params):
        return done("bad_checksum")
    with transaction.atomic():
        payment = PaymentTransaction.objects.select_for_update().filter(transaction_id=params.get("ORDERID")).first()
        if payment is None:
            return done("unknown_transaction")
        if params.get("MID") != account.mid:
            return done("wrong_merchant", payment)
        if _amount(params.get("TXNAMOUNT")) != payment.amount:
            return done("amount_mismatch", payment)
        if payment.status in PaymentTransaction.FINAL:
            return done("duplicate", payment)
        status = params.get("STATUS")
        payment.gateway_txn_id = (params.get("TXNID") or "")[:64]
        payment.bank_txn_id = (params.get("BANKTXNID") or "")[:64]
        payment.response_code = (params.get("RESPCODE") or "")[:16]
        payment.response_message = (params.get("RESPMSG") or "")[:255]
        if status == gateway.SUCCESS:
            payment.status = PaymentTransaction.Status.SUCCESS
            payment.save()
            return done(_settle(payment), payment)
        if status == gateway.FAILURE:
            payment.status = PaymentTransaction.Status.FAILURE
            payment.save()
            order_mark_payment_failed(
                order=payment.order, note=f"card {payment.transaction_id}: {payment.response_message}"
            )
            return done("failed", payment)
        if status == gateway.PENDING:
            payment.status = PaymentTransaction.Status.PENDING
            payment.save()
            return done("pending", payment)
        return done("unknown_status", payment)


def payment_refresh(*, payment: PaymentTransaction) -> PaymentTransaction:
    """Ask the gateway (staging, production) about an unfinished attempt and apply its answer."""
    account = gateway.merchant()
    if account.env == gateway.SANDBOX or payment.status in PaymentTransaction.FINAL:
        return payment
    try:
        answer = gateway.ask_status(account, payment.transaction_id)
    except (OSError, ValueError):  # unreachable, or not JSON
        logger.warning("paytm status of %s unavailable", payment.transaction_id, exc_info=True)
        return payment
    if not isinstance(answer, dict):
        return payment
    answer = {key: str(value) for key, value in answer.items()}
    answer.setdefault("ORDERID", payment.transaction_id)
    with transaction.atomic():
        locked = PaymentTransaction.objects.select_for_update().get(pk=payment.pk)
        if locked.status in PaymentTransaction.FINAL or _amount(answer.get("TXNAMOUNT")) != locked.amount:
            return locked
        if answer.get("STATUS") == gateway.SUCCESS:
            locked.status = PaymentTransaction.Status.SUCCESS
            locked.gateway_txn_id = answer.get("TXNID", "")[:64]
            locked.save()
            _settle(locked)
        elif answer.get("STATUS") == gateway.FAILURE:
            locked.status = PaymentTransaction.Status.FAILURE
            locked.save()
            order_mark_payment_failed(order=locked.order, note=f"card {locked.transaction_id} (status API)")
        return locked


def _settle(payment: PaymentTransaction) -> str:
    """Money arrived for this attempt: pay the order, or, when the order no longer takes money
    (paid by another attempt or a transfer, or cancelled), credit it to the buyer's wallet."""
    order = Order.objects.select_for_update().get(pk=payment.order_id)
    if is_payable(order):
        if order.payment_method != Order.PaymentMethod.PAYTM:
            Order.objects.filter(pk=order.pk).update(payment_method=Order.PaymentMethod.PAYTM)
        order_mark_paid(order=order, note=f"card {payment.transaction_id}")
        return "paid"
    wallet_credit(
        user=order.user, amount=payment.amount, reference=payment.transaction_id, order=order,
        description=_("Card payment %(reference)s for order %(number)s, not needed: refunded to the wallet")
        % {"reference": payment.transaction_id, "number": order.number},
    )  # fmt: skip
    logger.warning("paytm %s paid an order that no longer takes money: credited to the wallet", payment.transaction_id)
    return "refunded_to_wallet"
