from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django_ratelimit.decorators import ratelimit

from catalog import sitemaps
from catalog import views as catalog_views
from metalpro import health, i18n


def _admin_rate(group, request) -> str:
    return settings.RATE_ADMIN_LOGIN


# Back-office sign-in: 50 posts per 15 minutes per IP, on top of the per-account lockout.
admin.site.login = ratelimit(key="ip", rate=_admin_rate, method="POST", group="admin-login", block=True)(
    admin.site.login
)
admin.site.site_header = "MetalPro"
admin.site.site_title = "MetalPro back-office"
admin.site.index_title = "Back-office"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("metalpro.api_urls")),
    path("robots.txt", catalog_views.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        sitemaps.index,
        {"sitemaps": sitemaps.SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemaps.section, {"sitemaps": sitemaps.SITEMAPS}, name="sitemap-section"),
    path("health", health.ready, name="health"),
    path("health/ready", health.ready, name="health-ready"),
    path("health/live", health.live, name="health-live"),
    path("i18n/setlang/", i18n.set_language, name="set_language"),
]
# The storefront: Romanian at /…, English at /en/… (same slugs). Everything above is unprefixed and
# follows the client's language (metalpro.i18n.LanguageMiddleware).
urlpatterns += i18n_patterns(
    path("cont/", include("accounts.urls")),
    path("cos/", include("cart.urls")),
    path("", include("rfq.urls")),
    path("", include("projects.urls")),
    path("", include("orders.urls")),
    path("", include("catalog.urls")),
    prefix_default_language=False,
)
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "metalpro.views.bad_request"
handler403 = "metalpro.views.permission_denied"
handler404 = "metalpro.views.page_not_found"
handler500 = "metalpro.views.server_error"
