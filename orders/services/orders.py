"""Orders: checkout of an in-stock cart, acceptance of a quote, and the status workflow.

Stock is taken with one conditional UPDATE per product (`stock >= wanted`), in product order, inside
the order's transaction: two buyers racing for the last bars cannot both get them, and a short line
rolls the whole order back (409) with nothing changed.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from analytics.services import event_record_on_commit
from cart.models import Cart
from cart.selectors import cart_priced
from cart.services import cart_clear
from catalog.cache import invalidate_catalog
from catalog.models import Product
from metalpro.exceptions import ApplicationError
from metalpro.languages import supported_language
from metalpro.money import to_money, to_quantity
from metalpro.sequences import next_reference
from orders.models import ORDER_TRANSITIONS, Order, OrderItem, OrderStatusChange
from orders.pricing import order_totals
from orders.services.notify import order_notify
from orders.services.wallet import wallet_credit, wallet_debit
from rfq.models import Rfq
from rfq.services.workflow import rfq_transition

SHIPPED_NEEDS_TRACKING = "tracking_required"


@dataclass(frozen=True)
class Contact:
    shipping_address: dict
    billing_address: dict
    phone: str


def _base_quantity(product: Product, price) -> Decimal:
    """How much of the product's stock (in its base unit) a priced cart line takes."""
    measured = {"kg": price.weight_kg, "m": price.length_m, "pcs": price.pieces}[product.base_unit]
    if measured is None:
        raise ApplicationError(
            _("%(title)s cannot be ordered in this unit.") % {"title": product.title}, code="unit_not_stocked"
        )
    return to_quantity(measured)


def _reserve(wanted: dict[Product, Decimal]) -> None:
    """Take stock for every product, or raise 409 naming the first one short (the caller's
    transaction then rolls back what was taken before it)."""
    for product in sorted(wanted, key=lambda p: str(p.pk)):  # one order of locks: no deadlocks
        taken = Product.objects.filter(pk=product.pk, is_active=True, stock__gte=wanted[product]).update(
            stock=F("stock") - wanted[product], updated_at=timezone.now()
        )
        if not taken:
            available = Product.objects.filter(pk=product.pk).values_list("stock", flat=True).first() or 0
            raise ApplicationError(
                _("Only %(available)s %(unit)s of %(title)s are in stock.")
                % {
                    "available": f"{to_quantity(available).normalize():f}",
                    "unit": product.base_unit,
                    "title": product.title,
                },
                code="insufficient_stock",
                details={"sku": product.sku, "available": str(to_quantity(available))},
            )
    invalidate_catalog()


def _release(order: Order) -> None:
    for item in order.items.exclude(product=None).exclude(stock_quantity=0):
        Product.objects.filter(pk=item.product_id).update(stock=F("stock") + item.stock_quantity)
    order.stock_reserved = False
    invalidate_catalog()


def _record(order: Order, *, to: str, by: User | None, note: str = "", source: str = "") -> None:
    OrderStatusChange.objects.create(order=order, from_status=source, to_status=to, by=by, note=note[:255])


@transaction.atomic
def order_checkout(
    *, user: User, cart: Cart, contact: Contact, payment_method: str, language: str = settings.LANGUAGE_CODE
) -> Order:
    """An order (placed in `language`) from every line of the cart at list prices; stock reserved; the
    cart emptied. Paid with the wallet at once when asked (409 when the balance is short: nothing changes)."""
    cart = Cart.objects.select_for_update().get(pk=cart.pk)  # a double submit waits, then finds it empty
    priced = cart_priced(cart)
    if not priced.lines:
        raise ApplicationError(_("Your cart is empty."), code="cart_empty", status_code=400)
    if priced.has_problems:
        raise ApplicationError(
            _("Some lines of your cart can no longer be ordered as they are; fix them first."), code="cart_invalid",
            status_code=400,
        )  # fmt: skip
    wanted: dict[Product, Decimal] = {}
    for line in priced.lines:
        product = line.item.product
        wanted[product] = wanted.get(product, Decimal(0)) + _base_quantity(product, line.price)
    _reserve(wanted)

    totals = order_totals(subtotal=priced.totals.subtotal, weight_kg=priced.totals.total_weight_kg)
    order = Order.objects.create(
        number=next_reference("CMD"), user=user, payment_method=payment_method,
        shipping_address=contact.shipping_address, billing_address=contact.billing_address or contact.shipping_address,
        phone=contact.phone, subtotal=totals.subtotal, shipping=totals.shipping, vat=totals.vat, total=totals.total,
        total_weight_kg=priced.totals.total_weight_kg, stock_reserved=True, language=supported_language(language),
    )  # fmt: skip
    for position, line in enumerate(priced.lines, start=1):
        item, product = line.item, line.item.product
        OrderItem.objects.create(
            order=order, position=position, product=product, sku=product.sku, title=product.title,
            quantity=item.quantity, unit=item.unit, specs=item.specs, line_total=line.price.net,
            unit_price=to_money(line.price.net / item.quantity), weight_kg=line.price.weight_kg,
            stock_quantity=_base_quantity(product, line.price),
        )  # fmt: skip
    _record(order, to=Order.Status.PENDING, by=user, note="checkout")
    cart_clear(cart=cart)
    if payment_method == Order.PaymentMethod.WALLET:
        order = order_pay_with_wallet(order=order)
    order_notify(order, "placed")
    event_record_on_commit("order")
    return order


@transaction.atomic
def order_from_quote(*, rfq: Rfq, user: User, payment_method: str, language: str = settings.LANGUAGE_CODE) -> Order:
    """Accept a quote: an order at the quoted prices (no stock reserved: the operator priced what
    they can deliver), and the RFQ completed. 409 if it is not quoted or has expired."""
    rfq = Rfq.objects.select_for_update().get(pk=rfq.pk)
    if rfq.status != Rfq.Status.QUOTED:
        raise ApplicationError(_("Only a quoted request can be accepted."), code="not_quoted")
    if rfq.valid_until and rfq.valid_until < timezone.localdate():
        raise ApplicationError(
            _("This quote expired on %(date)s; ask us for a new one.") % {"date": rfq.valid_until.strftime("%d.%m.%Y")},
            code="quote_expired",
        )
    items = list(rfq.items.all())
    order = Order.objects.create(
        number=next_reference("CMD"), user=user, payment_method=payment_method, rfq=rfq,
        shipping_address=rfq.delivery_address, billing_address=rfq.billing_address, phone=rfq.phone,
        subtotal=rfq.quote_subtotal, shipping=Decimal("0.00"), vat=rfq.quote_vat, total=rfq.final_quote_amount,
        total_weight_kg=to_quantity(sum((i.weight_kg or Decimal(0) for i in items), Decimal(0))),
        language=supported_language(language),
    )  # fmt: skip
    for item in items:
        OrderItem.objects.create(
            order=order, position=item.position, product=item.product, sku=item.sku, title=item.title,
            quantity=item.quantity, unit=item.unit, specs=item.specs, unit_price=item.final_unit_price,
            line_total=item.final_line_total, weight_kg=item.weight_kg,
        )  # fmt: skip
    _record(order, to=Order.Status.PENDING, by=user, note=f"quote {rfq.reference_number} accepted")
    rfq_transition(rfq=rfq, to=Rfq.Status.COMPLETED, by=user, note=f"order {order.number}")
    if payment_method == Order.PaymentMethod.WALLET:
        order = order_pay_with_wallet(order=order)
    order_notify(order, "placed")
    event_record_on_commit("order")
    return order


def _locked(order: Order) -> Order:
    return Order.objects.select_for_update().get(pk=order.pk)


def order_transition(*, order: Order, to: str, by: User | None, note: str = "") -> Order:
    """Move a (locked) order along ORDER_TRANSITIONS, or refuse with 409."""
    if to not in ORDER_TRANSITIONS.get(order.status, set()):
        raise ApplicationError(
            _("An order that is %(current)s cannot become %(target)s.")
            % {"current": Order.Status(order.status).label.lower(), "target": Order.Status(to).label.lower()},
            code="invalid_transition",
        )
    _record(order, to=to, by=by, note=note, source=order.status)
    order.status = to
    return order


@transaction.atomic
def order_set_status(*, order: Order, status: str, by: User | None, tracking_number: str = "") -> Order:
    """Staff move an order on: shipped needs a tracking number; cancelling refunds a paid order
    to the buyer's wallet and gives reserved stock back."""
    order = _locked(order)
    tracking_number = (tracking_number or "").strip()
    if status == Order.Status.SHIPPED and not (tracking_number or order.tracking_number):
        raise ApplicationError(
            _("A shipped order needs its tracking number."), code=SHIPPED_NEEDS_TRACKING, status_code=400,
            details={"tracking_number": [_("A shipped order needs its tracking number.")]},
        )  # fmt: skip
    if status == Order.Status.CANCELLED:
        return order_cancel(order=order, by=by)
    order_transition(order=order, to=status, by=by)
    if tracking_number:
        order.tracking_number = tracking_number[:64]
    order.save()
    if status in (Order.Status.SHIPPED, Order.Status.DELIVERED):
        order_notify(order, status)
    return order


@transaction.atomic
def order_cancel(*, order: Order, by: User | None, note: str = "") -> Order:
    order = _locked(order)
    order_transition(order=order, to=Order.Status.CANCELLED, by=by, note=note)
    if order.stock_reserved:
        _release(order)
    if order.payment_status == Order.PaymentStatus.PAID:
        wallet_credit(
            user=order.user, amount=order.total, description=_("Refund of order %(number)s") % {"number": order.number},
            reference=order.number, order=order, by=by,
        )  # fmt: skip
        order.payment_status = Order.PaymentStatus.REFUNDED
    order.save()
    return order


@transaction.atomic
def order_mark_paid(*, order: Order, note: str = "") -> Order:
    """The money arrived (gateway, wallet or a bank transfer seen by staff): paid and confirmed.
    A second call changes nothing."""
    order = _locked(order)
    if order.payment_status == Order.PaymentStatus.PAID:
        return order
    if not is_payable(order):
        raise ApplicationError(_("This order cannot be paid any more."), code="not_payable")
    order.payment_status = Order.PaymentStatus.PAID
    order.paid_at = timezone.now()
    if order.status in (Order.Status.PENDING, Order.Status.FAILED):  # staff may have confirmed it already
        order_transition(order=order, to=Order.Status.CONFIRMED, by=None, note=note or "paid")
    order.save()
    return order


def is_payable(order: Order) -> bool:
    return order.payment_status not in (Order.PaymentStatus.PAID, Order.PaymentStatus.REFUNDED) and (
        order.status != Order.Status.CANCELLED
    )


@transaction.atomic
def order_pay_with_wallet(*, order: Order) -> Order:
    order = _locked(order)
    if order.payment_status == Order.PaymentStatus.PAID:
        return order
    wallet_debit(
        user=order.user, amount=order.total, description=_("Payment of order %(number)s") % {"number": order.number},
        reference=order.number, order=order,
    )  # fmt: skip
    order.payment_method = Order.PaymentMethod.WALLET
    order.save(update_fields=["payment_method", "updated_at"])
    return order_mark_paid(order=order, note="wallet")


@transaction.atomic
def order_mark_payment_failed(*, order: Order, note: str = "") -> Order:
    """The gateway said no: the order waits for another attempt (stock stays reserved)."""
    order = _locked(order)
    if order.payment_status == Order.PaymentStatus.PAID or order.status != Order.Status.PENDING:
        return order
    order.payment_status = Order.PaymentStatus.FAILED
    order_transition(order=order, to=Order.Status.FAILED, by=None, note=note or "payment failed")
    order.save()
    order_notify(order, "payment_failed")
    return order


def quotes_expire() -> int:
    """Quotes past their validity are closed (RFQ → CANCELLED, noted as expired)."""
    count = 0
    stale = Rfq.objects.filter(status=Rfq.Status.QUOTED, valid_until__lt=timezone.localdate()).values_list(
        "pk", flat=True
    )
    for rfq_id in stale:
        with transaction.atomic():
            rfq = Rfq.objects.select_for_update().get(pk=rfq_id)
            if rfq.status == Rfq.Status.QUOTED:
                rfq_transition(rfq=rfq, to=Rfq.Status.CANCELLED, by=None, note="quote expired")
                count += 1
    return count
