"""Estimate cart writes. Every line is priced on the way in, so a unit the product cannot be
measured in, or a cut it cannot take, is refused with a message naming both."""

import secrets
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from analytics.services import event_record_on_commit
from cart.models import Cart, CartItem
from cart.pricing import clean_specs, price_line, specs_key
from catalog.models import Product

MAX_LINE_QUANTITY = Decimal(10**7)  # kg, m or pieces: what the API takes in one request, for a whole line


def _check_line_quantity(quantity: Decimal) -> None:
    """Lines add up: without a cap they outgrew their column and every total shown after them."""
    if quantity > MAX_LINE_QUANTITY:
        raise ValidationError(
            {"quantity": [_("At most %(limit)s per line.") % {"limit": f"{MAX_LINE_QUANTITY:f}"}]}, code="max_value"
        )


def _guest_expiry():
    return timezone.now() + timedelta(days=settings.GUEST_CART_DAYS)


def cart_create(*, user: User | None = None) -> Cart:
    return Cart.objects.create(user=user, token=secrets.token_urlsafe(32), expires_at=None if user else _guest_expiry())


def cart_for_user(*, user: User) -> Cart:
    cart = Cart.objects.filter(user=user).first()
    if cart is None:
        with transaction.atomic():
            cart = Cart.objects.select_for_update().filter(user=user).first() or cart_create(user=user)
    return cart


def _touch(cart: Cart) -> None:
    fields = {"updated_at": timezone.now()}
    if cart.user_id is None:
        fields["expires_at"] = _guest_expiry()
    Cart.objects.filter(pk=cart.pk).update(**fields)


@transaction.atomic
def cart_item_add(*, cart: Cart, product: Product, quantity: Decimal, unit: str, specs: dict | None = None) -> CartItem:
    """Add a line; the same product in the same unit with the same specifications adds up."""
    specs = clean_specs(specs)
    existing = (
        CartItem.objects.select_for_update()
        .filter(cart=cart, product=product, unit=unit, specs_key=specs_key(specs))
        .first()
    )
    total = quantity + (existing.quantity if existing else 0)
    _check_line_quantity(total)
    price_line(product, total, unit, specs)  # refuses what cannot be measured or cut
    if existing:
        existing.quantity = total
        existing.save(update_fields=["quantity", "updated_at"])
        item = existing
    else:
        item = CartItem.objects.create(
            cart=cart, product=product, quantity=quantity, unit=unit, specs=specs, specs_key=specs_key(specs)
        )
    _touch(cart)
    event_record_on_commit("cart_add", product=product.pk)
    return item


@transaction.atomic
def cart_item_update(*, item: CartItem, quantity: Decimal, unit: str | None = None) -> CartItem | None:
    """Change quantity (and unit); 0 removes the line. Returns None when removed."""
    item = CartItem.objects.select_for_update().select_related("product").get(pk=item.pk)
    if quantity == 0:
        item.delete()
        _touch(item.cart)
        return None
    unit = unit or item.unit
    price_line(item.product, quantity, unit, item.specs)
    twin = (
        CartItem.objects.select_for_update()
        .filter(cart_id=item.cart_id, product_id=item.product_id, unit=unit, specs_key=item.specs_key)
        .exclude(pk=item.pk)
        .first()
    )
    _check_line_quantity(quantity + (twin.quantity if twin else 0))
    if twin is not None:  # changing the unit made it the same line as another: merge them
        CartItem.objects.filter(pk=twin.pk).update(quantity=F("quantity") + quantity)
        item.delete()
        item = CartItem.objects.get(pk=twin.pk)
    else:
        item.quantity, item.unit = quantity, unit
        item.save(update_fields=["quantity", "unit", "updated_at"])
    _touch(item.cart)
    return item


@transaction.atomic
def cart_item_remove(*, item: CartItem) -> None:
    cart = item.cart
    item.delete()
    _touch(cart)


@transaction.atomic
def cart_clear(*, cart: Cart) -> None:
    cart.items.all().delete()
    _touch(cart)


@transaction.atomic
def cart_merge(*, source: Cart, target: Cart) -> Cart:
    """Move a guest cart into a user's cart (same lines add up) and delete it."""
    if source.pk == target.pk:
        return target
    carts = {c.pk: c for c in Cart.objects.select_for_update().filter(pk__in=[source.pk, target.pk]).order_by("pk")}
    if source.pk not in carts:
        return target
    for item in CartItem.objects.select_for_update().filter(cart_id=source.pk).order_by("pk"):
        twin = CartItem.objects.filter(
            cart_id=target.pk, product_id=item.product_id, unit=item.unit, specs_key=item.specs_key
        ).first()
        if twin is not None:
            CartItem.objects.filter(pk=twin.pk).update(quantity=F("quantity") + item.quantity)
            item.delete()
        else:
            CartItem.objects.filter(pk=item.pk).update(cart_id=target.pk)
    Cart.objects.filter(pk=source.pk).delete()
    _touch(target)
    return target


def carts_purge_expired() -> int:
    _total, per_model = Cart.objects.filter(user__isnull=True, expires_at__lt=timezone.now()).delete()
    return per_model.get(Cart._meta.label, 0)  # carts, not their lines
