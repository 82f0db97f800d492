"""POST /api/rfq and reading requests back (CONTRACT §4)."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from cart.models import Cart
from catalog.tests.factories import ProductFactory
from metalpro.exceptions import ApplicationError
from rfq.models import RFQ_TRANSITIONS, Rfq, RfqStatusChange
from rfq.services.workflow import rfq_transition
from rfq.tests.factories import RfqFactory

pytestmark = pytest.mark.django_db

ADDRESS = {"street": "Str. Fabricii 5", "city": "Cluj-Napoca", "county": "Cluj", "postalCode": "400632"}
CONTACT = {
    "companyName": "Construct Metal SRL",
    "cui": "RO14399840",
    "contactPerson": "Maria Ionescu",
    "email": "Achizitii@ConstructMetal.ro",
    "phone": "0722 123 456",
    "billingAddress": ADDRESS,
    "deliveryAddress": {**ADDRESS, "street": "Șantier Str. Sopor 10"},
    "incoterm": "DAP",
    "notes": "Certificat 3.1 pentru toate pozițiile.",
    "poNumber": "PO-7781",
}


@pytest.fixture
def guest_cart(api_client):
    """A guest's cart with two lines; returns its token."""
    ipe = ProductFactory(title="Profil IPE 200 S235JR")
    token = api_client.post(
        "/api/cart/items", {"productId": str(ipe.id), "quantity": "14", "unit": "m"}, format="json"
    ).json()["cartToken"]
    api_client.post(
        "/api/cart/items",
        {"productId": str(ipe.id), "quantity": "4", "unit": "pcs", "specs": {"cutLengthMm": 2500}},
        format="json",
        HTTP_X_CART_TOKEN=token,
    )
    return token


@pytest.fixture
def submit(api_client, django_capture_on_commit_callbacks):
    def post(token, payload=None, **headers):
        with django_capture_on_commit_callbacks(execute=True):
            return api_client.post("/api/rfq", payload or CONTACT, format="json", HTTP_X_CART_TOKEN=token, **headers)

    return post


def test_a_guest_sends_the_cart_as_an_rfq(submit, guest_cart, mailoutbox, settings, api_client):
    settings.OPERATOR_EMAIL = "vanzari@metalpro.ro"

    response = submit(guest_cart)

    body = response.json()
    year = timezone.localdate().year
    assert response.status_code == 201
    assert re.fullmatch(rf"RFQ-{year}-\d{{5}}", body["referenceNumber"])
    assert body["status"] == "SUBMITTED"
    assert body["cui"] == "14399840"
    assert body["email"] == "achizitii@constructmetal.ro"
    assert [item["position"] for item in body["items"]] == [1, 2]
    assert body["items"][1]["specs"] == {"cutLengthMm": 2500}
    assert body["estimatedTotal"] == "3336.89"  # (1599.36 + 1142.40 + 4 cuts x 4.00) x 1.21
    assert body["token"]
    rfq = Rfq.objects.get()
    assert rfq.cart_snapshot["items"][0]["weight_kg"] == "313.600"
    assert api_client.get("/api/cart", HTTP_X_CART_TOKEN=guest_cart).json()["itemCount"] == 0
    assert sorted(m.to[0] for m in mailoutbox) == ["achizitii@constructmetal.ro", "vanzari@metalpro.ro"]
    assert all(body["referenceNumber"] in m.subject for m in mailoutbox)
    assert RfqStatusChange.objects.get(rfq=rfq).to_status == "SUBMITTED"


def test_the_guest_reads_it_with_the_token_and_nobody_else_does(submit, guest_cart, api_client):
    body = submit(guest_cart).json()
    rfq_id, token = body["id"], body["token"]

    assert api_client.get(f"/api/rfq/{rfq_id}?token={token}").status_code == 200
    assert api_client.get(f"/api/rfq/{rfq_id}").status_code == 404
    assert api_client.get(f"/api/rfq/{rfq_id}?token={token[:-3]}abc").status_code == 404
    other = RfqFactory()
    assert api_client.get(f"/api/rfq/{other.id}?token={token}").status_code == 404


def test_a_signed_in_buyer_lists_and_reads_only_their_rfqs(api_login, user):
    mine = RfqFactory(user=user)
    theirs = RfqFactory(user=UserFactory())
    client = api_login(user)

    listed = client.get("/api/rfq").json()

    assert [item["referenceNumber"] for item in listed["results"]] == [mine.reference_number]
    assert client.get(f"/api/rfq/{mine.id}").status_code == 200
    assert client.get(f"/api/rfq/{theirs.id}").status_code == 404


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"email": "nu-e-email"}, "email"),
        ({"cui": "RO14399841"}, "cui"),
        ({"billingAddress": {"street": "Str. X 1"}}, "billingAddress"),
        ({"incoterm": "XYZ"}, "incoterm"),
        ({"deliveryDate": "2020-01-01"}, "deliveryDate"),
        ({"companyName": ""}, "companyName"),
    ],
    ids=["email", "cui", "address", "incoterm", "past-date", "company"],
)
def test_each_bad_field_is_named_and_nothing_is_lost(submit, guest_cart, api_client, change, field):
    response = submit(guest_cart, {**CONTACT, **change})

    assert response.status_code == 400
    assert field in response.json()["details"]
    assert not Rfq.objects.exists()
    assert api_client.get("/api/cart", HTTP_X_CART_TOKEN=guest_cart).json()["itemCount"] == 2


def test_an_empty_cart_cannot_be_sent(submit, api_client):
    ipe = ProductFactory()
    token = api_client.post(
        "/api/cart/items", {"productId": str(ipe.id), "quantity": "1", "unit": "m"}, format="json"
    ).json()["cartToken"]
    api_client.delete("/api/cart", HTTP_X_CART_TOKEN=token)

    response = submit(token)

    assert response.status_code == 409
    assert response.json()["code"] == "cart_empty"


def test_a_cart_with_a_withdrawn_product_cannot_be_sent(submit, guest_cart):
    Cart.objects.get(token=guest_cart).items.first().product.__class__.objects.update(is_active=False)

    response = submit(guest_cart)

    assert response.status_code == 409
    assert response.json()["code"] == "cart_invalid"


def test_an_estimate_too_large_for_the_money_columns_is_refused_and_kept(submit, api_client):
    plate = ProductFactory(base_unit="pcs", price_per_unit=Decimal("3320.55"), weight=Decimal("706.5"), length_m=None)
    token = api_client.post(
        "/api/cart/items", {"productId": str(plate.id), "quantity": "10000000", "unit": "pcs"}, format="json"
    ).json()["cartToken"]
    cart = Cart.objects.get(token=token)
    for n in range(30):  # 31 lines of 33.2 billion lei: over the 14 digits of the totals (a PostgreSQL 500)
        cart.items.create(product=plate, quantity=Decimal("10000000"), unit="pcs", specs={"note": str(n)},
                          specs_key=f"note={n}")  # fmt: skip

    response = submit(token)

    assert response.status_code == 409
    assert response.json()["code"] == "cart_too_large"
    assert not Rfq.objects.exists()
    assert cart.items.count() == 31


def test_at_most_ten_rfqs_an_hour_per_client(submit, guest_cart, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"rfq": "2/1h", "api": "100/15m"}}
    submit(guest_cart, {**CONTACT, "email": "nu-e-email"})
    submit(guest_cart, {**CONTACT, "email": "nu-e-email"})

    response = submit(guest_cart)

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 3000


def test_decline_a_quote(api_client):
    rfq = RfqFactory(status=Rfq.Status.QUOTED)
    from rfq.tokens import guest_token

    response = api_client.post(f"/api/rfq/{rfq.id}/decline?token={guest_token(rfq)}")

    assert response.status_code == 200
    assert response.json()["status"] == "CANCELLED"


def test_only_a_quoted_rfq_can_be_declined(api_client):
    rfq = RfqFactory(status=Rfq.Status.SUBMITTED)
    from rfq.tokens import guest_token

    response = api_client.post(f"/api/rfq/{rfq.id}/decline?token={guest_token(rfq)}")

    assert response.status_code == 409


@pytest.mark.parametrize(("start", "target"), [(s, t) for s in Rfq.Status.values for t in Rfq.Status.values if s != t])
def test_the_status_map_is_enforced(start, target):
    rfq = RfqFactory(status=start)

    if target in RFQ_TRANSITIONS[start]:
        rfq_transition(rfq=rfq, to=target)
        assert Rfq.objects.get(pk=rfq.pk).status == target
        assert RfqStatusChange.objects.get(rfq=rfq).from_status == start
    else:
        with pytest.raises(ApplicationError):
            rfq_transition(rfq=rfq, to=target)
        assert Rfq.objects.get(pk=rfq.pk).status == start


def test_messages_go_to_the_other_side_and_internal_notes_stay_inside(
    api_login, user, mailoutbox, settings, django_capture_on_commit_callbacks
):
    from rfq.models import RfqMessage
    from rfq.services.conversation import rfq_message_post

    settings.OPERATOR_EMAIL = "vanzari@metalpro.ro"
    rfq = RfqFactory(user=user, email=user.email)
    client = api_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/api/rfq/{rfq.id}/messages", {"body": "Puteți livra marți?"}, format="json")
        rfq_message_post(rfq=rfq, body="Da, marți dimineață.", role=RfqMessage.Author.OPERATOR)
        rfq_message_post(rfq=rfq, body="Client bun platnic", role=RfqMessage.Author.OPERATOR, internal=True)

    thread = client.get(f"/api/rfq/{rfq.id}/messages").json()

    assert [m["body"] for m in thread] == ["Puteți livra marți?", "Da, marți dimineață."]
    assert [m.to for m in mailoutbox] == [["vanzari@metalpro.ro"], [user.email]]
    assert "bun platnic" not in str(client.get(f"/api/rfq/{rfq.id}").json())


def test_rfq_dates_and_amounts_are_decimal_strings(api_login, user):
    rfq = RfqFactory(
        user=user, delivery_date=timezone.localdate() + timedelta(days=10), estimated_total=Decimal("1935.2")
    )

    body = api_login(user).get(f"/api/rfq/{rfq.id}").json()

    assert body["estimatedTotal"] == "1935.20"
    assert body["quote"] is None
