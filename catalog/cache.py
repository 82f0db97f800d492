"""Catalog read cache.

Every cached catalog value lives under a key that embeds the current *catalog version*; a write
to any product or category replaces the version, so all older entries become unreachable at once
(and expire by TTL). The version is a random token rather than a counter, so a Redis restart that
loses it can never bring an old generation back.
"""

import hashlib
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

T = TypeVar("T")
VERSION_KEY = "catalog:version"


def _new_version() -> str:
    return uuid.uuid4().hex[:12]


def catalog_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = _new_version()
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY) or version
    return version


def cache_key(*parts: object) -> str:
    raw = "\x1f".join(str(part) for part in parts)
    digest = hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()
    return f"catalog:{catalog_version()}:{get_language()}:{digest}"


def cached(parts: tuple, build: Callable[[], T], timeout: int | None = None) -> T:
    """The value for `parts` from the cache, built and stored on a miss. `build` never returns None."""
    key = cache_key(*parts)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout or settings.CATALOG_CACHE_TIMEOUT)
    return value


def invalidate_catalog() -> None:
    """Retire every cached catalog value: now, and again once the transaction commits (a reader
    may have cached the pre-commit state in between)."""

    def bump() -> None:
        cache.set(VERSION_KEY, _new_version(), timeout=None)

    bump()
    transaction.on_commit(bump)
