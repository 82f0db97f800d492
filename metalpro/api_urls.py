from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from metalpro import views
from metalpro.api.urls import slashless

app_name = "api"

urlpatterns = [
    *slashless("schema", SpectacularAPIView.as_view(), "schema"),
    # The split view serves Swagger UI's setup script as a file: nothing inline for CSP to allow.
    *slashless("docs", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), "docs"),
    path("", include("accounts.api.urls")),
    path("", include("catalog.api.urls")),
    path("", include("cart.api.urls")),
    path("", include("rfq.api.urls")),
    path("", include("projects.api.urls")),
    path("", include("orders.api.urls")),
    # Last: any other /api/ path is a JSON 404, whatever DEBUG says.
    re_path(r"^.*$", views.api_not_found),
]
