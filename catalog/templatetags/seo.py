"""`{% load seo %}`: canonical URL and OpenGraph URL, JSON-LD scripts (built in `catalog.seo`)."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from catalog import seo
from catalog.cache import CSP_NONCE_PLACEHOLDER

register = template.Library()

# As django.utils.html.json_script: "</script>", "<!--" and "&" cannot end or change the script.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_for_script(data) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)


def _nonce(request) -> str:
    """The request's CSP nonce; a placeholder while a page is rendered for the shared page cache
    (each response then gets its own, `catalog.cache`)."""
    if request is None:
        return ""
    if getattr(request, "page_cache_render", False):
        return CSP_NONCE_PLACEHOLDER
    return str(getattr(request, "csp_nonce", ""))


def _scripts(request, *blocks: dict) -> SafeString:
    nonce = conditional_escape(_nonce(request))
    # The JSON is escaped for a script element (as json_script), the nonce is base64 and escaped.
    return mark_safe(
        "\n".join(
            f'<script type="application/ld+json" nonce="{nonce}">{json_for_script(block)}</script>' for block in blocks
        )
    )


@register.simple_tag(takes_context=True)
def canonical_tags(context, path: str | None = None, page=None) -> str:
    """`<link rel="canonical">` and `og:url`: the page's absolute URL without its query string
    (tracking, filters, calculator inputs), `path` if given; listings keep `?page=` past the first."""
    request = context["request"]
    url = request.build_absolute_uri(path or request.path)
    try:
        page_number = int(page or 1)
    except (TypeError, ValueError):
        page_number = 1
    if page_number > 1:
        url = f"{url}?page={page_number}"
    return format_html('<link rel="canonical" href="{0}">\n  <meta property="og:url" content="{0}">', url)


@register.simple_tag(takes_context=True)
def product_json_ld(context, product, ancestors) -> SafeString:
    """`Product` with its `Offer` (and rating), and the `BreadcrumbList` down to it."""
    request = context["request"]
    trail = [*seo.catalog_trail(ancestors), (product.title, product.get_absolute_url())]
    return _scripts(
        request, seo.product_data(request=request, product=product), seo.breadcrumb_list(request=request, items=trail)
    )


@register.simple_tag(takes_context=True)
def category_json_ld(context, category, ancestors) -> SafeString:
    request = context["request"]
    trail = [*seo.catalog_trail([*ancestors, category])]
    return _scripts(request, seo.breadcrumb_list(request=request, items=trail))


@register.simple_tag(takes_context=True)
def organization_json_ld(context) -> SafeString:
    request = context["request"]
    return _scripts(request, seo.organization_data(request=request))
