"""`{% load seo %}`: canonical URL, OpenGraph URL and hreflang alternates, the language switcher's
links, JSON-LD scripts (built in `catalog.seo`)."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import translate_url
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_info

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


def page_in_languages(path: str) -> dict[str, str]:
    """The same page in each language ({"ro": "/produs/x/", "en": "/en/produs/x/"}), `path` being
    in the active language; empty when the page exists in one language only (an error page)."""
    urls = {code: translate_url(path, code) for code, _name in settings.LANGUAGES}
    return urls if len(set(urls.values())) == len(urls) else {}


@register.simple_tag(takes_context=True)
def canonical_tags(context, path: str | None = None, page=None) -> str:
    """`<link rel="canonical">` and `og:url`: the page's absolute URL in its own language without its
    query string (tracking, filters, calculator inputs), `path` if given; listings keep `?page=` past
    the first. Then `<link rel="alternate" hreflang>` for each language and x-default (Romanian)."""
    request = context["request"]
    path = path or request.path
    try:
        page_number = int(page or 1)
    except (TypeError, ValueError):
        page_number = 1
    suffix = f"?page={page_number}" if page_number > 1 else ""
    tags = [
        format_html(
            '<link rel="canonical" href="{0}">\n  <meta property="og:url" content="{0}">',
            request.build_absolute_uri(path) + suffix,
        )
    ]
    alternates = page_in_languages(path)
    if alternates:
        alternates["x-default"] = alternates[settings.LANGUAGE_CODE]
        tags += [
            format_html(
                '<link rel="alternate" hreflang="{}" href="{}">', code, request.build_absolute_uri(url) + suffix
            )
            for code, url in alternates.items()
        ]
    return mark_safe("\n  ".join(tags))  # each part built by format_html


@register.simple_tag(takes_context=True)
def language_choices(context) -> list[dict]:
    """For the language switcher: each language with the current page's URL in it (query kept)."""
    request = context.get("request")
    current = context.get("LANGUAGE_CODE") or settings.LANGUAGE_CODE
    full_path = request.get_full_path() if request is not None else "/"
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],  # each in its own language: Română, English
            "url": translate_url(full_path, code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]


@register.simple_tag(takes_context=True)
def product_json_ld(context, product, ancestors) -> SafeString:
    """`Product` with its `Offer` (and rating), and the `BreadcrumbList` down to it."""
    request = context["request"]
    trail = [*seo.catalog_trail(ancestors), (product.display_title, product.get_absolute_url())]
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
