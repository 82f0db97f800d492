"""A buyer drops a messy Excel bill of materials, fixes one row by picking an alternative, puts the
list in the cart, saves it as a project and opens the project again."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory
from projects.tests.files import xlsx_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Otel-Laminat-2026!"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

MESSY = xlsx_bytes(
    [
        ["LISTA MATERIALE - Hala depozitare Chitila"],
        ["Beneficiar: Construct Metal SRL", None, None, "Data: 12.11.2026"],
        [],
        ["Nr. crt", "Denumire material", "Calitate", "Cant.", "U.M.", "Obs."],
        [1, "Profil IPE 200", None, "24", "ml", "grinzi acoperis"],
        [2, "Teava patr. 40x40x3", None, "12,5", "m", None],
        [3, "Tabla neagra 2000x1000x3", "S235JR", 2, "buc", None],
        [4, "Surub M16x60 gr. 8.8", None, 100, "buc", "din stoc"],
        [5, "OB 12", "BST500S", "0,5", "t", None],
        [None, "TOTAL", None, "139", None, None],
    ],
    titles=("Hala",),
)


@pytest.fixture
def buyer():
    call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    return UserFactory(email="achizitii@constructmetal.ro", password=PASSWORD)


def sign_in(page) -> None:
    page.goto("/cont/autentificare/")
    page.get_by_label("Adresă de email").fill("achizitii@constructmetal.ro")
    page.get_by_label("Parolă").fill(PASSWORD)
    page.get_by_role("button", name="Intră în cont").click()
    expect(page.get_by_role("heading", name="Contul meu")).to_be_visible()


def test_messy_bom_to_cart_and_project(page, screenshot, buyer):
    sign_in(page)
    page.get_by_role("link", name="Încarcă o listă de materiale").click()
    expect(page.get_by_role("heading", name="De la lista de materiale la o estimare de preț")).to_be_visible()
    page.locator("#bom-file").set_input_files({"name": "Lista Chitila.xlsx", "mimeType": XLSX, "buffer": MESSY})
    # Choosing (or dropping) a file sends it at once: no second click.

    expect(page.get_by_role("heading", name="Lista Chitila.xlsx")).to_be_visible()
    review_url = page.url
    rows = page.locator(".bom-row")
    expect(rows).to_have_count(5)
    bolt = page.locator('.bom-row[data-row="8"]')
    expect(bolt).to_contain_text("nu este un produs din catalog")
    expect(page.locator(".bom-skipped summary")).to_contain_text("omis")  # the TOTAL row
    screenshot("review")

    beam = page.locator('.bom-row[data-row="5"]')
    expect(beam.get_by_label("Produs", exact=True)).to_contain_text("IPE-200-S235JR")
    beam.get_by_label("Produs", exact=True).select_option(label="Profil IPE 200 S355J2 (IPE-200-S355J2)")
    page.get_by_role("button", name="Salvează modificările").first.click()
    expect(page.get_by_text("Modificările au fost salvate.")).to_be_visible()
    beam = page.locator('.bom-row[data-row="5"]')
    chosen = beam.get_by_label("Produs", exact=True).locator("option:checked")
    expect(chosen).to_have_text("Profil IPE 200 S355J2 (IPE-200-S355J2)")
    expect(beam.get_by_label("folosește acest produs")).to_be_checked()

    page.get_by_role("button", name="Adaugă în coș rândurile gata").first.click()
    expect(page.get_by_role("heading", name="Coș de estimare")).to_be_visible()
    lines = page.locator(".cart-line")
    expect(lines).to_have_count(4)
    expect(page.locator(".cart")).to_contain_text("IPE 200 S355J2")
    expect(page.locator(".cart")).to_contain_text("500 kg")  # 0,5 t of rebar
    screenshot("cart")

    page.goto(review_url)
    page.get_by_label("Numele proiectului").fill("Hala Chitila – etapa 1")
    page.get_by_role("button", name="Salvează ca proiect").click()
    expect(page.get_by_text("Salvat ca proiectul „Hala Chitila – etapa 1”.")).to_be_visible()

    page.goto("/cont/")
    page.get_by_role("link", name="Proiectele mele").click()
    page.get_by_role("link", name="Hala Chitila – etapa 1").click()
    expect(page.get_by_role("heading", name="Hala Chitila – etapa 1")).to_be_visible()
    expect(page.locator("main")).to_contain_text("IPE-200-S355J2")
    expect(page.locator("main")).to_contain_text("Surub M16x60")
    screenshot("project")
