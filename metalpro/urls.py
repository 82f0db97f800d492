from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from metalpro import health

admin.site.site_header = "MetalPro"
admin.site.site_title = "MetalPro back-office"
admin.site.index_title = "Back-office"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("metalpro.api_urls")),
    path("health", health.ready, name="health"),
    path("health/ready", health.ready, name="health-ready"),
    path("health/live", health.live, name="health-live"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("catalog.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "metalpro.views.bad_request"
handler403 = "metalpro.views.permission_denied"
handler404 = "metalpro.views.page_not_found"
handler500 = "metalpro.views.server_error"
