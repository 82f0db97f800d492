"""A buyer accepts a quote and pays it by card in the sandbox simulator; a second order from the
cart is declined by the bank, then paid on the second try."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory
from catalog.models import Product
from orders.models import Order
from orders.tests.factories import quoted_rfq

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Otel-Laminat-2026!"


@pytest.fixture
def buyer():
    call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    user = UserFactory(email="achizitii@constructmetal.ro", password=PASSWORD, name="Maria Ionescu")
    rfq = quoted_rfq(user)
    beam = Product.objects.get(sku="IPE-200-S235JR")
    rfq.items.update(product=beam)
    return user, rfq


def sign_in(page) -> None:
    page.goto("/cont/autentificare/")
    page.get_by_label("Adresă de email").fill("achizitii@constructmetal.ro")
    page.get_by_label("Parolă").fill(PASSWORD)
    page.get_by_role("button", name="Intră în cont").click()
    expect(page.get_by_role("heading", name="Contul meu")).to_be_visible()


def pay_in_simulator(page, outcome: str) -> None:
    page.locator(".pay-form button").click()
    expect(page.locator(".sandbox")).to_be_visible()  # the hand-off form posted itself
    page.locator(f"button[value={outcome}]").click()


def test_quote_paid_by_card_then_a_declined_order_paid_on_retry(page, screenshot, buyer):
    _user, rfq = buyer
    sign_in(page)

    page.goto(f"/cereri/{rfq.pk}/")
    page.locator("#accept-payment").select_option("paytm")
    page.locator(".accept-form button").click()
    expect(page.locator(".status--order-pending")).to_be_visible()
    screenshot("accepted")
    pay_in_simulator(page, "TXN_SUCCESS")
    expect(page.locator(".status--order-confirmed")).to_be_visible()
    expect(page.locator(".alert--success")).to_be_visible()
    screenshot("paid")
    first = Order.objects.get(rfq=rfq)
    assert (first.payment_status, first.total) == ("paid", Decimal("2395.80"))

    page.goto("/produs/profil-ipe-200-s235jr/")
    page.get_by_label("Cantitate", exact=True).fill("12")
    page.get_by_label("Unitate", exact=True).select_option("m")
    page.get_by_role("button", name="Adaugă în estimare").click()
    expect(page.get_by_text("a fost adăugat în estimare")).to_be_visible()
    page.goto("/cos/comanda/")
    page.locator("#id_street").fill("Str. Fabricii 5")
    page.locator("#id_city").fill("Cluj-Napoca")
    page.locator("#id_county").fill("Cluj")
    page.locator("#id_phone").fill("0722 123 456")
    page.locator("input[name=payment_method][value=paytm]").check()
    screenshot("checkout")
    page.locator(".form-card button[type=submit]").click()
    expect(page.locator(".status--order-pending")).to_be_visible()

    pay_in_simulator(page, "TXN_FAILURE")
    expect(page.locator(".status--order-failed")).to_be_visible()
    expect(page.locator(".alert--error")).to_be_visible()
    screenshot("declined")
    pay_in_simulator(page, "TXN_SUCCESS")
    expect(page.locator(".status--order-confirmed")).to_be_visible()
    second = Order.objects.exclude(pk=first.pk).get()
    assert second.payment_status == "paid"
    assert second.payments.count() == 2
    assert [c.to_status for c in second.status_changes.all()] == ["pending", "failed", "confirmed"]
