"""The RFQ pages: form, confirmation, my requests, one request (owner or guest token only)."""

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Address, Company
from cart.models import CartItem
from catalog.tests.factories import ProductFactory
from rfq.models import Rfq
from rfq.tests.factories import RfqFactory
from rfq.tests.test_attachments import EXE_BYTES, PDF_BYTES
from rfq.tokens import guest_token

pytestmark = pytest.mark.django_db

FORM = {
    "company_name": "Atelier Sudură SRL",
    "contact_person": "Ion Pop",
    "email": "ion@atelier.ro",
    "phone": "0744 111 222",
    "billing_street": "Str. Morii 3",
    "billing_city": "Brașov",
    "billing_county": "Brașov",
    "same_delivery": "on",
    "incoterm": "EXW",
}


@pytest.fixture
def filled_cart(client):
    product = ProductFactory(title="Profil IPE 200 S235JR")
    client.post(reverse("cart:add"), {"product": str(product.id), "quantity": "14", "unit": "m"})
    return product


def test_the_form_is_prefilled_from_the_account_company_and_addresses(client, user, filled_cart):
    client.force_login(user)
    Company.objects.create(
        user=user, legal_name="Construct Metal SRL", cui="14399840", city="Cluj-Napoca", county="Cluj"
    )
    Address.objects.create(
        user=user, type="DELIVERY", is_default=True, street="Șantier Sopor 10", city="Cluj-Napoca", county="Cluj"
    )
    client.post(reverse("cart:add"), {"product": str(filled_cart.id), "quantity": "1", "unit": "m"})

    html = client.get(reverse("rfq:submit")).content.decode()

    assert 'value="Construct Metal SRL"' in html
    assert 'value="14399840"' in html
    assert 'value="Șantier Sopor 10"' in html
    assert f'value="{user.email}"' in html


def test_a_guest_sends_a_request_with_a_drawing(client, filled_cart, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("rfq:submit"), {**FORM, "attachments": [SimpleUploadedFile("Desen.pdf", PDF_BYTES)]}
        )

    rfq = Rfq.objects.get()
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("rfq:sent", args=[rfq.pk]) + "?token=")
    assert rfq.delivery_address == rfq.billing_address
    assert rfq.attachments.get().file_name == "Desen.pdf"
    assert not CartItem.objects.exists()
    assert response.cookies["mp_cart"].value == ""
    sent = client.get(response["Location"]).content.decode()
    assert rfq.reference_number in sent
    link = re.search(r"https?://[^/\s]+(/cereri/[^\s]+)", mailoutbox[0].body).group(1)
    assert client.get(link).status_code == 200


def test_a_bad_file_keeps_the_cart_and_says_why(client, filled_cart):
    response = client.post(
        reverse("rfq:submit"), {**FORM, "attachments": [SimpleUploadedFile("oferta.pdf", EXE_BYTES)]}
    )

    assert response.status_code == 200
    assert "nu este acceptat" in response.content.decode()
    assert not Rfq.objects.exists()
    assert CartItem.objects.exists()


def test_missing_fields_are_marked(client, filled_cart):
    response = client.post(reverse("rfq:submit"), {**FORM, "billing_street": "", "email": "x"})

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="field field--error"') == 2
    assert not Rfq.objects.exists()


def test_an_empty_cart_goes_back_to_the_catalog(client):
    response = client.get(reverse("rfq:submit"))

    assert response.status_code == 302
    assert response["Location"] == reverse("cart:page")


def test_a_request_page_needs_its_owner_or_its_token(client, user):
    guest_rfq = RfqFactory()
    owned = RfqFactory(user=user)

    assert client.get(reverse("rfq:detail", args=[guest_rfq.pk])).status_code == 404
    assert client.get(reverse("rfq:detail", args=[guest_rfq.pk]), {"token": guest_token(guest_rfq)}).status_code == 200
    assert client.get(reverse("rfq:detail", args=[owned.pk]), {"token": guest_token(owned)}).status_code == 404
    client.force_login(user)
    assert client.get(reverse("rfq:detail", args=[owned.pk])).status_code == 200
    assert client.get(reverse("rfq:detail", args=[guest_rfq.pk])).status_code == 404


def test_my_requests_lists_mine_only(client, user):
    mine, theirs = RfqFactory(user=user), RfqFactory()
    client.force_login(user)

    html = client.get(reverse("rfq:list")).content.decode()

    assert mine.reference_number in html
    assert theirs.reference_number not in html


def test_a_quoted_request_offers_the_pdf_and_declining(client, user):
    rfq = RfqFactory(
        user=user,
        status=Rfq.Status.QUOTED,
        final_quote_amount=Decimal("2158.64"),
        quote_pdf=SimpleUploadedFile("q.pdf", PDF_BYTES),
    )
    client.force_login(user)

    html = client.get(reverse("rfq:detail", args=[rfq.pk])).content.decode()
    pdf = client.get(reverse("rfq:quote-pdf", args=[rfq.pk]))
    declined = client.post(reverse("rfq:decline", args=[rfq.pk]))

    assert "2.158,64 lei" in html
    assert pdf.status_code == 302
    assert b"".join(client.get(pdf["Location"]).streaming_content) == PDF_BYTES
    assert declined.status_code == 302
    assert Rfq.objects.get(pk=rfq.pk).status == Rfq.Status.CANCELLED


def test_signed_file_links_cannot_be_forged(client):
    assert client.get(reverse("rfq:file", args=["nu-e-semnat"])).status_code == 404


def test_the_form_is_limited_like_the_api_and_keeps_what_was_typed(client, filled_cart, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "rfq": "1/1h"},
    }
    client.post(reverse("rfq:submit"), {**FORM, "email": ""})  # an invalid form does not count
    assert client.post(reverse("rfq:submit"), FORM).status_code == 302
    client.post(reverse("cart:add"), {"product": str(filled_cart.id), "quantity": "2", "unit": "m"})

    response = client.post(reverse("rfq:submit"), {**FORM, "company_name": "Alt Atelier SRL"})

    assert response.status_code == 429
    assert 'value="Alt Atelier SRL"' in response.content.decode()
    assert "Prea multe cereri de ofertă" in response.content.decode()
    assert Rfq.objects.count() == 1
    assert CartItem.objects.count() == 1
