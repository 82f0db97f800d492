from django.conf import settings
from django.utils.functional import SimpleLazyObject


def site(request) -> dict:
    from catalog.selectors import category_tree

    return {
        "VAT_PERCENT": settings.VAT_RATE * 100,
        # Lazy: only pages that draw the category menu pay for it (from the cache).
        "nav_categories": SimpleLazyObject(category_tree),
    }
