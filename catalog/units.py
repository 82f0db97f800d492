"""The unit engine: one place that converts quantities of a product between kg, metres and pieces.

A product is sold in its *base unit* and knows its weight per base unit and, for long products,
the length of one stock bar. From those we derive how much of each unit one base unit holds:

    base m    1 m   = weight kg         = 1/lengthM pcs
    base pcs  1 pc  = weight kg         = lengthM m
    base kg   1 kg  = 1/kgPerM m        = 1/(kgPerM*lengthM) pcs   (kgPerM from metadata)

A quantity in unit u becomes base units by dividing by "u per base unit", and any other unit by
multiplying back. A unit without a path (metres of a sheet) is refused with the units accepted.
Rounding happens once, on output: money to bani half-up, quantities to 3 places.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import models
from django.utils.translation import gettext_lazy as _

from metalpro.money import to_money, to_quantity, with_vat


class Unit(models.TextChoices):
    KG = "kg", _("kg")
    M = "m", _("m")
    PCS = "pcs", _("pcs")


_UNIT_ORDER = tuple(Unit.values)  # Unit.values rebuilds its list on every access


class UnitConversionError(ValueError):
    def __init__(self, *, product_title: str, unit: str, accepted: list[str]) -> None:
        self.product_title, self.unit, self.accepted = product_title, unit, accepted
        message = _("%(product)s cannot be measured in %(unit)s; it accepts: %(accepted)s.") % {
            "product": product_title,
            "unit": Unit(unit).label if unit in Unit.values else unit,
            "accepted": ", ".join(str(Unit(u).label) for u in accepted),
        }
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Measures:
    """A quantity expressed in every unit the product allows (None where it has no meaning)."""

    base_quantity: Decimal
    kg: Decimal | None
    m: Decimal | None
    pcs: Decimal | None


@dataclass(frozen=True)
class Estimate:
    measures: Measures
    net: Decimal
    vat: Decimal
    gross: Decimal


def _positive(value) -> Decimal | None:
    try:
        number = Decimal(str(value)) if value not in (None, "") else None
    except (InvalidOperation, ValueError):
        return None
    return number if number is not None and number > 0 else None


def per_base_unit(product) -> dict[str, Decimal]:
    """How much of each convertible unit one base unit of `product` holds."""
    base = product.base_unit
    weight = _positive(product.weight)
    length = _positive(product.length_m)
    factors: dict[str, Decimal] = {base: Decimal(1)}
    if base == Unit.KG:
        kg_per_m = _positive((product.metadata or {}).get("kgPerM"))
        if kg_per_m:
            factors[Unit.M] = 1 / kg_per_m
            if length:
                factors[Unit.PCS] = 1 / (kg_per_m * length)
    else:
        if weight:
            factors[Unit.KG] = weight
        if base == Unit.M and length:
            factors[Unit.PCS] = 1 / length
        elif base == Unit.PCS and length:
            factors[Unit.M] = length
    return {unit: factors[unit] for unit in _UNIT_ORDER if unit in factors}


def accepted_units(product) -> list[str]:
    return list(per_base_unit(product))


def to_base(product, quantity: Decimal, unit: str) -> Decimal:
    factors = per_base_unit(product)
    if unit not in factors:
        raise UnitConversionError(product_title=product.title, unit=unit, accepted=list(factors))
    return Decimal(quantity) / factors[unit]


def measure(product, quantity: Decimal, unit: str) -> Measures:
    base_quantity = to_base(product, quantity, unit)
    factors = per_base_unit(product)

    def in_unit(u: str) -> Decimal | None:
        if u == unit:
            return to_quantity(quantity)  # what the buyer typed stays exact
        return to_quantity(base_quantity * factors[u]) if u in factors else None

    return Measures(
        base_quantity=base_quantity,
        kg=in_unit(Unit.KG),
        m=in_unit(Unit.M),
        pcs=in_unit(Unit.PCS),
    )


def estimate(product, quantity: Decimal, unit: str) -> Estimate:
    """Weight and price of `quantity` `unit` of `product`: net rounded once, then VAT."""
    measures = measure(product, quantity, unit)
    net = to_money(measures.base_quantity * product.price_per_unit)
    vat, gross = with_vat(net)
    return Estimate(measures=measures, net=net, vat=vat, gross=gross)
