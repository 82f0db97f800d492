"""Account pages: session login with CSRF, the same rules as the API."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Address, AuthSession, Company, User
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

STRONG = "Otel-Laminat-2026!"
SIGNUP = {
    "role": "BUSINESS",
    "legal_name": "Construct Metal SRL",
    "cui": "RO14399840",
    "city": "Cluj-Napoca",
    "county": "Cluj",
    "name": "Maria Ionescu",
    "email": "maria@constructmetal.ro",
    "phone": "0722123456",
    "password1": STRONG,
    "password2": STRONG,
}


def test_business_signup_page_creates_the_account_and_signs_in(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:signup"), SIGNUP)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:overview")
    assert Company.objects.get().cui == "14399840"
    assert "Bine ați venit" in mailoutbox[0].subject
    assert "Confirm adresa de email" in mailoutbox[0].alternatives[0][0]
    overview = client.get(reverse("accounts:overview")).content.decode()
    assert "Construct Metal SRL" in overview
    assert "Adresa de email nu este încă confirmată" in overview


def test_signup_page_shows_field_errors_and_keeps_the_input(client):
    response = client.post(reverse("accounts:signup"), {**SIGNUP, "cui": "RO14399841", "password2": "alta"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "cifra de control nu corespunde" in html
    assert "Cele două parole nu coincid" in html
    assert 'value="Construct Metal SRL"' in html
    assert not User.objects.exists()


def test_login_page_signs_in_and_records_the_browser_session(client, user, password):
    response = client.post(
        reverse("accounts:login"),
        {"username": user.email, "password": password},
        HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36",
    )

    session = AuthSession.objects.get(user=user)
    assert response.status_code == 302
    assert session.kind == "WEB"
    assert session.session_key == client.session.session_key
    assert "Chrome 156" in client.get(reverse("accounts:overview")).content.decode()


def test_login_page_refuses_bad_credentials(client, user):
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": "gresita-parola"})

    assert response.status_code == 200
    assert "Adresa de email sau parola nu este corectă" in response.content.decode()


def test_login_page_locks_after_five_failures(client, user, password, settings):
    settings.RATELIMIT_ENABLE = False
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": user.email, "password": "gresita-parola"})

    response = client.post(reverse("accounts:login"), {"username": user.email, "password": password})

    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    assert "Prea multe încercări" in response.content.decode()


def test_logout_ends_the_browser_session(client, user, password):
    client.post(reverse("accounts:login"), {"username": user.email, "password": password})

    client.post(reverse("accounts:logout"))

    assert AuthSession.objects.get(user=user).revoked_at is not None
    assert client.get(reverse("accounts:overview")).status_code == 302


def test_signing_out_another_browser_from_the_account_page(user, password):
    laptop, phone = Client(), Client()
    laptop.post(reverse("accounts:login"), {"username": user.email, "password": password})
    phone.post(reverse("accounts:login"), {"username": user.email, "password": password})
    phone_session = AuthSession.objects.get(session_key=phone.session.session_key)

    laptop.post(reverse("accounts:session-end", args=[phone_session.id]))

    assert phone.get(reverse("accounts:overview")).status_code == 302  # sent to sign in
    assert laptop.get(reverse("accounts:overview")).status_code == 200


def test_password_change_page_keeps_this_browser_and_ends_the_others(user, password):
    laptop, phone = Client(), Client()
    laptop.post(reverse("accounts:login"), {"username": user.email, "password": password})
    phone.post(reverse("accounts:login"), {"username": user.email, "password": password})

    laptop.post(
        reverse("accounts:password-change"),
        {"current_password": password, "new_password1": STRONG, "new_password2": STRONG},
    )

    assert laptop.get(reverse("accounts:overview")).status_code == 200
    assert phone.get(reverse("accounts:overview")).status_code == 302


def test_password_reset_pages(client, user, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(reverse("accounts:password-reset"), {"email": user.email})
    token = re.search(r"/cont/resetare/([^/\s]+)/", mailoutbox[0].body).group(1)

    page = client.get(reverse("accounts:password-reset-confirm", args=[token]))
    done = client.post(
        reverse("accounts:password-reset-confirm", args=[token]), {"new_password1": STRONG, "new_password2": STRONG}
    )
    reused = client.get(reverse("accounts:password-reset-confirm", args=[token]))

    user.refresh_from_db()
    assert "Verificați emailul" in sent.content.decode()
    assert page.status_code == 200
    assert done.status_code == 302
    assert user.check_password(STRONG)
    assert reused.status_code == 400


def test_reset_page_answers_the_same_for_unknown_addresses(client, user):
    known = client.post(reverse("accounts:password-reset"), {"email": user.email}).content.decode()
    unknown = client.post(reverse("accounts:password-reset"), {"email": "nimeni@exemplu.ro"}).content.decode()

    def same(html: str) -> str:  # each response masks the CSRF token (the language switcher's form) anew
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)

    assert same(known.replace(user.email, "X")) == same(unknown.replace("nimeni@exemplu.ro", "X"))


def test_verification_link_page(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:signup"), SIGNUP)
    token = re.search(r"/cont/verificare/([^/\s]+)/", mailoutbox[0].body).group(1)

    ok = client.get(reverse("accounts:verify-email", args=[token]))
    broken = client.get(reverse("accounts:verify-email", args=["nu-e-un-token"]))

    assert "Adresa de email a fost confirmată" in ok.content.decode()
    assert User.objects.get().email_verified
    assert broken.status_code == 400


def test_company_and_address_pages(client, user):
    client.force_login(user)

    company = client.post(reverse("accounts:company"), {"legal_name": "Atelier SRL", "cui": "4221306", "city": "Iași"})
    address = client.post(
        reverse("accounts:address-new"),
        {
            "type": "DELIVERY",
            "street": "Str. Fabricii 5",
            "city": "Iași",
            "county": "Iași",
            "postal_code": "700001",
            "country": "Romania",
        },
    )
    bad_postal = client.post(
        reverse("accounts:address-new"),
        {
            "type": "BILLING",
            "street": "Str. X 1",
            "city": "Iași",
            "county": "Iași",
            "postal_code": "70",
            "country": "Romania",
        },
    )

    assert company.status_code == address.status_code == 302
    assert Company.objects.get(user=user).legal_name == "Atelier SRL"
    assert Address.objects.get(user=user).is_default
    assert "6 cifre" in bad_postal.content.decode()


def test_pages_of_another_users_objects_are_404(client, user):
    theirs = Address.objects.create(user=UserFactory(), type="DELIVERY", street="Str. X 1", city="Iași", county="Iași")
    other_session = AuthSession.objects.create(user=theirs.user, kind="WEB", expires_at="2099-01-01T00:00:00Z")
    client.force_login(user)

    assert client.get(reverse("accounts:address-edit", args=[theirs.id])).status_code == 404
    assert client.post(reverse("accounts:address-delete", args=[theirs.id])).status_code == 404
    assert client.post(reverse("accounts:session-end", args=[other_session.id])).status_code == 404
    assert Address.objects.filter(pk=theirs.pk).exists()


def test_account_pages_need_sign_in(client):
    response = client.get(reverse("accounts:overview"))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_forms_post_with_csrf_protection(user, password):
    strict = Client(enforce_csrf_checks=True)

    response = strict.post(reverse("accounts:login"), {"username": user.email, "password": password})

    assert response.status_code == 403


def test_operators_verify_companies_from_the_admin(operator_client):
    company = Company.objects.create(user=UserFactory(role="BUSINESS"), legal_name="Firma SRL", cui="4221306")

    operator_client.post(
        reverse("admin:accounts_company_changelist"), {"action": "verify", "_selected_action": [str(company.pk)]}
    )

    company.refresh_from_db()
    assert company.is_verified
    assert company.verified_at is not None
