"""Shipping, by a rule a buyer can check (settings-driven, documented in docs/adr/0007-orders-and-payments.md):

- net subtotal ≥ SHIPPING_FREE_ABOVE → free;
- otherwise SHIPPING_BASE + SHIPPING_PER_KG × total weight, capped at SHIPPING_MAX.

VAT is charged once, on subtotal + shipping.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from metalpro.money import to_money, with_vat


@dataclass(frozen=True)
class OrderTotals:
    subtotal: Decimal
    shipping: Decimal
    vat: Decimal
    total: Decimal


def shipping_for(*, subtotal: Decimal, weight_kg: Decimal) -> Decimal:
    if subtotal >= settings.SHIPPING_FREE_ABOVE:
        return Decimal("0.00")
    return to_money(min(settings.SHIPPING_BASE + settings.SHIPPING_PER_KG * weight_kg, settings.SHIPPING_MAX))


def order_totals(*, subtotal: Decimal, weight_kg: Decimal, shipping: Decimal | None = None) -> OrderTotals:
    subtotal = to_money(subtotal)
    shipping = shipping_for(subtotal=subtotal, weight_kg=weight_kg) if shipping is None else to_money(shipping)
    vat, total = with_vat(subtotal + shipping)
    return OrderTotals(subtotal=subtotal, shipping=shipping, vat=vat, total=total)
