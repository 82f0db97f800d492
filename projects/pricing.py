"""A BOM row as a cart line: quantity, unit and cut-to-length specs, priced by the cart's engine.

"4 buc × 6000 mm of IPE 200" becomes 4 pieces cut to 6000 mm from 12 m stock bars (cutting fee
included); a piece longer than a stock bar becomes metres; a length equal to the stock bar is a
whole bar. Sheets and other piece goods ignore the length.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError

from cart.pricing import MAX_CUT_MM, MIN_CUT_MM, LinePrice, price_line
from catalog.models import Product
from catalog.units import Unit, accepted_units
from metalpro.money import to_quantity


@dataclass(frozen=True)
class CartLine:
    quantity: Decimal
    unit: str
    specs: dict


def cart_line(product: Product, quantity: Decimal, unit: str, length_mm: int | None) -> CartLine:
    if unit != Unit.PCS or not length_mm or not product.length_m or Unit.M not in accepted_units(product):
        return CartLine(quantity, unit, {})
    bar_mm = int(product.length_m * 1000)
    if length_mm == bar_mm or not (MIN_CUT_MM <= length_mm <= MAX_CUT_MM):
        return CartLine(quantity, unit, {})
    if length_mm > bar_mm or quantity != quantity.to_integral():
        return CartLine(to_quantity(quantity * length_mm / 1000), Unit.M, {})
    return CartLine(quantity, Unit.PCS, {"cut_length_mm": length_mm})


def price_row(product: Product, quantity: Decimal, unit: str, length_mm: int | None) -> tuple[CartLine, LinePrice]:
    """The cart line of a row and its price; a ValidationError says why it cannot be sold so."""
    line = cart_line(product, quantity, unit, length_mm)
    return line, price_line(product, line.quantity, line.unit, line.specs)


def error_text(error: ValidationError) -> str:
    messages = error.message_dict.values() if hasattr(error, "error_dict") else [error.messages]
    return " ".join(message for field_messages in messages for message in field_messages)
