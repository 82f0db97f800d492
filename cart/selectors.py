"""Finding the caller's cart, and presenting it priced."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from cart.models import Cart, CartItem
from cart.pricing import LinePrice, Totals, price_line, totals
from metalpro.money import CURRENCY

SESSION_KEY = "cart_id"


def guest_cart_by_token(token: str | None) -> Cart | None:
    if not token or len(token) > 64:
        return None
    return Cart.objects.filter(token=token, user__isnull=True, expires_at__gt=timezone.now()).first()


def guest_cart_by_session(session) -> Cart | None:
    cart_id = session.get(SESSION_KEY) if session is not None else None
    if not cart_id:
        return None
    return Cart.objects.filter(pk=cart_id, user__isnull=True, expires_at__gt=timezone.now()).first()


@dataclass
class Line:
    item: CartItem
    price: LinePrice | None  # None: the product can no longer be sold as asked
    problem: str = ""


@dataclass
class PricedCart:
    cart: Cart | None
    lines: list[Line]
    totals: Totals
    currency: str = CURRENCY

    @property
    def has_problems(self) -> bool:
        return any(line.price is None for line in self.lines)


def cart_priced(cart: Cart | None) -> PricedCart:
    items = list(cart.items.select_related("product", "product__category")) if cart else []
    lines = []
    for item in items:
        if not item.product.is_active:
            lines.append(Line(item, None, "unavailable"))
            continue
        try:
            lines.append(Line(item, price_line(item.product, item.quantity, item.unit, item.specs)))
        except ValidationError:
            lines.append(Line(item, None, "invalid"))
    return PricedCart(cart=cart, lines=lines, totals=totals(line.price for line in lines if line.price))


def empty_totals() -> Totals:
    return totals([])


def line_count(cart: Cart | None) -> int:
    return cart.items.count() if cart else 0


def money_in_bani(amount: Decimal) -> int:
    return int(amount * 100)
