"""Structured data (schema.org JSON-LD) for the storefront, built as plain dicts; the `seo`
template tags write them into pages. URLs are absolute, built from the request."""

from collections.abc import Iterable

from django.conf import settings
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language, gettext

from catalog.models import RATING_MAX, RATING_MIN, Product
from catalog.units import Unit

SCHEMA = "https://schema.org"
CURRENCY = "RON"
# "On request" is bought in for the order: schema.org's BackOrder ("on back order") is the closest.
AVAILABILITY = {
    Product.Availability.IN_STOCK: f"{SCHEMA}/InStock",
    Product.Availability.ON_REQUEST: f"{SCHEMA}/BackOrder",
    Product.Availability.OUT_OF_STOCK: f"{SCHEMA}/OutOfStock",
}
# UN/CEFACT common codes of the base units (what `unitCode` expects).
UNIT_CODES = {Unit.KG: "KGM", Unit.M: "MTR", Unit.PCS: "H87"}


def breadcrumb_list(*, request: HttpRequest, items: Iterable[tuple[str, str]]) -> dict:
    """`items`: (name, path) from the home page down to the page itself."""
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": request.build_absolute_uri(path)}
            for position, (name, path) in enumerate(items, start=1)
        ],
    }


def catalog_trail(ancestors: Iterable) -> list[tuple[str, str]]:
    """Home, the catalog, then each category of `ancestors` (nodes with name and slug)."""
    return [
        (gettext("Home"), reverse("catalog:home")),
        (gettext("Catalog"), reverse("catalog:products")),
        *((node.display_name, reverse("catalog:category", kwargs={"slug": node.slug})) for node in ancestors),
    ]


def product_data(*, request: HttpRequest, product: Product) -> dict:
    url = request.build_absolute_uri(product.get_absolute_url())
    unit = Unit(product.base_unit)
    data = {
        "@context": SCHEMA,
        "@type": "Product",
        "name": product.display_title,
        "sku": product.sku,
        "url": url,
        "inLanguage": get_language() or settings.LANGUAGE_CODE,
        "category": product.category.display_name,
        "offers": {
            "@type": "Offer",
            "url": url,
            "price": product.price_per_unit,
            "priceCurrency": CURRENCY,
            "availability": AVAILABILITY.get(product.availability, f"{SCHEMA}/InStock"),
            "seller": {"@type": "Organization", "name": settings.SELLER["name"]},
            "priceSpecification": {
                "@type": "UnitPriceSpecification",
                "price": product.price_per_unit,
                "priceCurrency": CURRENCY,
                "valueAddedTaxIncluded": False,
                "unitCode": UNIT_CODES.get(unit, ""),
                "unitText": str(unit.label),
                "referenceQuantity": {
                    "@type": "QuantitativeValue",
                    "value": 1,
                    "unitCode": UNIT_CODES.get(unit, ""),
                    "unitText": str(unit.label),
                },
            },
        },
    }
    if product.display_description:
        data["description"] = product.display_description
    if product.grade:
        data["material"] = product.grade
    if product.rating_count > 0:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": product.rating_average,
            "ratingCount": product.rating_count,
            "bestRating": RATING_MAX,
            "worstRating": RATING_MIN,
        }
    return data


def organization_data(*, request: HttpRequest) -> dict:
    seller = settings.SELLER
    return {
        "@context": SCHEMA,
        "@type": "Organization",
        "name": seller["name"],
        "url": request.build_absolute_uri(reverse("catalog:home")),
        "logo": request.build_absolute_uri(static("img/logo.svg")),
        "email": seller["email"],
        "telephone": seller["phone"],
        "vatID": seller["cui"],
        "address": {"@type": "PostalAddress", "streetAddress": seller["address"], "addressCountry": "RO"},
        "contactPoint": {
            "@type": "ContactPoint",
            "contactType": "sales",
            "email": seller["email"],
            "telephone": seller["phone"],
            "availableLanguage": ["ro", "en"],
        },
    }
