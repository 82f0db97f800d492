"""A business buyer signs up, confirms the email from the .eml file, and keeps the account."""

import re
from email import message_from_bytes, policy

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Otel-Laminat-2026!"


@pytest.fixture
def eml_mail(settings, tmp_path):
    settings.EMAIL_BACKEND = "metalpro.mail.EmlFileBackend"
    settings.MAIL_DIR = tmp_path / "eml"
    return settings.MAIL_DIR


def verification_path(mail_dir) -> str:
    (eml,) = sorted(mail_dir.glob("*.eml"))
    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    body = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"https?://[^/\s]+(/cont/verificare/[^\s]+/)", body).group(1)


def sign_out(page) -> None:
    page.get_by_role("button", name="Ieșire").first.click()
    expect(page.get_by_role("link", name="Intră în cont")).to_be_visible()


def test_business_signup_verify_and_manage_account(page, screenshot, eml_mail):
    email = f"achizitii-{page.viewport_name}@constructmetal.ro"
    page.goto("/cont/inregistrare/")
    expect(page.get_by_label("Denumire firmă")).to_be_visible()  # companies first: the default
    page.get_by_label("Denumire firmă").fill("Construct Metal SRL")
    page.get_by_label("CUI").fill("RO 14399840")
    page.get_by_label("Localitate").fill("Cluj-Napoca")
    page.get_by_label("Județ").fill("Cluj")
    page.get_by_label("Numele dvs.").fill("Maria Ionescu")
    page.get_by_label("Adresă de email").fill(email)
    page.get_by_label("Telefon").fill("0722 123 456")
    page.get_by_label("Parolă").fill(PASSWORD)
    page.get_by_label("Repetați parola").fill(PASSWORD)
    screenshot("signup")
    page.get_by_role("button", name="Creează contul").click()

    expect(page.get_by_role("heading", name="Contul meu")).to_be_visible()
    expect(page.get_by_text("Adresa de email nu este încă confirmată")).to_be_visible()
    expect(page.get_by_text("RO14399840")).to_be_visible()

    page.goto(verification_path(eml_mail))
    expect(page.get_by_role("heading", name="Adresa de email a fost confirmată")).to_be_visible()

    sign_out(page)
    page.goto("/cont/autentificare/")
    page.get_by_label("Adresă de email").fill(email)
    page.get_by_label("Parolă").fill(PASSWORD)
    page.get_by_role("button", name="Intră în cont").click()
    expect(page.get_by_role("heading", name="Contul meu")).to_be_visible()
    expect(page.get_by_text("Adresa de email nu este încă confirmată")).to_have_count(0)

    page.get_by_role("link", name="Modifică firma").click()
    page.get_by_label("Localitate").fill("Florești")
    page.get_by_role("button", name="Salvează").click()
    expect(page.get_by_text("Datele firmei au fost salvate.")).to_be_visible()
    expect(page.get_by_text("Florești")).to_be_visible()

    page.get_by_role("link", name="Adaugă o adresă").click()
    page.get_by_label("Tip").select_option("DELIVERY")
    page.get_by_label("Stradă și număr").fill("Str. Fabricii de Zahăr 5")
    page.get_by_label("Localitate").fill("Cluj-Napoca")
    page.get_by_label("Județ").fill("Cluj")
    page.get_by_label("Cod poștal").fill("400632")
    page.get_by_role("button", name="Salvează").click()
    expect(page.get_by_text("Str. Fabricii de Zahăr 5")).to_be_visible()
    expect(page.get_by_text("acest dispozitiv")).to_be_visible()
    screenshot("account")

    sign_out(page)
    page.goto("/cont/")
    expect(page).to_have_url(re.compile(r"/cont/autentificare/"))
