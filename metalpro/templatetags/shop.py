"""Formatting for the storefront: money and quantities the way each language writes them."""

from decimal import Decimal, InvalidOperation

from django import template
from django.conf import settings
from django.middleware.csrf import get_token
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext

from catalog.units import Unit

register = template.Library()


@register.simple_tag
def seller() -> dict:
    """`{% seller as s %}{{ s.cui }}`: also in emails, which render without a request."""
    return settings.SELLER


def _decimal(value) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None


@register.simple_tag
def currency_label() -> str:
    """How the active language names the currency: "lei" (ro), "RON" (en)."""
    return "lei" if (get_language() or "ro").startswith("ro") else "RON"


@register.filter
def money(value) -> str:
    """1234.5 -> "1.234,50 lei" (ro) or "1,234.50 RON" (en)."""
    amount = _decimal(value)
    if amount is None:
        return ""
    formatted = number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)
    return f"{formatted} {currency_label()}"


@register.filter
def qty(value, places: int = 3) -> str:
    """A quantity without trailing zeros: 22.4000 -> "22,4" (ro) / "22.4" (en)."""
    return _quantity_text(value, places, grouping=True)


def _quantity_text(value, places, *, grouping: bool) -> str:
    number = _decimal(value)
    if number is None:
        return ""
    number = round(number, int(places)).normalize()
    if number == number.to_integral():
        number = number.quantize(Decimal(1))
    return number_format(number, use_l10n=True, force_grouping=grouping)


@register.filter
def qty_input(value, places: int = 3) -> str:
    """A quantity for an input field: localized decimal mark, no grouping ("1250,5" in Romanian)."""
    return _quantity_text(value, places, grouping=False)


@register.filter
def unit_label(value) -> str:
    try:
        return str(Unit(value).label)
    except ValueError:
        return value


@register.simple_tag
def per_unit(unit) -> str:
    return gettext("per %(unit)s") % {"unit": unit_label(unit)}


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with `changes` applied (None removes); page resets unless given."""
    params = context["request"].GET.copy() if "request" in context else {}
    if "page" not in changes:
        params.pop("page", None)
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = urlencode(sorted(params.lists()), doseq=True) if params else ""
    return f"?{encoded}" if encoded else "?"


SECTION_ICONS = {
    "IPE": "i-beam",
    "HEA": "h-beam",
    "HEB": "h-beam",
    "UNP": "channel",
    "L": "angle",
    "RHS": "rect-tube",
    "SHS": "square-tube",
    "CHS": "round-tube",
    "sheet": "sheet",
    "round_bar": "round-bar",
    "square_bar": "square-bar",
    "flat_bar": "flat-bar",
    "rebar": "rebar",
}
CATEGORY_ICONS = {
    "profile-laminate": "i-beam",
    "tevi": "rect-tube",
    "table": "sheet",
    "bare-si-platbanda": "round-bar",
    "inox": "round-tube",
    "aluminiu": "flat-bar",
}


@register.filter
def section_icon(product) -> str:
    """Static path of the cross-section drawing for a product (or a category slug)."""
    if isinstance(product, str):
        name = CATEGORY_ICONS.get(product, "generic")
    else:
        name = SECTION_ICONS.get((product.metadata or {}).get("family"), "generic")
    return f"img/sections/{name}.svg"


@register.simple_tag(takes_context=True)
def cacheable_csrf_input(context) -> str:
    """Like {% csrf_token %}, for pages that may be cached whole: while such a page is rendered
    for the cache it writes a placeholder, replaced by each visitor's token when served."""
    from catalog.cache import CSRF_PLACEHOLDER

    request = context.get("request")
    token = CSRF_PLACEHOLDER if getattr(request, "page_cache_render", False) else get_token(request)
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)
