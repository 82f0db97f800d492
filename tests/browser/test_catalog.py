"""A buyer browses the demo catalog in a real browser, on a desktop and on a phone."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_catalog():
    call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


def open_category(page, name: str) -> None:
    if page.viewport_name == "phone":
        page.get_by_text("Toate categoriile").click()
        page.locator(".catnav__menu").get_by_role("link", name=name, exact=True).click()
    else:
        page.locator(".catnav__list").get_by_role("link", name=name, exact=True).click()


def open_filters(page) -> None:
    panel = page.locator(".filters-panel")
    if panel.get_attribute("open") is None:
        panel.locator("summary").click()


def test_browse_filter_search_and_calculate(page, screenshot, demo_catalog):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Oțel și metale")
    screenshot("home")

    open_category(page, "Profile laminate")
    expect(page.get_by_role("heading", level=1)).to_have_text("Profile laminate")
    open_filters(page)
    page.locator(".catlist").get_by_role("link", name=re.compile(r"^Profile IPE")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Profile IPE")

    open_filters(page)
    grade = page.get_by_role("checkbox", name=re.compile(r"^S355J2"))  # its label carries the count
    expect(grade.locator("xpath=..").locator("[data-facet-count]")).to_have_text(re.compile(r"^[1-9]\d*$"))
    grade.click()  # a ticked facet applies at once
    expect(page).to_have_url(re.compile(r"grade=S355J2"))
    titles = page.locator(".product-card__title")
    expect(titles.first).to_contain_text("S355J2")
    assert all("S355J2" in title for title in titles.all_inner_texts())
    screenshot("filtered")

    page.get_by_role("searchbox", name="Caută produse").fill("teava 40 x 40 x 3")
    page.get_by_role("searchbox", name="Caută produse").press("Enter")
    expect(page.locator(".product-card__title").first).to_have_text("Țeavă pătrată 40x40x3 S235JRH")

    page.get_by_role("searchbox", name="Caută produse").fill("IPE 200 S235JR")
    page.get_by_role("searchbox", name="Caută produse").press("Enter")
    page.get_by_role("link", name=re.compile("Profil IPE 200 S235JR")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Profil IPE 200 S235JR")
    product_url = page.url

    page.get_by_label("Cantitate").fill("14")
    page.get_by_label("Unitate").select_option("m")
    calculator = page.locator(".calculator")
    expect(calculator.locator('[data-out="kg"]')).to_have_text("313,6")
    expect(calculator.locator('[data-out="gross"]')).to_have_text("1.935,23 lei")

    page.get_by_label("Unitate").select_option("pcs")
    page.get_by_label("Cantitate").fill("3")
    expect(calculator.locator('[data-out="kg"]')).to_have_text("806,4")
    expect(calculator.locator('[data-out="m"]')).to_have_text("36")
    assert page.url == product_url  # updated live, without a page load
    screenshot("calculator")

    page.get_by_label("Cantitate").fill("trei")
    expect(page.locator("[data-calc-error]")).to_contain_text("număr")
    expect(page.get_by_label("Cantitate")).to_have_attribute("aria-invalid", "true")
