"""Catalog read cache.

- Every cached catalog value is stamped with the current *catalog version*; any write to a product
  or category replaces the version, so every older value is stale at once. The version is a random
  token, not a counter, so a Redis restart that loses it can never bring an old generation back.
- A value is stored as `(version, value)` under a version-free key and read together with the
  current version in one round trip (MGET); a rebuild overwrites the stale generation in place.
- Within one request each value is read once (a per-request memo); small, hot values such as the
  category tree also stay in process memory for as long as the version does not change.
- A value or page about one product can also carry that product's *scope* token
  (`product_scope`): `invalidate_product()` replaces just those tokens, for changes that show on
  nothing but the product's own page and detail (its ratings), so the rest of the catalog stays cached.
- Whole pages for anonymous visitors (`anonymous_page_cache`): a hit is one round trip. Pages carry
  nothing personal: the mini-cart is drawn by the browser from a cookie, and forms on cached pages
  use `{% cacheable_csrf_input %}`, whose placeholder is replaced by each visitor's own token; inline
  scripts (JSON-LD) carry a nonce placeholder, replaced by each response's CSP nonce.
"""

import hashlib
import uuid
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from functools import wraps
from typing import TypeVar

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

T = TypeVar("T")
VERSION_KEY = "catalog:version"
_MISSING = object()
_memo: ContextVar[dict | None] = ContextVar("catalog_request_memo", default=None)


@receiver(request_started)
def _open_memo(**kwargs) -> None:
    _memo.set({})


@receiver(request_finished)
def _close_memo(**kwargs) -> None:
    _memo.set(None)


def _new_version() -> str:
    return uuid.uuid4().hex[:12]


def _token(key: str) -> str:
    """The token stored under `key` (the catalog version, or a scope's), created when missing."""
    memo = _memo.get()
    if memo is not None and key in memo:
        return memo[key]
    token = cache.get(key)
    if token is None:
        token = _new_version()
        timeout = None if key == VERSION_KEY else settings.CATALOG_CACHE_TIMEOUT
        if not cache.add(key, token, timeout=timeout):
            token = cache.get(key) or token
    if memo is not None:
        memo[key] = token
    return token


def catalog_version() -> str:
    return _token(VERSION_KEY)


def product_scope(key: object) -> str:
    """The scope of one product, named by a key it is looked up with (its id or its slug)."""
    return f"product:{key}"


def _scope_key(scope: str) -> str:
    return f"catalog:scope:{scope}"


def _digest(parts: tuple) -> str:
    raw = "\x1f".join(str(part) for part in parts)
    return hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()


def cache_key(*parts: object) -> str:
    """A key that embeds the version (for values fetched in bulk or by `{% cache %}`)."""
    return f"catalog:{catalog_version()}:{get_language()}:{_digest(parts)}"


def _read(key: str, scopes: Iterable[str] = ()) -> tuple[str, object]:
    """The current stamp (the catalog version, plus each scope's token) and the stored value of
    `key` if it carries that stamp: one round trip for the tokens not read yet and the value."""
    memo = _memo.get()
    token_keys = [VERSION_KEY, *(_scope_key(scope) for scope in scopes)]
    tokens = {k: memo[k] for k in token_keys if memo is not None and k in memo}
    found = cache.get_many([*(k for k in token_keys if k not in tokens), key])
    for k in token_keys:
        if k not in tokens:
            tokens[k] = found.get(k) or _token(k)
            if memo is not None:
                memo[k] = tokens[k]
    stamp = "/".join(tokens[k] for k in token_keys)
    entry = found.get(key)
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == stamp:
        return stamp, entry[1]
    return stamp, None


_process_cache: dict[str, tuple[str, object]] = {}


def cached(
    parts: tuple,
    build: Callable[[], T],
    timeout: int | None = None,
    *,
    in_process: bool = False,
    scopes: Iterable[str] = (),
) -> T:
    """The value for `parts` (per language): from this request's memo, the process (if
    `in_process`), the cache, or else `build()`, stored. `build` never returns None. A value
    with `scopes` is also retired by `invalidate_product()` of any of them."""
    scopes = tuple(scopes)
    if in_process and scopes:
        raise ValueError("values kept in process memory follow the catalog version only")
    key = f"catalog:data:{get_language()}:{_digest(parts)}"
    memo = _memo.get()
    if memo is not None and key in memo:
        return memo[key]
    if in_process and key in _process_cache:
        version, value = _process_cache[key]
        if version == catalog_version():
            if memo is not None:
                memo[key] = value
            return value
    version, value = _read(key, scopes)
    if value is None:
        value = build()
        cache.set(key, (version, value), timeout or settings.CATALOG_CACHE_TIMEOUT)
    if in_process:
        _process_cache[key] = (version, value)
    if memo is not None:
        memo[key] = value
    return value


def invalidate_catalog() -> None:
    """Retire every cached catalog value: now, and again once the transaction commits (a reader
    may have cached the pre-commit state in between)."""

    def bump() -> None:
        cache.set(VERSION_KEY, _new_version(), timeout=None)
        memo = _memo.get()
        if memo is not None:
            memo.clear()

    bump()
    transaction.on_commit(bump)


def invalidate_product(product) -> None:
    """Retire what is cached about one product alone (its page, its detail in the API, the product
    looked up by id or slug), leaving the rest of the catalog cached: for changes shown nowhere
    else, such as its ratings. Now, and again once the transaction commits."""
    keys = [_scope_key(product_scope(product.pk)), _scope_key(product_scope(product.slug))]

    def bump() -> None:
        cache.set_many({key: _new_version() for key in keys}, timeout=settings.CATALOG_CACHE_TIMEOUT)
        memo = _memo.get()
        if memo is not None:
            memo.clear()

    bump()
    transaction.on_commit(bump)


CSRF_PLACEHOLDER = "__metalpro-csrf-token__"
_CSRF_PLACEHOLDER_BYTES = CSRF_PLACEHOLDER.encode()
CSP_NONCE_PLACEHOLDER = "__metalpro-csp-nonce__"
_CSP_NONCE_PLACEHOLDER_BYTES = CSP_NONCE_PLACEHOLDER.encode()


def _for_visitor(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """A cached page is shared by every visitor; each response gets the visitor's own CSRF token
    and this response's CSP nonce (reading it puts it in the Content-Security-Policy header)."""
    if _CSRF_PLACEHOLDER_BYTES in response.content:
        response.content = response.content.replace(_CSRF_PLACEHOLDER_BYTES, get_token(request).encode())
    if _CSP_NONCE_PLACEHOLDER_BYTES in response.content and hasattr(request, "csp_nonce"):
        response.content = response.content.replace(_CSP_NONCE_PLACEHOLDER_BYTES, str(request.csp_nonce).encode())
    return response


def _has_messages(request: HttpRequest) -> bool:
    """Pending flash messages (e.g. "you signed out") make a page personal. Looking does not
    consume them: the page renders them right after."""
    return bool(len(get_messages(request)))


def anonymous_page_cache(
    view: Callable[..., HttpResponse] | None = None,
    *,
    unless_params: tuple[str, ...] = (),
    scopes: Callable[..., Iterable[str]] | None = None,
) -> Callable[..., HttpResponse]:
    """Serve whole GET pages to anonymous visitors from the catalog cache.

    Only for pages that hold nothing personal (no CSRF token, no flash messages, no user data).
    Logged-in users get the page rendered for them, itself built from cached parts. Requests
    carrying any of `unless_params` (e.g. a calculator's inputs) are rendered, not cached.
    `scopes(request, *args, **kwargs)` names the scopes a page also belongs to (a product's page:
    that product's), so `invalidate_product()` retires it too.
    """
    if view is None:
        return lambda view: anonymous_page_cache(view, unless_params=unless_params, scopes=scopes)

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        personal = request.method != "GET" or request.user.is_authenticated or _has_messages(request)
        if personal or any(param in request.GET for param in unless_params):
            return view(request, *args, **kwargs)
        key = f"catalog:page:{get_language()}:{_digest((request.get_host(), request.get_full_path()))}"
        version, page = _read(key, scopes(request, *args, **kwargs) if scopes else ())
        if page is None:
            request.page_cache_render = True  # CSRF token and CSP nonce are written as placeholders
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.cookies:
                return _for_visitor(request, response)
            # The page's analytics event (analytics.hooks) is kept with it: a hit is recorded too.
            page = (response.content, getattr(response, "analytics_event", None))
            cache.set(key, (version, page), settings.CATALOG_CACHE_TIMEOUT)
        body, event = page if isinstance(page, tuple) else (page, None)
        served = _for_visitor(request, HttpResponse(body, content_type="text/html; charset=utf-8"))
        served.analytics_event = event
        return served

    return wrapper
