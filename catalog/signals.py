"""Cache invalidation only (infrastructure, not business flow): any write to a product or a
category, wherever it comes from (admin list editing included), retires the catalog cache."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from catalog.cache import invalidate_catalog
from catalog.models import Category, Product


@receiver([post_save, post_delete], sender=Product)
@receiver([post_save, post_delete], sender=Category)
def catalog_changed(sender, **kwargs) -> None:
    invalidate_catalog()
