"""Two languages: the storefront's language is in its URL (/… Romanian, /en/… English), the API's
comes from Accept-Language; the switcher remembers the choice; numbers, money and dates per locale."""

import datetime
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation

from catalog.forms import CalculatorForm
from catalog.tests.factories import ProductFactory
from metalpro.templatetags.shop import money, qty, qty_input

pytestmark = pytest.mark.django_db

SETLANG = "/i18n/setlang/"


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


# --- API: Accept-Language -------------------------------------------------------------------------


def test_api_messages_are_romanian_by_default(api_client):
    response = api_client.get("/api/products/no-such-product")

    assert response.status_code == 404
    assert response.json()["error"] == "Nu a fost găsit."
    assert response["Content-Language"] == "ro"


def test_api_messages_are_english_with_accept_language_en(api_client):
    response = api_client.get("/api/products/no-such-product", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")

    assert response.json()["error"] == "Not found."
    assert response["Content-Language"] == "en"


def test_api_responses_vary_on_accept_language(api_client):
    response = api_client.get("/api/categories", HTTP_ACCEPT_LANGUAGE="en")

    assert "Accept-Language" in response["Vary"]


# --- Storefront: the language is in the URL --------------------------------------------------------


def test_an_unprefixed_page_is_romanian_whatever_the_browser_asks(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert html_lang(response) == "ro"


def test_the_en_prefix_serves_the_english_page(client):
    response = client.get("/en/", HTTP_ACCEPT_LANGUAGE="ro")

    assert response.status_code == 200
    assert html_lang(response) == "en"


def test_reverse_gives_the_english_url_when_english_is_active():
    with translation.override("en"):
        url = reverse("cart:page")

    assert url == "/en/cos/"
    assert reverse("cart:page") == "/cos/"


def test_the_language_of_a_request_does_not_outlive_it(client):
    client.get("/en/")

    assert translation.get_language() == settings.LANGUAGE_CODE


# --- The switcher --------------------------------------------------------------------------------


def test_the_header_switcher_posts_to_set_language_with_the_english_twin_of_the_page(client):
    product = ProductFactory(slug="profil-ipe-200")

    html = client.get(f"/produs/{product.slug}/?utm_source=x").content.decode()

    switcher = re.search(r'<div class="langswitch".*?</div>', html, re.S).group(0)
    assert f'action="{SETLANG}"' in switcher
    assert 'name="next" value="/en/produs/profil-ipe-200/?utm_source=x"' in switcher
    assert 'name="language" value="en" lang="en"' in switcher
    assert '<span class="langswitch__current" lang="ro" aria-current="true">Română</span>' in switcher


def test_the_switcher_on_an_english_page_offers_the_romanian_twin(client):
    html = client.get("/en/cos/").content.decode()

    switcher = re.search(r'<div class="langswitch".*?</div>', html, re.S).group(0)
    assert 'name="next" value="/cos/"' in switcher
    assert 'name="language" value="ro" lang="ro"' in switcher


def test_switching_sets_the_language_cookie_and_redirects_to_the_page_in_that_language(client):
    response = client.post(SETLANG, {"language": "en", "next": "/en/cos/"})

    assert response.status_code == 302
    assert response["Location"] == "/en/cos/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_switching_to_an_unknown_language_changes_nothing(client):
    response = client.post(SETLANG, {"language": "xx", "next": "/cos/"})

    assert response["Location"] == "/cos/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_switching_refuses_a_next_on_another_site(client):
    response = client.post(SETLANG, {"language": "en", "next": "https://evil.example/"})

    assert response["Location"] == "/en/"  # the home page, in the chosen language


def test_a_signed_in_buyer_switching_also_sets_the_account_language(client, user):
    client.force_login(user)

    client.post(SETLANG, {"language": "en", "next": "/en/"})

    user.refresh_from_db()
    assert user.language == "en"


def test_the_chosen_language_is_remembered_on_romanian_urls(client):
    client.post(SETLANG, {"language": "en", "next": "/en/"})

    response = client.get("/catalog/?q=ipe")

    assert response.status_code == 302
    assert response["Location"] == "/en/catalog/?q=ipe"


def test_choosing_romanian_again_stays_on_romanian_urls(client):
    client.post(SETLANG, {"language": "en", "next": "/en/"})
    client.post(SETLANG, {"language": "ro", "next": "/"})

    response = client.get("/catalog/")

    assert response.status_code == 200
    assert html_lang(response) == "ro"


def test_a_cookie_never_redirects_a_post_or_the_api(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    api = client.get("/api/categories")
    post = client.post(reverse("cart:clear"))

    assert api.status_code == 200
    assert post["Location"] == "/cos/"  # the cart emptied and shown in the language of the form it came from


def test_without_javascript_the_switcher_works_from_a_cached_page(client):
    """The anonymous page cache shares the page: the form still carries a valid CSRF token."""
    client = Client(enforce_csrf_checks=True)
    client.get("/")  # fills the page cache
    html = client.get("/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    response = client.post(SETLANG, {"csrfmiddlewaretoken": token, "language": "en", "next": "/en/"})

    assert response.status_code == 302
    assert response["Location"] == "/en/"


# --- Formats per locale ----------------------------------------------------------------------------

DATE = datetime.date(2026, 12, 4)


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        pytest.param("ro", "1234.5", "1.234,50 lei", id="ro-grouped"),
        pytest.param("en", "1234.5", "1,234.50 RON", id="en-grouped"),
        pytest.param("ro", Decimal("0.5"), "0,50 lei", id="ro-small"),
        pytest.param("en", Decimal("0.5"), "0.50 RON", id="en-small"),
        pytest.param("ro", Decimal("1234567.891"), "1.234.567,89 lei", id="ro-millions"),
        pytest.param("en", Decimal("1234567.891"), "1,234,567.89 RON", id="en-millions"),
        pytest.param("ro", "abc", "", id="ro-not-a-number"),
    ],
)
def test_money_per_language(language, value, expected):
    with translation.override(language):
        assert money(value) == expected


@pytest.mark.parametrize(
    ("language", "value", "grouped", "for_input"),
    [
        pytest.param("ro", Decimal("1250.5000"), "1.250,5", "1250,5", id="ro"),
        pytest.param("en", Decimal("1250.5000"), "1,250.5", "1250.5", id="en"),
        pytest.param("ro", Decimal("22.000"), "22", "22", id="ro-whole"),
        pytest.param("en", Decimal("0.125"), "0.125", "0.125", id="en-fraction"),
    ],
)
def test_quantities_per_language(language, value, grouped, for_input):
    with translation.override(language):
        assert (qty(value), qty_input(value)) == (grouped, for_input)


@pytest.mark.parametrize(
    ("language", "format_name", "expected"),
    [
        pytest.param("ro", "SHORT_DATE_FORMAT", "04.12.2026", id="ro-short"),
        pytest.param("en", "SHORT_DATE_FORMAT", "4 Dec 2026", id="en-short"),
        pytest.param("en", "DATE_FORMAT", "4 December 2026", id="en-long"),
    ],
)
def test_dates_per_language(language, format_name, expected):
    with translation.override(language):
        assert formats.date_format(DATE, format_name) == expected


def test_english_short_datetimes_use_a_24_hour_clock():
    moment = datetime.datetime(2026, 12, 4, 15, 30)

    with translation.override("en"):
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "4 Dec 2026, 15:30"


@pytest.mark.parametrize("language", ["ro", "en"])
@pytest.mark.parametrize("typed", ["1234,5", "1234.5"])
def test_decimal_fields_accept_a_comma_and_a_point_in_both_languages(language, typed):
    with translation.override(language):
        form = CalculatorForm(data={"quantity": typed, "unit": "m"}, units=["m"])

        assert form.is_valid(), form.errors
    assert form.cleaned_data["quantity"] == Decimal("1234.5")
