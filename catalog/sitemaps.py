"""sitemap.xml: an index (`/sitemap.xml`) of sections (`/sitemap-<section>.xml`), each paginated by
the framework (50,000 URLs a page), with the home page, the catalog, every visible category and
every visible product, each in both languages with its `xhtml:link` hreflang alternates (and
x-default, the Romanian page). Rendered sections are kept in the catalog cache, so a crawler walking a
large catalog costs one render per catalog change."""

from functools import wraps

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from catalog.cache import cached
from catalog.models import Category, Product
from catalog.selectors import category_tree, visible_products


class BilingualSitemap(Sitemap):
    """Each item once per language (settings.LANGUAGES), with the others as hreflang alternates."""

    i18n = True
    alternates = True
    x_default = True


class StaticSitemap(BilingualSitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["catalog:home", "catalog:products"]

    def location(self, item: str) -> str:
        return reverse(item)


class CategorySitemap(BilingualSitemap):
    changefreq = "weekly"

    def items(self):
        return Category.objects.exclude(id__in=category_tree().hidden_ids).only("slug", "updated_at").order_by("slug")

    def lastmod(self, item: Category):
        return item.updated_at

    def get_latest_lastmod(self):  # the index's date: one aggregate, not every row loaded
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class ProductSitemap(BilingualSitemap):
    changefreq = "weekly"

    def items(self):
        # An ordered queryset: the framework pages it with LIMIT/OFFSET.
        return visible_products().select_related(None).only("slug", "updated_at").order_by("slug")

    def lastmod(self, item: Product):
        return item.updated_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


SITEMAPS = {"pages": StaticSitemap, "categories": CategorySitemap, "products": ProductSitemap}


def _cached_xml(view):
    """The rendered XML of `view`, per host and full path, until the catalog changes."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        def build() -> bytes:
            response = view(request, *args, **kwargs)
            response.render()
            return response.content

        body = cached(("sitemap", request.get_host(), request.get_full_path()), build)
        response = HttpResponse(body, content_type="application/xml; charset=utf-8")
        response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"  # as the framework's views
        return response

    return wrapper


index = _cached_xml(sitemap_views.index)
section = _cached_xml(sitemap_views.sitemap)
