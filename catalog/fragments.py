"""Per-product fragments shared by many responses: a product card (HTML) or a product's API payload
looks the same in every list, search and filter, so it is built once per catalog version and
language and fetched in bulk, by id."""

from collections.abc import Callable, Iterable
from uuid import UUID

from django.conf import settings
from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from catalog.cache import cache_key
from catalog.models import Product

CARD_TEMPLATE = "catalog/partials/product_card.html"


def _per_product(kind: str, items: Iterable[Product | UUID], build: Callable[[Product], object]) -> list:
    """`build(product)` for each item (a product or only its id), in order, from the cache.

    One cache round trip for the whole page; only products not cached yet are loaded (one query)
    and built, so a list usually needs nothing but the ids.
    """
    items = list(items)
    ids = [item.pk if isinstance(item, Product) else item for item in items]
    keys = {product_id: cache_key(kind, product_id) for product_id in ids}
    found = cache.get_many(list(keys.values()))
    missing_ids = [product_id for product_id, key in keys.items() if key not in found]
    if missing_ids:
        given = {item.pk: item for item in items if isinstance(item, Product)}
        to_load = [product_id for product_id in missing_ids if product_id not in given]
        if to_load:
            given.update(Product.objects.select_related("category").in_bulk(to_load))
        built = {keys[product_id]: build(given[product_id]) for product_id in missing_ids if product_id in given}
        cache.set_many(built, settings.CATALOG_CACHE_TIMEOUT)
        found.update(built)
    return [found[keys[product_id]] for product_id in ids if keys[product_id] in found]


def product_cards(products: Iterable[Product | UUID]) -> list[SafeString]:
    """The HTML card of each product, in order."""
    template = get_template(CARD_TEMPLATE)
    cards = _per_product("card", products, lambda product: str(template.render({"product": product})))
    # Safe: HTML rendered from our own autoescaping template, never user input.
    return [mark_safe(card) for card in cards]


def product_payloads(products: Iterable[Product | UUID], serialize: Callable[[Product], dict]) -> list[dict]:
    """The API representation of each product, in order."""
    return _per_product("api-item", products, serialize)
