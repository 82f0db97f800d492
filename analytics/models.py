"""Catalog analytics: one row per recorded event, written in batches by `events_flush` (ADR 0009).

Nothing personal is kept: no user, session, IP or user agent; a search is its normalised text and
how many products it found, a product view names the product and, when a search led to it, that
search's text.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.filters import MAX_SEARCH_LENGTH


class Event(models.Model):
    class Kind(models.TextChoices):
        SEARCH = "search", _("search")
        VIEW = "view", _("product view")
        CART_ADD = "cart_add", _("cart add")
        RFQ = "rfq", _("RFQ submitted")
        ORDER = "order", _("order placed")

    id = models.BigAutoField(primary_key=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    occurred_at = models.DateTimeField(_("when"))
    query = models.CharField(
        _("search"),
        max_length=MAX_SEARCH_LENGTH,
        blank=True,
        help_text=_("Normalised; for a view, the search it came from."),
    )
    results = models.PositiveIntegerField(_("results"), null=True, blank=True)
    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("product"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("catalog event")
        verbose_name_plural = _("catalog analytics")
        indexes = [
            models.Index(fields=["kind", "occurred_at"], name="analytics_kind_time"),  # each table of the dashboard
            models.Index(fields=["occurred_at"], name="analytics_time"),  # totals, purge
        ]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_at:%Y-%m-%d %H:%M}"
