"""Filters for emails, which are rendered in the recipient's language (notifications.services.email_queue)."""

from django import template

from catalog.models import localized

register = template.Library()


@register.filter
def line_title(line) -> str:
    """A quote or order line's title as it was taken, or the product's English title in English."""
    product = getattr(line, "product", None)
    return localized(line.title, getattr(product, "title_en", "") or "")
