"""The Content-Security-Policy must not break our pages, the back-office or the API docs."""

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def csp_violations(page):
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    return violations


def test_storefront_and_api_docs_run_under_the_policy(page, csp_violations):
    call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    for path in ("/", "/catalog/?q=ipe", "/produs/profil-ipe-200-s235jr/", "/cont/inregistrare/"):
        page.goto(path)
    page.goto("/api/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15_000)  # Swagger UI rendered the schema

    assert csp_violations == []


def test_back_office_runs_under_the_policy(page, csp_violations, operator, password):
    from catalog.tests.factories import ProductFactory

    product = ProductFactory()
    page.goto("/admin/login/")
    page.fill("#id_username", operator.email)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.goto("/admin/catalog/product/")
    page.goto(f"/admin/catalog/product/{product.pk}/change/")
    page.wait_for_selector("#product_form")

    assert csp_violations == []
