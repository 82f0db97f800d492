"""Decimal conventions for money and quantities: one place for digits, places and rounding."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

MONEY_MAX_DIGITS = 14
MONEY_DECIMAL_PLACES = 2
QUANTITY_MAX_DIGITS = 14
QUANTITY_DECIMAL_PLACES = 3
WEIGHT_MAX_DIGITS = 12
WEIGHT_DECIMAL_PLACES = 4

CURRENCY = "RON"
_CENT = Decimal(1).scaleb(-MONEY_DECIMAL_PLACES)
_QUANTUM = Decimal(1).scaleb(-QUANTITY_DECIMAL_PLACES)


def to_money(value: Decimal | int | str) -> Decimal:
    """Round an amount to whole bani, half-up (the way invoices round)."""
    return Decimal(value).quantize(_CENT, rounding=ROUND_HALF_UP)


def to_quantity(value: Decimal | int | str) -> Decimal:
    return Decimal(value).quantize(_QUANTUM, rounding=ROUND_HALF_UP)


def vat_rate() -> Decimal:
    return settings.VAT_RATE


def with_vat(net: Decimal) -> tuple[Decimal, Decimal]:
    """VAT and gross amount for a net amount, each rounded once."""
    vat = to_money(net * vat_rate())
    return vat, net + vat
