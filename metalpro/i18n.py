"""Languages: the storefront carries its language in the URL (Romanian at `/…`, English at `/en/…`);
the API, the back-office and the other plumbing URLs are unprefixed and follow the client
(the language cookie, then `Accept-Language`; CONTRACT §4)."""

from contextvars import ContextVar
from functools import lru_cache

from django.conf import settings
from django.core.signals import request_finished, request_started
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.urls import LocalePrefixPattern, URLResolver, get_resolver, translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.i18n import set_language as django_set_language

from accounts.services.users import user_language_set


@lru_cache(maxsize=8)
def _neutral_patterns(urlconf) -> tuple:
    """The root URL patterns outside `i18n_patterns` (api/, admin/, health, robots.txt, …)."""
    return tuple(
        pattern
        for pattern in get_resolver(urlconf).url_patterns
        if not (isinstance(pattern, URLResolver) and isinstance(pattern.pattern, LocalePrefixPattern))
    )


def is_language_neutral(path_info: str, urlconf=None) -> bool:
    """Whether `path_info` belongs to an unprefixed URL (its start is enough: /api/anything is the API)."""
    path = path_info.removeprefix("/")
    return any(pattern.pattern.match(path) for pattern in _neutral_patterns(urlconf or settings.ROOT_URLCONF))


_language_before: ContextVar[str | None] = ContextVar("language_before_request", default=None)


@receiver(request_started, dispatch_uid="metalpro.i18n.note_language")
def _note_language(**kwargs) -> None:
    _language_before.set(translation.get_language())


@receiver(request_finished, dispatch_uid="metalpro.i18n.restore_language")
def _restore_language(**kwargs) -> None:
    """A request's language ends with it: what runs next in the thread (a test, after the test
    client's request) is back in the language it had before, not in the last page's."""
    language = _language_before.get()
    if language:
        translation.activate(language)
    else:
        translation.deactivate()


class LanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except that unprefixed non-storefront URLs (the API first of all)
    take the client's language instead of always the default one, and that a visitor who chose a
    language with the switcher (the language cookie) is sent from a Romanian page to its English twin."""

    def process_request(self, request: HttpRequest):
        urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
        if not is_language_neutral(request.path_info, urlconf):
            request.language_neutral = False
            return super().process_request(request)
        request.language_neutral = True
        translation.activate(translation.get_language_from_request(request, check_path=False))
        request.LANGUAGE_CODE = translation.get_language()
        return None

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        """GET of an unprefixed storefront page by a visitor whose cookie asks for another language:
        redirect to that language's URL of the same page (search engines send no cookie)."""
        if request.language_neutral or request.method not in ("GET", "HEAD"):
            return None
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if translation.get_language_from_path(request.path_info) or not chosen or chosen == settings.LANGUAGE_CODE:
            return None
        if chosen not in dict(settings.LANGUAGES):
            return None
        target = translate_url(request.get_full_path(), chosen)
        if target == request.get_full_path():
            return None
        response = HttpResponseRedirect(target)
        patch_vary_headers(response, ("Cookie",))
        return response

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        response = super().process_response(request, response)
        if getattr(request, "language_neutral", False):
            patch_vary_headers(response, ("Accept-Language",))
        return response


def set_language(request: HttpRequest) -> HttpResponse:
    """The language switcher's target: Django's set_language (the language cookie and a redirect to
    `next`), and for a signed-in buyer also the account's language (its emails and documents)."""
    response = django_set_language(request)
    language = request.POST.get("language") if request.method == "POST" else None
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        user_language_set(user=request.user, language=language)
    return response
