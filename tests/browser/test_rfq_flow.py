"""A guest builds an estimate in three units and asks for a quote; an operator prices it in the
back-office and sends it; the guest opens the PDF from the link in the email."""

import re
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory
from tests.browser.conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Otel-Laminat-2026!"


@pytest.fixture
def shop(settings, tmp_path, sales_operators_group):
    settings.EMAIL_BACKEND = "metalpro.mail.EmlFileBackend"
    settings.MAIL_DIR = tmp_path / "eml"
    call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    operator = UserFactory(email="vanzari@metalpro.local", password=PASSWORD, is_staff=True)
    operator.groups.add(sales_operators_group)
    return settings.MAIL_DIR


def add_to_estimate(page, path: str, quantity: str, unit: str) -> None:
    page.goto(path)
    page.get_by_label("Cantitate", exact=True).fill(quantity)
    page.get_by_label("Unitate", exact=True).select_option(unit)
    page.get_by_role("button", name="Adaugă în estimare").click()
    expect(page.get_by_text("a fost adăugat în estimare")).to_be_visible()


def email_with(mail_dir, subject_part: str) -> str:
    for eml in sorted(mail_dir.glob("*.eml")):
        message = message_from_bytes(eml.read_bytes(), policy=policy.default)
        if subject_part in str(message["Subject"]):
            return message.get_body(preferencelist=("plain",)).get_content()
    raise AssertionError(f"no email about {subject_part!r}")


def test_guest_rfq_priced_by_an_operator(page, browser, live_server, screenshot, shop):
    add_to_estimate(page, "/produs/profil-ipe-200-s235jr/", "14", "m")
    add_to_estimate(page, "/produs/tabla-neagra-2000x1000x3-mm-s235jr/", "500", "kg")
    add_to_estimate(page, "/produs/otel-beton-12-bst500s/", "3", "pcs")
    expect(page.locator("[data-minicart-count]")).to_have_text("3")

    page.goto("/cos/")
    lines = page.locator(".cart-line")
    expect(lines).to_have_count(3)
    first = lines.first
    first.get_by_label("Cantitate").fill("20")
    first.get_by_role("button", name="Actualizează").click()
    expect(page.locator(".cart-line").first.locator(".cart-line__figures")).to_contain_text("448 kg")  # 20 m x 22.4
    assert page.url.endswith("/cos/")
    screenshot("cart")

    page.get_by_role("link", name="Cere ofertă").click()
    page.get_by_label("Firmă sau nume").fill("Atelier Sudură SRL")
    page.get_by_label("Persoană de contact").fill("Ion Pop")
    page.get_by_label("Telefon").fill("0744 111 222")
    page.get_by_label("Adresă de email").fill("ion@atelier.ro")
    page.get_by_label("Stradă și număr").first.fill("Str. Morii 3")
    page.get_by_label("Localitate").first.fill("Brașov")
    page.get_by_label("Județ").first.fill("Brașov")
    screenshot("rfq-form")
    page.get_by_role("button", name="Trimite cererea").click()
    expect(page.get_by_role("heading", name="Mulțumim: cererea dvs. a fost trimisă")).to_be_visible()
    reference = re.search(r"RFQ-\d{4}-\d{5}", page.locator(".confirmation__reference").inner_text()).group(0)

    operator = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 900}, locale="ro-RO")
    admin = operator.new_page()
    admin.goto("/admin/login/")
    admin.fill("#id_username", "vanzari@metalpro.local")
    admin.fill("#id_password", PASSWORD)
    admin.click("input[type=submit]")
    admin.goto("/admin/rfq/rfq/")
    admin.get_by_role("link", name=reference).click()
    for index, price in enumerate(["110.00", "4.55", "42.00"]):  # per m, per kg, per bar
        admin.fill(f'input[name="items-{index}-final_unit_price"]', price)
    admin.get_by_role("button", name="Salvează prețurile și trimite oferta").click()
    expect(admin.locator(".messagelist")).to_contain_text(f"{reference} este acum ofertată")
    admin.screenshot(path=SCREENSHOTS / f"admin-quote-{page.viewport_name}.png", full_page=True)
    operator.close()

    body = email_with(shop, f"Oferta {reference} este gata")
    page.goto(re.search(r"https?://[^/\s]+(/cereri/\S+)", body).group(1))
    expect(page.locator(".status")).to_have_text("Ofertată")
    with page.expect_download() as download:
        page.get_by_role("link", name="Descarcă oferta (PDF)").first.click()
    pdf = download.value
    assert pdf.suggested_filename == f"Oferta-{reference}.pdf"
    assert Path(pdf.path()).read_bytes()[:5] == b"%PDF-"
    screenshot("quoted")
