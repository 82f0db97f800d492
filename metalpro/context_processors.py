from django.conf import settings
from django.utils.functional import SimpleLazyObject


def site(request) -> dict:
    from catalog.cache import catalog_version
    from catalog.selectors import category_tree

    return {
        "VAT_PERCENT": settings.VAT_RATE * 100,
        "FRAGMENT_TIMEOUT": settings.CATALOG_CACHE_TIMEOUT,
        # Lazy: only pages that draw them pay (from the cache). The version keys `{% cache %}`
        # fragments built from catalog data, so any catalog write retires them.
        "catalog_version": SimpleLazyObject(catalog_version),
        "nav_categories": SimpleLazyObject(category_tree),
    }
