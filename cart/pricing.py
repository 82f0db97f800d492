"""Prices and weights of estimate lines: the catalog's unit engine plus cutting to length.

A line is `quantity` `unit` of a product, or, with `specs.cut_length_mm`, `quantity` pieces cut to
that length from stock bars. Money is rounded once per line (half-up); VAT once on the subtotal.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from catalog.models import Product
from catalog.units import Unit, UnitConversionError, accepted_units, estimate
from metalpro.money import to_money, to_quantity, with_vat

ALLOWED_SPECS = {"cut_length_mm", "finish", "note"}
MIN_CUT_MM, MAX_CUT_MM = Decimal(10), Decimal(24_000)


@dataclass(frozen=True)
class CutPlan:
    pieces: int
    length_mm: Decimal
    bars: int  # stock bars needed
    offcut_m: Decimal  # left over from those bars
    cuts: int
    fee: Decimal


@dataclass(frozen=True)
class LinePrice:
    weight_kg: Decimal | None
    length_m: Decimal | None
    pieces: Decimal | None
    material: Decimal  # net price of the material
    cut: CutPlan | None
    net: Decimal  # material + cutting fee, excl. VAT
    unit_price: Decimal  # price per base unit of the product


@dataclass(frozen=True)
class Totals:
    item_count: int
    total_weight_kg: Decimal
    subtotal: Decimal
    vat: Decimal
    total: Decimal


def _storable(text: str) -> str:
    """Without NUL (PostgreSQL refuses it) and lone surrogates (no UTF-8 encoding can carry them)."""
    return text.replace("\x00", "").encode("utf-8", "ignore").decode("utf-8")


def clean_specs(specs: dict | None) -> dict:
    """Keep the specifications we understand, validated; drop the rest."""
    if specs in (None, ""):
        return {}
    if not isinstance(specs, dict):
        raise ValidationError({"specs": [_("Specifications must be an object.")]}, code="invalid")
    cleaned = {}
    if specs.get("cut_length_mm") not in (None, ""):
        try:
            length = Decimal(str(specs["cut_length_mm"]))
        except (ArithmeticError, ValueError):
            length = None
        if (
            length is None
            or not length.is_finite()  # NaN cannot even be compared
            or not (MIN_CUT_MM <= length <= MAX_CUT_MM)
            or length != length.to_integral()
        ):
            raise ValidationError(
                {"specs": [_("The cut length is a whole number of millimetres between 10 and 24000.")]},
                code="cut_length",
            )
        cleaned["cut_length_mm"] = int(length)
    for key, limit in (("finish", 100), ("note", 200)):
        value = _storable(str(specs.get(key) or "")).strip()
        if value:
            cleaned[key] = value[:limit]
    return cleaned


def specs_key(specs: dict) -> str:
    return "|".join(f"{key}={specs[key]}" for key in sorted(specs))[:255]


def cut_plan(product: Product, pieces: int, length_mm: Decimal) -> CutPlan:
    bar_m = product.length_m
    if not bar_m or Unit.M not in accepted_units(product):
        raise ValidationError(
            {"specs": [_("%(product)s is not cut to length.") % {"product": product.display_title}]},
            code="not_cuttable",
        )
    length_m = Decimal(length_mm) / 1000
    if length_m > bar_m:
        raise ValidationError(
            {
                "specs": [
                    _("A piece cannot be longer than the %(bar)s m stock bar.") % {"bar": f"{bar_m.normalize():f}"}
                ]
            },
            code="cut_too_long",
        )
    kerf_m = Decimal(settings.CUT_KERF_MM) / 1000
    per_bar = int((bar_m + kerf_m) // (length_m + kerf_m))
    bars = math.ceil(pieces / per_bar)
    cuts = 0 if length_m == bar_m else pieces
    return CutPlan(
        pieces=pieces,
        length_mm=Decimal(length_mm),
        bars=bars,
        offcut_m=to_quantity(bars * bar_m - pieces * length_m),
        cuts=cuts,
        fee=to_money(cuts * settings.CUT_FEE_PER_CUT),
    )


def price_line(product: Product, quantity: Decimal, unit: str, specs: dict | None = None) -> LinePrice:
    """Weight and price of one line; a ValidationError on `unit`/`specs`/`quantity` says why not."""
    specs = specs or {}
    if quantity is None or quantity <= 0:
        raise ValidationError({"quantity": [_("The quantity must be greater than zero.")]}, code="min_value")
    cut = None
    try:
        if "cut_length_mm" in specs:
            if unit != Unit.PCS or quantity != quantity.to_integral():
                raise ValidationError(
                    {"quantity": [_("Cut pieces are counted in whole pieces (unit pcs).")]}, code="cut_pieces"
                )
            cut = cut_plan(product, int(quantity), Decimal(specs["cut_length_mm"]))
            result = estimate(product, quantity * Decimal(specs["cut_length_mm"]) / 1000, Unit.M)
        else:
            result = estimate(product, quantity, unit)
    except UnitConversionError as error:
        raise ValidationError({"unit": [error.message]}, code="unit_not_accepted") from error
    measures = result.measures
    fee = cut.fee if cut else Decimal("0.00")
    return LinePrice(
        weight_kg=measures.kg,
        length_m=measures.m,
        pieces=Decimal(quantity) if cut else measures.pcs,
        material=result.net,
        cut=cut,
        net=result.net + fee,
        unit_price=product.price_per_unit,
    )


def totals(lines: Iterable[LinePrice]) -> Totals:
    lines = list(lines)
    subtotal = sum((line.net for line in lines), Decimal("0.00"))
    vat, total = with_vat(subtotal)
    weight = sum((line.weight_kg or Decimal(0) for line in lines), Decimal(0))
    return Totals(
        item_count=len(lines), total_weight_kg=to_quantity(weight), subtotal=to_money(subtotal), vat=vat, total=total
    )
