"""Operators quote RFQs in the Django admin: price each item, send the PDF; exactly that, no more."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.tests.factories import UserFactory
from cart.services import cart_create, cart_item_add
from catalog.tests.factories import ProductFactory
from rfq.models import Rfq, RfqMessage
from rfq.services.submission import rfq_submit
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def sales_operator(client, password):
    operator = UserFactory(is_staff=True, password=password, email="vanzari@metalpro.local")
    operator.groups.add(Group.objects.get(name="Sales operators"))
    client.force_login(operator)
    return operator


@pytest.fixture
def rfq(django_capture_on_commit_callbacks):
    ipe = ProductFactory(sku="IPE-200-S235JR", title="Profil IPE 200 S235JR")
    tube = ProductFactory(
        sku="TP-40X40X3",
        title="Țeavă pătrată 40x40x3 S235JRH",
        price_per_unit=Decimal("20.15"),
        weight=Decimal("3.304"),
        length_m=Decimal("6"),
    )
    cart = cart_create()
    cart_item_add(cart=cart, product=ipe, quantity=Decimal(14), unit="m")
    cart_item_add(cart=cart, product=tube, quantity=Decimal(8), unit="pcs", specs={"cut_length_mm": 1500})
    address = {"street": "Str. Fabricii 5", "city": "Cluj-Napoca", "county": "Cluj", "postalCode": "400632"}
    with django_capture_on_commit_callbacks(execute=True):
        return rfq_submit(
            cart=cart,
            contact={
                "company_name": "Construct Metal SRL",
                "cui": "14399840",
                "contact_person": "Maria Ionescu",
                "email": "maria@constructmetal.ro",
                "phone": "0722123456",
                "billing_address": address,
                "delivery_address": address,
                "incoterm": "DAP",
                "po_number": "PO-7781",
            },
        )


def change_url(rfq) -> str:
    return reverse("admin:rfq_rfq_change", args=[rfq.pk])


def price_and_send(client, rfq, prices: list[str], **extra):
    page = client.get(change_url(rfq))
    changes = {f"items-{index}-final_unit_price": price for index, price in enumerate(prices)}
    valid_until = (timezone.localdate() + timedelta(days=10)).isoformat()
    return client.post(
        change_url(rfq), change_form_data(page, valid_until=valid_until, _send_quote="1", **changes, **extra)
    )


def test_the_list_shows_what_operators_sort_by_and_searches(client, sales_operator, rfq):
    listed = client.get(reverse("admin:rfq_rfq_changelist"), {"q": "14399840"}).content.decode()

    assert rfq.reference_number in listed
    assert "Construct Metal SRL" in listed
    assert "RO14399840" in listed
    assert (
        client.get(reverse("admin:rfq_rfq_changelist"), {"q": "alt"}).content.decode().count(rfq.reference_number) == 0
    )


def test_bulk_acknowledge(client, sales_operator, rfq):
    client.post(reverse("admin:rfq_rfq_changelist"), {"action": "acknowledge", "_selected_action": [str(rfq.pk)]})

    rfq.refresh_from_db()
    assert rfq.status == Rfq.Status.ACKNOWLEDGED
    assert rfq.status_changes.last().by == sales_operator


def test_pricing_and_sending_the_quote(client, sales_operator, rfq, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = price_and_send(client, rfq, ["110.00", "30.50"])

    rfq.refresh_from_db()
    items = list(rfq.items.all())
    assert response.status_code == 302
    assert rfq.status == Rfq.Status.QUOTED
    assert [item.final_line_total for item in items] == [Decimal("1540.00"), Decimal("244.00")]  # 14 m, 8 pieces
    assert (rfq.quote_subtotal, rfq.quote_vat, rfq.final_quote_amount) == (
        Decimal("1784.00"),
        Decimal("374.64"),
        Decimal("2158.64"),
    )
    assert rfq.quoted_at is not None
    assert [change.to_status for change in rfq.status_changes.all()] == ["SUBMITTED", "ACKNOWLEDGED", "QUOTED"]
    quote_email = mailoutbox[-1]
    assert quote_email.to == ["maria@constructmetal.ro"]
    assert rfq.reference_number in quote_email.subject
    (name, content, mimetype) = quote_email.attachments[0]
    assert (name, mimetype) == (f"Oferta-{rfq.reference_number}.pdf", "application/pdf")
    assert content[:5] == b"%PDF-"


def test_the_pdf_says_everything_the_buyer_needs(client, sales_operator, rfq, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        price_and_send(client, rfq, ["110.00", "30.50"])
    rfq.refresh_from_db()

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(rfq.quote_pdf.read())).pages)

    for expected in (
        f"Ofertă de preț {rfq.reference_number}",
        "MetalPro SRL",
        "CUI RO14399832 · J40/1234/2004",  # the seller, from settings.SELLER
        "Construct Metal SRL",
        "CUI RO14399840",
        "Profil IPE 200 S235JR",
        "Țeavă pătrată 40x40x3 S235JRH",
        "debitat la 1500 mm",
        "110,00 lei",
        "1.540,00 lei",
        "TVA 21%",
        "2.158,64 lei",
        "DAP – Livrat la locul convenit",
        "PO-7781",
        (timezone.localdate() + timedelta(days=10)).strftime("%d.%m.%Y"),
    ):
        assert expected in text, expected


def test_the_quote_waits_for_every_price(client, sales_operator, rfq, mailoutbox):
    response = price_and_send(client, rfq, ["110.00", ""])

    rfq.refresh_from_db()
    assert response.status_code == 302
    assert rfq.status == Rfq.Status.SUBMITTED
    assert not rfq.quote_pdf
    assert "lipsesc: 2" in client.get(change_url(rfq)).content.decode()


def test_internal_notes_stay_inside_and_messages_reach_the_buyer(
    client, sales_operator, rfq, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    page = client.get(change_url(rfq))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            change_url(rfq),
            change_form_data(page, new_message="Client nou, verific CUI", message_internal="on", _continue="1"),
        )
        page = client.get(change_url(rfq))
        client.post(change_url(rfq), change_form_data(page, new_message="Avem tot pe stoc.", _continue="1"))

    assert [(m.internal, m.author_role) for m in rfq.messages.all()] == [(True, "OPERATOR"), (False, "OPERATOR")]
    assert [m.to for m in mailoutbox] == [["maria@constructmetal.ro"]]
    assert "Avem tot pe stoc." in mailoutbox[0].body


def test_operators_cannot_delete_requests_or_manage_groups(client, sales_operator, rfq):
    assert client.get(reverse("admin:rfq_rfq_delete", args=[rfq.pk])).status_code == 403
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403
    assert client.get(reverse("admin:rfq_rfq_add")).status_code == 403


def test_buyers_never_see_the_back_office(client, user, rfq):
    client.force_login(user)

    assert client.get(change_url(rfq)).status_code == 302


def test_a_message_from_the_buyer_reaches_the_operators(
    client, rfq, mailoutbox, settings, django_capture_on_commit_callbacks
):
    from rfq.tokens import guest_token

    settings.OPERATOR_EMAIL = "vanzari@metalpro.ro"
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("rfq:message", args=[rfq.pk]), {"body": "Se poate livra pe 15?", "token": guest_token(rfq)})

    assert RfqMessage.objects.get().author_role == "BUYER"
    assert mailoutbox[0].to == ["vanzari@metalpro.ro"]
    assert reverse("admin:rfq_rfq_change", args=[rfq.pk]) in mailoutbox[0].body
