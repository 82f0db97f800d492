"""The analytics dashboard in the back-office: /admin/analytics/event/ (the "Catalog analytics" link
on the admin index), for staff who may view events (the Sales operators group)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from analytics import selectors
from analytics.models import Event
from analytics.services import events_flush


@admin.register(Event)
class AnalyticsDashboardAdmin(admin.ModelAdmin):
    """No list of raw events: the changelist is the dashboard, read-only."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        events_flush()  # the last minute's events too (and the only flush when no beat runs: `make run`)
        try:
            days = int(request.GET.get("days", selectors.DEFAULT_PERIOD))
        except ValueError:
            days = selectors.DEFAULT_PERIOD
        if days not in selectors.PERIODS:
            days = selectors.DEFAULT_PERIOD
        since = selectors.period_start(days)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Catalog analytics"),
            "days": days,
            "periods": selectors.PERIODS,
            "since": since,
            "totals": selectors.analytics_totals(since=since),
            "top_searches": selectors.top_searches(since=since),
            "zero_results": selectors.zero_result_searches(since=since),
            "top_products": selectors.top_products(since=since),
            "conversion": selectors.rfq_conversion_by_week(since=since),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/analytics/dashboard.html", context)
