"""The storefront's English pages live under /en/ (Romanian, the default, is unprefixed)."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.test import Client
from django.utils import translation

from metalpro.i18n import is_language_neutral


def english(path: str) -> str:
    """The English twin of a Romanian storefront path (same slugs): "/produs/x/" -> "/en/produs/x/"."""
    return path if path.startswith("/en/") or is_language_neutral(path) else f"/en{path}"


@contextmanager
def english_client() -> Iterator["EnglishClient"]:
    """An EnglishClient, the test's own code in English too (reverse() gives /en/ URLs, money "RON")."""
    with translation.override("en"):
        yield EnglishClient()


class EnglishClient(Client):
    """A test client that asks for every storefront page at its English URL (API, admin and the
    other unprefixed URLs as they are, in English by Accept-Language)."""

    def __init__(self, *args, **defaults) -> None:
        defaults.setdefault("HTTP_ACCEPT_LANGUAGE", "en")
        super().__init__(*args, **defaults)

    def request(self, **request):
        request["PATH_INFO"] = english(request["PATH_INFO"])
        return super().request(**request)
