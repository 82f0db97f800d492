"""A buyer switches the storefront to English, searches in English and opens a product, on a
desktop and on a phone; the choice is remembered until they switch back."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_catalog():
    call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_switch_to_english_search_and_open_a_product(page, screenshot, demo_catalog):
    page.goto("/")
    switcher = page.locator(".langswitch")
    expect(page.locator("html")).to_have_attribute("lang", "ro")
    expect(switcher.locator("[aria-current]")).to_have_text("Română")
    screenshot("romanian")

    switcher.get_by_role("button", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(switcher.locator("[aria-current]")).to_have_text("English")
    screenshot("english")

    search = page.locator("header").get_by_role("searchbox", name="Search products")
    search.fill("rectangular tube 40x20")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/en/catalog/\?q="))
    page.get_by_role("link", name=re.compile(r"Rectangular tube 40x20x2 S235JRH")).first.click()

    expect(page).to_have_url(re.compile(r"/en/produs/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Rectangular tube 40x20x2 S235JRH")
    expect(page.locator(".pricebox__main .price__amount")).to_have_text(re.compile(r"^\d{1,3}(,\d{3})*\.\d{2} RON$"))
    screenshot("product")

    page.goto("/catalog/")  # a Romanian address: the remembered choice leads to its English twin
    expect(page).to_have_url(re.compile(r"/en/catalog/$"))

    page.locator(".langswitch").get_by_role("button", name="Română").click()
    expect(page).to_have_url(re.compile(r"://[^/]+/catalog/$"))
    expect(page.locator("html")).to_have_attribute("lang", "ro")
    expect(page.get_by_role("heading", level=1)).to_have_text("Catalog produse")
