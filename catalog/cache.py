"""Catalog read cache.

- Every cached catalog value is stamped with the current *catalog version*; any write to a product
  or category replaces the version, so every older value is stale at once. The version is a random
  token, not a counter, so a Redis restart that loses it can never bring an old generation back.
- A value is stored as `(version, value)` under a version-free key and read together with the
  current version in one round trip (MGET); a rebuild overwrites the stale generation in place.
- Within one request each value is read once (a per-request memo); small, hot values such as the
  category tree also stay in process memory for as long as the version does not change.
- Whole pages for anonymous visitors (`anonymous_page_cache`): a hit is one round trip. Pages carry
  nothing personal: the mini-cart is drawn by the browser from a cookie, and forms on cached pages
  use `{% cacheable_csrf_input %}`, whose placeholder is replaced by each visitor's own token.
"""

import hashlib
import uuid
from collections.abc import Callable
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


def catalog_version() -> str:
    memo = _memo.get()
    if memo is not None and VERSION_KEY in memo:
        return memo[VERSION_KEY]
    version = cache.get(VERSION_KEY)
    if version is None:
        version = _new_version()
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY) or version
    if memo is not None:
        memo[VERSION_KEY] = version
    return version


def _digest(parts: tuple) -> str:
    raw = "\x1f".join(str(part) for part in parts)
    return hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()


def cache_key(*parts: object) -> str:
    """A key that embeds the version (for values fetched in bulk or by `{% cache %}`)."""
    return f"catalog:{catalog_version()}:{get_language()}:{_digest(parts)}"


def _read(key: str) -> tuple[str, object]:
    """The current version and the stored value of `key` if it belongs to that version."""
    memo = _memo.get()
    if memo is not None and VERSION_KEY in memo:
        version, entry = memo[VERSION_KEY], cache.get(key)
    else:
        found = cache.get_many([VERSION_KEY, key])
        version, entry = found.get(VERSION_KEY), found.get(key)
        if version is None:
            version = catalog_version()
        elif memo is not None:
            memo[VERSION_KEY] = version
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == version:
        return version, entry[1]
    return version, None


_process_cache: dict[str, tuple[str, object]] = {}


def cached(parts: tuple, build: Callable[[], T], timeout: int | None = None, *, in_process: bool = False) -> T:
    """The value for `parts` (per language): from this request's memo, the process (if
    `in_process`), the cache, or else `build()`, stored. `build` never returns None."""
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
    version, value = _read(key)
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


CSRF_PLACEHOLDER = "__metalpro-csrf-token__"
_CSRF_PLACEHOLDER_BYTES = CSRF_PLACEHOLDER.encode()


def _with_csrf_token(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """A cached page is shared by every visitor; each response gets the visitor's own CSRF token."""
    if _CSRF_PLACEHOLDER_BYTES in response.content:
        response.content = response.content.replace(_CSRF_PLACEHOLDER_BYTES, get_token(request).encode())
    return response


def _has_messages(request: HttpRequest) -> bool:
    """Pending flash messages (e.g. "you signed out") make a page personal. Looking does not
    consume them: the page renders them right after."""
    return bool(len(get_messages(request)))


def anonymous_page_cache(
    view: Callable[..., HttpResponse] | None = None, *, unless_params: tuple[str, ...] = ()
) -> Callable[..., HttpResponse]:
    """Serve whole GET pages to anonymous visitors from the catalog cache.

    Only for pages that hold nothing personal (no CSRF token, no flash messages, no user data).
    Logged-in users get the page rendered for them, itself built from cached parts. Requests
    carrying any of `unless_params` (e.g. a calculator's inputs) are rendered, not cached.
    """
    if view is None:
        return lambda view: anonymous_page_cache(view, unless_params=unless_params)

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        personal = request.method != "GET" or request.user.is_authenticated or _has_messages(request)
        if personal or any(param in request.GET for param in unless_params):
            return view(request, *args, **kwargs)
        key = f"catalog:page:{get_language()}:{_digest((request.get_host(), request.get_full_path()))}"
        version, body = _read(key)
        if body is None:
            request.page_cache_render = True  # forms write CSRF_PLACEHOLDER instead of a token
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.cookies:
                return _with_csrf_token(request, response)
            body = response.content
            cache.set(key, (version, body), settings.CATALOG_CACHE_TIMEOUT)
        return _with_csrf_token(request, HttpResponse(body, content_type="text/html; charset=utf-8"))

    return wrapper
