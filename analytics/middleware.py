from analytics.hooks import search_from_referer
from analytics.models import Event
from analytics.services import event_record


class AnalyticsMiddleware:
    """Records the event a storefront view, or a page served from the cache, attached to its response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        event = getattr(response, "analytics_event", None)
        if event and response.status_code == 200:
            data = dict(event)
            if data.get("kind") == Event.Kind.VIEW and not data.get("query"):
                data["query"] = search_from_referer(request)
            event_record(data.pop("kind"), **data)
        return response
