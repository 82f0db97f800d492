"""A request remembers the language it was placed in; the buyer hears (emails, quote PDF) in theirs,
the sales team in the site's language."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from accounts.tests.factories import UserFactory
from catalog.tests.factories import ProductFactory
from rfq.models import Rfq, RfqMessage
from rfq.services.conversation import rfq_message_post
from rfq.services.quoting import quote_send, rfq_item_set_price
from rfq.tests.factories import RfqFactory, RfqItemFactory

pytestmark = pytest.mark.django_db

ADDRESS = {"street": "Str. Fabricii 5", "city": "Cluj-Napoca", "county": "Cluj", "postalCode": "400632"}
CONTACT = {
    "companyName": "Construct Metal SRL",
    "contactPerson": "Maria Ionescu",
    "email": "maria@constructmetal.ro",
    "phone": "0722 123 456",
    "billingAddress": ADDRESS,
    "deliveryAddress": ADDRESS,
}


@pytest.fixture
def submit(api_client, django_capture_on_commit_callbacks, settings):
    """Put an IPE 200 in a cart and send it as an RFQ with `headers` (Accept-Language...)."""
    settings.OPERATOR_EMAIL = "vanzari@metalpro.ro"
    product = ProductFactory(title="Profil IPE 200 S235JR", title_en="IPE 200 beam S235JR")

    def post(client=None, **headers):
        client = client or api_client
        cart = client.post(
            "/api/cart/items", {"productId": str(product.pk), "quantity": "14", "unit": "m"}, format="json"
        )
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/api/rfq", CONTACT, format="json", HTTP_X_CART_TOKEN=cart.json()["cartToken"], **headers
            )
        assert response.status_code == 201, response.content
        return Rfq.objects.get(reference_number=response.json()["referenceNumber"])

    return post


def buyer_email(mailoutbox):
    return next(message for message in mailoutbox if message.to == ["maria@constructmetal.ro"])


def operator_email(mailoutbox):
    return next(message for message in mailoutbox if message.to == ["vanzari@metalpro.ro"])


def quoted(rfq: Rfq, django_capture_on_commit_callbacks) -> Rfq:
    for item in rfq.items.all():
        rfq_item_set_price(item=item, unit_price=Decimal("1234.50"))
    with django_capture_on_commit_callbacks(execute=True):
        return quote_send(rfq=rfq, by=None)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def guest_rfq(language: str) -> Rfq:
    rfq = RfqFactory(language=language, email="maria@constructmetal.ro", contact_person="Maria Ionescu")
    RfqItemFactory(rfq=rfq, position=1, quantity=Decimal("14"))
    return rfq


def test_the_api_stores_the_language_of_the_request(submit):
    assert submit(HTTP_ACCEPT_LANGUAGE="en").language == "en"


def test_a_request_without_accept_language_is_romanian(submit):
    assert submit().language == "ro"


def test_an_english_guest_gets_the_english_confirmation(submit, mailoutbox):
    rfq = submit(HTTP_ACCEPT_LANGUAGE="en")

    email = buyer_email(mailoutbox)
    assert email.subject == f"We received your request for quote {rfq.reference_number}"
    assert "Hello Maria Ionescu," in email.body
    assert "IPE 200 beam S235JR" in email.body
    assert "1,599.36 RON" in email.body


def test_a_romanian_guest_gets_the_romanian_confirmation(submit, mailoutbox):
    rfq = submit(HTTP_ACCEPT_LANGUAGE="ro")

    email = buyer_email(mailoutbox)
    assert email.subject == f"Am primit cererea de ofertă {rfq.reference_number}"
    assert "Bună ziua, Maria Ionescu," in email.body
    assert "Profil IPE 200 S235JR" in email.body


def test_the_confirmation_links_to_the_request_page_in_its_language(submit, mailoutbox, settings):
    rfq = submit(HTTP_ACCEPT_LANGUAGE="en")

    with translation.override("en"):
        path = reverse("rfq:detail", args=[rfq.pk])
    assert path.startswith("/en/")
    assert f"{settings.FRONTEND_URL}{path}?token=" in buyer_email(mailoutbox).body


def test_the_sales_team_hears_of_an_english_request_in_romanian(submit, mailoutbox):
    rfq = submit(HTTP_ACCEPT_LANGUAGE="en")

    assert operator_email(mailoutbox).subject.startswith(f"Cerere nouă {rfq.reference_number} de la")


def test_a_signed_in_buyer_hears_in_the_language_of_their_account(submit, api_login, mailoutbox):
    buyer = UserFactory(language="en")

    rfq = submit(api_login(buyer), HTTP_ACCEPT_LANGUAGE="ro")

    assert rfq.language == "ro"  # where it was placed
    assert buyer_email(mailoutbox).subject == f"We received your request for quote {rfq.reference_number}"


def test_an_english_quote_email_and_its_pdf_are_in_english(mailoutbox, django_capture_on_commit_callbacks):
    rfq = quoted(guest_rfq("en"), django_capture_on_commit_callbacks)

    email = mailoutbox[-1]
    name, content, _mimetype = email.attachments[0]
    text = pdf_text(content)
    assert email.subject == f"Your quote {rfq.reference_number} is ready"
    assert "including VAT" in email.body
    assert name == f"Quote-{rfq.reference_number}.pdf"
    assert f"Price quote {rfq.reference_number}" in text
    assert "Unit price" in text
    assert "1,234.50 RON" in text


def test_a_romanian_quote_email_and_its_pdf_are_in_romanian(mailoutbox, django_capture_on_commit_callbacks):
    rfq = quoted(guest_rfq("ro"), django_capture_on_commit_callbacks)

    email = mailoutbox[-1]
    name, content, _mimetype = email.attachments[0]
    text = pdf_text(content)
    assert email.subject == f"Oferta {rfq.reference_number} este gata"
    assert name == f"Oferta-{rfq.reference_number}.pdf"
    assert f"Ofertă de preț {rfq.reference_number}" in text
    assert "Preț unitar" in text
    assert "1.234,50 lei" in text


def test_the_stored_pdf_is_the_one_attached(mailoutbox, django_capture_on_commit_callbacks):
    rfq = quoted(guest_rfq("en"), django_capture_on_commit_callbacks)

    assert rfq.quote_pdf.read() == mailoutbox[-1].attachments[0][1]


def test_the_pdf_of_a_signed_in_buyer_follows_their_account(mailoutbox, django_capture_on_commit_callbacks):
    rfq = guest_rfq("ro")
    rfq.user = UserFactory(language="en")
    rfq.save(update_fields=["user"])

    quoted(rfq, django_capture_on_commit_callbacks)

    assert "Unit price" in pdf_text(mailoutbox[-1].attachments[0][1])


def test_the_pdf_shows_the_english_product_title_in_english(mailoutbox, django_capture_on_commit_callbacks):
    rfq = guest_rfq("en")
    item = rfq.items.get()
    item.product = ProductFactory(title="Țeavă pătrată 40x40x3", title_en="Square tube 40x40x3")
    item.save(update_fields=["product"])

    quoted(rfq, django_capture_on_commit_callbacks)

    assert "Square tube 40x40x3" in pdf_text(mailoutbox[-1].attachments[0][1])


def test_an_operator_reply_reaches_an_english_guest_in_english(mailoutbox, django_capture_on_commit_callbacks):
    rfq = guest_rfq("en")

    with django_capture_on_commit_callbacks(execute=True):
        rfq_message_post(rfq=rfq, body="Livrăm joi.", role=RfqMessage.Author.OPERATOR)

    assert mailoutbox[-1].subject == f"New message about your request {rfq.reference_number}"


def test_a_buyer_message_reaches_the_sales_team_in_romanian(settings, mailoutbox, django_capture_on_commit_callbacks):
    settings.OPERATOR_EMAIL = "vanzari@metalpro.ro"
    rfq = guest_rfq("en")

    with django_capture_on_commit_callbacks(execute=True):
        rfq_message_post(rfq=rfq, body="When do you deliver?", role=RfqMessage.Author.BUYER)

    assert mailoutbox[-1].to == ["vanzari@metalpro.ro"]
    assert mailoutbox[-1].subject == f"Construct Metal SRL a scris despre {rfq.reference_number}"
