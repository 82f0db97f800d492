"""Cart pages. Guests' carts live with the browser session; every change also refreshes the
`mp_cart` cookie ("lines:total in bani") from which the header's mini-cart is drawn, so cached
catalog pages stay free of anything personal."""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cart.models import Cart, CartItem
from cart.selectors import SESSION_KEY, PricedCart, cart_priced, guest_cart_by_session
from cart.services import cart_clear, cart_create, cart_for_user, cart_item_add, cart_item_remove, cart_item_update
from catalog.models import Product
from catalog.units import Unit

MINICART_COOKIE = "mp_cart"


def page_cart(request: HttpRequest, *, create: bool = False) -> Cart | None:
    if request.user.is_authenticated:
        return cart_for_user(user=request.user)
    cart = guest_cart_by_session(request.session)
    if cart is None and create:
        cart = cart_create()
        request.session[SESSION_KEY] = str(cart.pk)
    return cart


def with_minicart(response: HttpResponse, priced: PricedCart) -> HttpResponse:
    if priced.lines:
        value = f"{len(priced.lines)}:{int(priced.totals.total * 100)}"
        response.set_cookie(
            MINICART_COOKIE, value, max_age=settings.GUEST_CART_DAYS * 86400, samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE, httponly=False,
        )  # fmt: skip
    else:
        response.delete_cookie(MINICART_COOKIE, samesite="Lax")
    return response


def _parse_decimal(value: str | None) -> Decimal | None:
    try:
        number = Decimal(str(value).replace(",", ".").strip())
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() else None  # NaN cannot even be compared with 0


def _sentence(error: ValidationError) -> str:
    return " ".join(message for field_messages in error.message_dict.values() for message in field_messages)


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or fallback
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe else fallback


def _render_cart(request: HttpRequest, status: int = 200) -> HttpResponse:
    priced = cart_priced(page_cart(request))
    partial = request.headers.get("X-Requested-With") == "fetch"
    template = "cart/partials/cart_body.html" if partial else "cart/cart.html"
    context = {"priced": priced, "units": Unit.choices, "partial": partial}
    return with_minicart(render(request, template, context, status=status), priced)


def cart_page(request: HttpRequest) -> HttpResponse:
    return _render_cart(request)


@require_POST
def cart_add(request: HttpRequest) -> HttpResponse:
    product = get_object_or_404(Product.objects.active(), pk=request.POST.get("product"))
    if "calculate" in request.POST:  # the calculator without JavaScript: show the estimate, add nothing
        query = urlencode({"quantity": request.POST.get("quantity", ""), "unit": request.POST.get("unit", "")})
        return redirect(f"{product.get_absolute_url()}?{query}")
    specs = {"finish": request.POST.get("finish", "")}
    cut_length = request.POST.get("cut_length_mm", "").strip()
    if cut_length:
        specs["cut_length_mm"] = cut_length
        quantity, unit = _parse_decimal(request.POST.get("cut_pieces")), Unit.PCS
    else:
        quantity, unit = _parse_decimal(request.POST.get("quantity")), request.POST.get("unit")
    back = _back(request, product.get_absolute_url())
    if quantity is None or quantity <= 0 or unit not in Unit.values:
        messages.error(request, _("Enter a quantity greater than zero and a unit."))
        return redirect(back)
    try:
        cart_item_add(cart=page_cart(request, create=True), product=product, quantity=quantity, unit=unit, specs=specs)
    except ValidationError as error:
        messages.error(request, _sentence(error))
        return redirect(back)
    messages.success(request, _("%(product)s was added to your estimate.") % {"product": product.display_title})
    return with_minicart(redirect(back), cart_priced(page_cart(request)))


def _own_item(request: HttpRequest, item_id) -> CartItem:
    cart = page_cart(request)
    return get_object_or_404(CartItem.objects.select_related("product"), pk=item_id, cart=cart)


@require_POST
def line_update(request: HttpRequest, item_id) -> HttpResponse:
    item = _own_item(request, item_id)
    quantity = _parse_decimal(request.POST.get("quantity"))
    unit = request.POST.get("unit") or item.unit
    if quantity is None or quantity < 0 or unit not in Unit.values:
        messages.error(request, _("Enter a quantity (0 removes the line)."))
        return _finish(request, status=400)
    try:
        cart_item_update(item=item, quantity=quantity, unit=unit)
    except ValidationError as error:
        messages.error(request, _sentence(error))
        return _finish(request, status=400)
    return _finish(request)


@require_POST
def line_remove(request: HttpRequest, item_id) -> HttpResponse:
    cart_item_remove(item=_own_item(request, item_id))
    return _finish(request)


@require_POST
def clear(request: HttpRequest) -> HttpResponse:
    cart = page_cart(request)
    if cart is not None:
        cart_clear(cart=cart)
    return _finish(request)


def _finish(request: HttpRequest, status: int = 200) -> HttpResponse:
    """JS asked (fetch): the re-rendered cart. A plain form post: back to the cart page."""
    if request.headers.get("X-Requested-With") == "fetch":
        return _render_cart(request, status=status)
    return with_minicart(redirect("cart:page"), cart_priced(page_cart(request)))
