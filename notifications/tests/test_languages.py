"""Emails are rendered in the language they are queued with, whatever language is active."""

import pytest
from django.utils import translation

from accounts.tests.factories import UserFactory
from notifications.services import email_queue

pytestmark = pytest.mark.django_db


def queue(language):
    user = UserFactory(name="Ana Pop")
    return email_queue(
        to=[user.email], template="account_verify", context={"user": user, "token": "t"}, language=language
    )


def test_an_email_is_rendered_and_stored_in_its_language():
    with translation.override("ro"):
        email = queue("en")

    assert email.language == "en"
    assert email.subject == "Confirm your email address"
    assert '<html lang="en">' in email.body_html


@pytest.mark.parametrize("language", [None, "de", "x" * 300], ids=["none", "unknown", "oversized"])
def test_an_unknown_language_falls_back_to_the_site_language(language):
    with translation.override("en"):
        email = queue(language)

    assert email.language == "ro"
    assert email.subject == "Confirmați adresa de email"


def test_a_language_variant_counts_as_its_language():
    assert queue("en-GB").language == "en"
