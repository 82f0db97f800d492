"""Paytm: initiate, callbacks (valid, tampered, wrong amount, duplicate, unknown, each status), status,
and the sandbox simulator end to end."""

import re
from decimal import Decimal

import pytest
from django.test import Client

from orders.models import Order, PaymentCallback, PaymentTransaction
from orders.paytm.checksum import generate_signature, verify_signature
from orders.paytm.gateway import SANDBOX_KEY, SANDBOX_MID
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db
CALLBACK = "/api/payment/callback"


@pytest.fixture
def order(user):
    return OrderFactory(user=user, payment_method="paytm", total=Decimal("1210.00"))


@pytest.fixture
def started(auth_client, order) -> dict:
    response = auth_client.post("/api/payment/initiate", {"orderId": str(order.pk)}, format="json")
    assert response.status_code == 201
    return response.json()


def callback(started: dict, status: str = "TXN_SUCCESS", *, key: str = SANDBOX_KEY, **changes) -> dict:
    params = {
        "MID": SANDBOX_MID, "ORDERID": started["transactionId"], "TXNAMOUNT": started["params"]["TXN_AMOUNT"],
        "STATUS": status, "RESPCODE": "01", "RESPMSG": "Txn Success", "TXNID": "2026112311", "BANKTXNID": "77",
        "CURRENCY": "INR",
    }  # fmt: skip
    params.update(changes)
    params["CHECKSUMHASH"] = generate_signature(params, key)
    return params


def post(params: dict):
    return Client().post(CALLBACK, params)  # form-encoded, no session: as Paytm's redirect


def test_initiate_signs_the_params_for_the_gateway(started, order):
    params = started["params"]
    assert started["transactionId"] == f"{order.number}-1"
    assert params["TXN_AMOUNT"] == "1210.00"
    assert params["CALLBACK_URL"].endswith(CALLBACK)
    assert verify_signature(params, SANDBOX_KEY, params["CHECKSUMHASH"])
    assert started["gatewayUrl"].endswith("/plata/simulator/")


def test_each_attempt_gets_its_own_transaction_id(auth_client, started, order):
    again = auth_client.post("/api/payment/initiate", {"orderId": str(order.pk)}, format="json").json()
    assert again["transactionId"] == f"{order.number}-2"


def test_a_success_callback_pays_and_confirms_the_order(started, order):
    response = post(callback(started))
    assert response.status_code == 302
    assert response["Location"].endswith(f"/cont/comenzi/{order.pk}/?plata=ok")
    order.refresh_from_db()
    assert (order.status, order.payment_status) == ("confirmed", "paid")
    assert PaymentTransaction.objects.get().status == "success"
    assert PaymentCallback.objects.get().outcome == "paid"


def test_a_failure_callback_fails_the_order_and_allows_a_retry(auth_client, started, order):
    response = post(callback(started, "TXN_FAILURE", RESPMSG="Declined"))
    assert response["Location"].endswith("?plata=esuat")
    order.refresh_from_db()
    assert (order.status, order.payment_status) == ("failed", "failed")
    retry = auth_client.post("/api/payment/initiate", {"orderId": str(order.pk)}, format="json").json()
    post(callback(retry))
    order.refresh_from_db()
    assert (order.status, order.payment_status) == ("confirmed", "paid")


def test_a_pending_callback_changes_nothing_on_the_order(started, order):
    assert post(callback(started, "PENDING"))["Location"].endswith("?plata=in-asteptare")
    order.refresh_from_db()
    assert (order.status, order.payment_status) == ("pending", "pending")
    assert PaymentTransaction.objects.get().status == "pending"


def test_a_duplicate_callback_changes_nothing_twice(started, order):
    params = callback(started)
    post(params)
    again = post(params)
    assert again.status_code == 302
    order.refresh_from_db()
    assert order.status_changes.filter(to_status="confirmed").count() == 1
    assert list(PaymentCallback.objects.values_list("outcome", flat=True).order_by("received_at")) == [
        "paid", "duplicate"
    ]  # fmt: skip


def test_a_failure_replayed_after_success_changes_nothing(started, order):
    post(callback(started))
    post(callback(started, "TXN_FAILURE"))
    order.refresh_from_db()
    assert order.payment_status == "paid"


@pytest.mark.parametrize(
    ("tamper", "code"),
    [
        (lambda p: {**p, "TXNAMOUNT": "1.00"}, "bad_checksum"),  # changed after signing
        (lambda p: {**p, "CHECKSUMHASH": "bm90IGEgY2hlY2tzdW0="}, "bad_checksum"),
        (lambda p: {k: v for k, v in p.items() if k != "CHECKSUMHASH"}, "bad_checksum"),
    ],
    ids=["amount-edited", "garbage-checksum", "no-checksum"],
)
def test_a_tampered_callback_is_refused_with_400_and_logged(started, order, tamper, code):
    response = post(tamper(callback(started)))
    assert response.status_code == 400
    assert response.json()["code"] == code
    order.refresh_from_db()
    assert order.payment_status == "pending"
    logged = PaymentCallback.objects.get()
    assert logged.outcome == code
    assert not logged.checksum_valid


def test_a_callback_signed_with_another_key_is_refused(started, order):
    response = post(callback(started, key="another-key-0000"))
    assert response.status_code == 400
    order.refresh_from_db()
    assert order.payment_status == "pending"


def test_a_wrong_amount_even_signed_is_refused(started, order):
    response = post(callback(started, TXNAMOUNT="1.00"))
    assert response.json()["code"] == "amount_mismatch"
    order.refresh_from_db()
    assert order.payment_status == "pending"


def test_a_wrong_merchant_is_refused(started):
    assert post(callback(started, MID="SOMEONE-ELSE")).json()["code"] == "wrong_merchant"


def test_an_unknown_transaction_is_refused(started):
    assert post(callback(started, ORDERID="CMD-2000-99999-1")).json()["code"] == "unknown_transaction"


def test_another_buyers_order_cannot_be_paid_or_read(api_login, started, order):
    from accounts.tests.factories import UserFactory

    stranger = api_login(UserFactory())
    assert stranger.post("/api/payment/initiate", {"orderId": str(order.pk)}, format="json").status_code == 404
    assert stranger.get(f"/api/payment/status/{started['transactionId']}").status_code == 404


def test_a_callback_with_nul_characters_is_refused_and_logged_not_a_500(started, order):
    response = post({**callback(started), "ORDERID": started["transactionId"] + "\x00", "X\x00Y": "\x00"})

    assert response.status_code == 400
    assert response.json()["code"] == "bad_checksum"
    assert response.json()["error"]
    order.refresh_from_db()
    assert order.payment_status == "pending"
    logged = PaymentCallback.objects.get()
    assert logged.outcome == "bad_checksum"
    assert logged.raw["ORDERID"] == started["transactionId"]
    assert logged.raw["XY"] == ""


def test_a_transaction_id_that_is_no_slug_is_a_json_404(auth_client, started):
    response = auth_client.get(f"/api/payment/status/{started['transactionId']}%00")

    assert response.status_code == 404
    assert set(response.json()) == {"error", "code", "details"}


def test_the_status_api_tells_the_owner(auth_client, started):
    post(callback(started))
    body = auth_client.get(f"/api/payment/status/{started['transactionId']}").json()
    assert body["status"] == "success"
    assert body["orderPaymentStatus"] == "paid"


def test_a_paid_order_cannot_be_paid_again(auth_client, started, order):
    post(callback(started))
    again = auth_client.post("/api/payment/initiate", {"orderId": str(order.pk)}, format="json")
    assert again.status_code == 409
    assert again.json()["code"] == "not_payable"


def test_the_simulator_is_off_without_debug_unless_switched_on(client, settings, started):
    settings.PAYTM_SANDBOX_ENABLED = False
    assert client.post("/plata/simulator/", started["params"]).status_code == 404


def hidden_fields(html: str) -> dict:
    """The fields of the hand-off form, as the browser posts them (not the page's other forms)."""
    form = html.split("data-autosubmit", 1)[1].split("</form>", 1)[0]
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))


def test_the_simulator_sends_a_signed_success_back_through_the_browser(client, user, order):
    client.force_login(user)
    hand_off = client.post(f"/cont/comenzi/{order.pk}/plateste/")
    params = hidden_fields(hand_off.content.decode())
    simulator = client.post("/plata/simulator/", params)
    assert simulator.status_code == 200
    result = client.post("/plata/simulator/rezultat/", {**params, "outcome": "TXN_SUCCESS"})
    back = hidden_fields(result.content.decode())
    assert verify_signature(back, SANDBOX_KEY, back["CHECKSUMHASH"])
    landing = Client().post(CALLBACK, back)
    assert landing.status_code == 302
    order.refresh_from_db()
    assert order.payment_status == "paid"


def test_the_simulator_refuses_unsigned_params(client, started):
    params = {**started["params"], "TXN_AMOUNT": "1.00"}
    assert client.post("/plata/simulator/", params).status_code == 400


def test_the_order_page_offers_a_retry_after_a_failure(client, user, started, order):
    post(callback(started, "TXN_FAILURE"))
    client.force_login(user)
    html = client.get(f"/en/cont/comenzi/{order.pk}/?plata=esuat").content.decode()
    assert "Try the card payment again" in html
    assert f"/en/cont/comenzi/{order.pk}/plateste/" in html


def test_a_bank_transfer_order_can_still_be_paid_by_card(auth_client, user):
    order = OrderFactory(user=user)
    started = auth_client.post("/api/payment/initiate", {"orderId": str(order.pk)}, format="json").json()
    order.refresh_from_db()
    assert order.payment_method == Order.PaymentMethod.BANK_TRANSFER  # the proforma stays until a card pays
    post(callback(started))
    order.refresh_from_db()
    assert order.payment_method == Order.PaymentMethod.PAYTM
    assert order.payment_status == "paid"


@pytest.fixture
def paytm_staging(settings, monkeypatch):
    """Staging mode against a stand-in for Paytm's status API on 127.0.0.1."""
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from orders.paytm import gateway

    answers, asked = {}, []

    class StatusApi(BaseHTTPRequestHandler):
        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            asked.append(body)
            payload = json.dumps(answers.get(body["ORDERID"], {"STATUS": "PENDING"})).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), StatusApi)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.PAYTM_ENV, settings.PAYTM_MID, settings.PAYTM_MERCHANT_KEY = "staging", "MID-STAGE", "stage-key-000000"
    monkeypatch.setitem(gateway.HOSTS, "staging", f"http://127.0.0.1:{server.server_port}")
    yield answers, asked
    server.shutdown()


def test_in_staging_the_status_api_asks_paytm_and_applies_a_success(auth_client, order, paytm_staging):
    answers, asked = paytm_staging
    started = auth_client.post("/api/payment/initiate", {"orderId": str(order.pk)}, format="json").json()
    assert started["gatewayUrl"].endswith("/order/process")
    answers[started["transactionId"]] = {"STATUS": "TXN_SUCCESS", "TXNAMOUNT": "1210.00", "TXNID": "T1"}

    body = auth_client.get(f"/api/payment/status/{started['transactionId']}").json()

    assert body["status"] == "success"
    assert verify_signature({"MID": "MID-STAGE", "ORDERID": started["transactionId"]}, "stage-key-000000",
                            asked[0]["CHECKSUMHASH"])  # fmt: skip
    order.refresh_from_db()
    assert order.payment_status == "paid"


def test_in_staging_a_status_with_another_amount_changes_nothing(auth_client, order, paytm_staging):
    answers, _asked = paytm_staging
    started = auth_client.post("/api/payment/initiate", {"orderId": str(order.pk)}, format="json").json()
    answers[started["transactionId"]] = {"STATUS": "TXN_SUCCESS", "TXNAMOUNT": "1.00"}
    assert auth_client.get(f"/api/payment/status/{started['transactionId']}").json()["status"] == "initiated"
    order.refresh_from_db()
    assert order.payment_status == "pending"


def test_a_second_successful_attempt_is_refunded_to_the_wallet(auth_client, user, order):
    first = auth_client.post("/api/payment/initiate", {"orderId": str(order.pk)}, format="json").json()
    second = auth_client.post("/api/payment/initiate", {"orderId": str(order.pk)}, format="json").json()
    post(callback(first))
    response = post(callback(second))
    assert response["Location"].endswith("?plata=portofel")
    assert user.wallet.balance == order.total
    assert list(PaymentCallback.objects.values_list("outcome", flat=True).order_by("received_at")) == [
        "paid", "refunded_to_wallet"
    ]  # fmt: skip


def test_a_card_success_after_the_order_was_cancelled_goes_to_the_wallet(auth_client, user, order, operator):
    from orders.services.orders import order_cancel

    started = auth_client.post("/api/payment/initiate", {"orderId": str(order.pk)}, format="json").json()
    order_cancel(order=order, by=operator)
    response = post(callback(started))
    assert response.status_code == 302
    user.wallet.refresh_from_db()
    assert user.wallet.balance == order.total
    assert PaymentTransaction.objects.get().status == "success"


@pytest.mark.parametrize("amount", ["sNaN", "NaN", "Infinity", "1e999999"])
def test_an_amount_that_is_not_a_number_is_refused_not_a_500(started, amount):
    response = post(callback(started, TXNAMOUNT=amount))
    assert response.status_code == 400
    assert response.json()["code"] == "amount_mismatch"


def test_the_simulator_refuses_params_without_a_transaction(client, started):
    from orders.paytm.checksum import generate_signature

    params = {k: v for k, v in started["params"].items() if k not in ("ORDER_ID", "CHECKSUMHASH")}
    params["CHECKSUMHASH"] = generate_signature(params, SANDBOX_KEY)
    response = client.post("/plata/simulator/rezultat/", {**params, "outcome": "TXN_SUCCESS"})
    assert response.status_code == 400
