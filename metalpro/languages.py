"""The site's languages (settings.LANGUAGES): which one a stored or requested code means."""

from django.conf import settings
from django.utils.translation import get_supported_language_variant


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def supported_language(code: str | None) -> str:
    """`code` as one of settings.LANGUAGES ("en-us" -> "en"); the site language when it is none of them."""
    try:
        return get_supported_language_variant((code or "").strip().lower())
    except LookupError:
        return settings.LANGUAGE_CODE
