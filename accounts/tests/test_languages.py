"""An account's language: chosen at signup, edited on the profile, and the language of its emails."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from accounts.services.users import email_verification_send, user_language_set
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

STRONG = "Otel-Laminat-2026!"
INDIVIDUAL = {"email": "ion@exemplu.ro", "password": STRONG, "name": "Ion Popescu", "role": "INDIVIDUAL"}


def page_url(name: str, language: str) -> str:
    """The page's URL in `language` (/en/… once the storefront is prefixed)."""
    with translation.override(language):
        return reverse(name)


@pytest.fixture
def signup(api_client, django_capture_on_commit_callbacks):
    def post(payload: dict, **headers):
        with django_capture_on_commit_callbacks(execute=True):
            return api_client.post("/api/auth/signup", payload, format="json", **headers)

    return post


@pytest.fixture
def reset(api_client, django_capture_on_commit_callbacks):
    def post(email: str, **headers):
        with django_capture_on_commit_callbacks(execute=True):
            return api_client.post("/api/auth/reset-password", {"email": email}, format="json", **headers)

    return post


def test_a_new_account_defaults_to_romanian():
    assert UserFactory().language == "ro"


def test_user_language_set_stores_a_supported_language(user):
    user_language_set(user=user, language="en")

    user.refresh_from_db()
    assert user.language == "en"


@pytest.mark.parametrize("language", ["de", "EN", "", "en-us"], ids=["unknown", "upper-case", "empty", "variant"])
def test_user_language_set_refuses_other_codes(user, language):
    with pytest.raises(ValidationError) as error:
        user_language_set(user=user, language=language)

    assert "language" in error.value.message_dict


def test_signup_in_english_stores_english_and_sends_the_english_verification(signup, mailoutbox):
    response = signup(INDIVIDUAL, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 201
    assert response.json()["user"]["language"] == "en"
    assert User.objects.get().language == "en"
    assert mailoutbox[0].subject == "Welcome to MetalPro: please confirm your email address"
    assert "Hello Ion Popescu," in mailoutbox[0].body


def test_signup_in_romanian_sends_the_romanian_verification(signup, mailoutbox):
    signup(INDIVIDUAL, HTTP_ACCEPT_LANGUAGE="ro")

    assert User.objects.get().language == "ro"
    assert mailoutbox[0].subject == "Bine ați venit la MetalPro: confirmați adresa de email"
    assert "Bună ziua, Ion Popescu," in mailoutbox[0].body


def test_signup_may_name_the_language_explicitly(signup):
    signup({**INDIVIDUAL, "language": "en"}, HTTP_ACCEPT_LANGUAGE="ro")

    assert User.objects.get().language == "en"


def test_the_verification_link_opens_the_page_in_the_account_language(signup, mailoutbox, settings):
    signup(INDIVIDUAL, HTTP_ACCEPT_LANGUAGE="en")

    token = re.search(r"/verificare/([^/\s]+)/", mailoutbox[0].body).group(1)
    with translation.override("en"):
        link = settings.FRONTEND_URL + reverse("accounts:verify-email", args=[token])
    assert link in mailoutbox[0].body
    assert "/en/" in link


def test_a_new_verification_link_goes_in_the_account_language_whatever_the_page(
    mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory(language="en", email_verified=False)

    with translation.override("ro"), django_capture_on_commit_callbacks(execute=True):
        email_verification_send(user=user)

    assert mailoutbox[0].subject == "Confirm your email address"


def test_an_english_account_gets_the_english_reset_email(reset, mailoutbox):
    user = UserFactory(language="en")

    reset(user.email, HTTP_ACCEPT_LANGUAGE="ro")

    assert mailoutbox[0].subject == "Set a new MetalPro password"
    assert "Set a new password" in mailoutbox[0].alternatives[0][0]


def test_a_romanian_account_gets_the_romanian_reset_email(reset, mailoutbox):
    user = UserFactory(language="ro")

    reset(user.email, HTTP_ACCEPT_LANGUAGE="en")

    assert mailoutbox[0].subject == "Setați o parolă nouă MetalPro"


def test_my_profile_shows_my_language(auth_client):
    assert auth_client.get("/api/users/me").json()["language"] == "ro"


def test_i_switch_my_emails_to_english(auth_client, user):
    response = auth_client.patch("/api/users/me", {"language": "en"}, format="json")

    user.refresh_from_db()
    assert response.status_code == 200
    assert response.json()["language"] == "en"
    assert user.language == "en"


def test_an_unknown_language_is_a_field_error(auth_client, user):
    response = auth_client.patch("/api/users/me", {"language": "de"}, format="json", HTTP_ACCEPT_LANGUAGE="en")

    user.refresh_from_db()
    assert response.status_code == 400
    assert list(response.json()["details"]) == ["language"]
    assert "not a valid choice" in response.json()["details"]["language"][0]
    assert user.language == "ro"


def test_the_signup_page_stores_the_page_language(client, django_capture_on_commit_callbacks, mailoutbox):
    data = {"role": "INDIVIDUAL", "name": "Ion Popescu", "email": "ion@exemplu.ro", "phone": "0722123456"}

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            page_url("accounts:signup", "en"),
            {**data, "password1": STRONG, "password2": STRONG},
            HTTP_ACCEPT_LANGUAGE="en",
        )

    assert response.status_code == 302
    assert User.objects.get().language == "en"
    assert mailoutbox[0].subject == "Welcome to MetalPro: please confirm your email address"


def test_the_account_page_offers_the_languages_in_their_own_names(client, user):
    client.force_login(user)

    page = client.get(page_url("accounts:overview", "en"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert 'name="language"' in page
    assert '<option value="ro" selected>Română</option>' in page
    assert '<option value="en">English</option>' in page


def test_the_account_page_changes_the_language_of_my_emails(client, user):
    client.force_login(user)

    response = client.post(reverse("accounts:profile"), {"name": user.name, "phone": user.phone, "language": "en"})

    user.refresh_from_db()
    assert response.status_code == 302
    assert user.language == "en"
