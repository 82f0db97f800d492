import pytest

from orders.models import Order
from orders.services.orders import order_mark_paid
from orders.tests.factories import OrderFactory
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_api(api_login, operator):
    return api_login(operator)


def test_staff_ship_an_order_with_its_tracking_number(staff_api):
    order = order_mark_paid(order=OrderFactory())
    response = staff_api.put(f"/api/orders/{order.pk}/status", {"status": "shipped", "trackingNumber": "FAN 1"},
                             format="json")  # fmt: skip
    assert response.status_code == 200
    assert response.json()["status"] == "shipped"
    assert response.json()["trackingNumber"] == "FAN 1"


def test_shipping_without_tracking_is_a_field_error(staff_api):
    order = order_mark_paid(order=OrderFactory())
    response = staff_api.put(f"/api/orders/{order.pk}/status", {"status": "shipped"}, format="json")
    assert response.status_code == 400
    assert "trackingNumber" in response.json()["details"]


def test_a_buyer_cannot_change_a_status(auth_client, user):
    order = OrderFactory(user=user)
    response = auth_client.put(f"/api/orders/{order.pk}/status", {"status": "confirmed"}, format="json")
    assert response.status_code == 403
    order.refresh_from_db()
    assert order.status == "pending"


def test_staff_list_every_order_with_filters(staff_api):
    from accounts.tests.factories import UserFactory

    maria = UserFactory(email="maria@constructmetal.ro")
    mine = order_mark_paid(order=OrderFactory(user=maria))
    OrderFactory()
    body = staff_api.get("/api/admin/orders", {"status": "confirmed", "customer": "constructmetal"}).json()
    assert [o["number"] for o in body["results"]] == [mine.number]
    assert body["results"][0]["customer"]["email"] == "maria@constructmetal.ro"


def test_a_bad_filter_is_a_field_error(staff_api):
    response = staff_api.get("/api/admin/orders", {"dateFrom": "ieri"})
    assert response.status_code == 400
    assert "dateFrom" in response.json()["details"]


def test_buyers_cannot_list_all_orders(auth_client):
    assert auth_client.get("/api/admin/orders").status_code == 403


def test_the_admin_moves_an_order_and_requires_tracking_for_shipped(operator_client):
    order = order_mark_paid(order=OrderFactory())
    url = f"/admin/orders/order/{order.pk}/change/"

    def post(**changes):
        return operator_client.post(url, change_form_data(operator_client.get(url), **changes))

    refused = post(new_status="shipped", tracking_number="")
    assert refused.status_code == 200  # the form again, with the error on the tracking number
    assert "tracking_number" in refused.context["adminform"].form.errors
    order.refresh_from_db()
    assert order.status == "confirmed"
    post(new_status="shipped", tracking_number="DPD 77")
    order.refresh_from_db()
    assert order.status == "shipped"
    assert order.tracking_number == "DPD 77"


def test_the_admin_lists_orders_with_filters(operator_client):
    OrderFactory()
    response = operator_client.get("/admin/orders/order/", {"status__exact": "pending"})
    assert response.status_code == 200
    assert Order.objects.get().number in response.content.decode()


def test_staff_credit_a_wallet_with_a_reason(operator_client, user):
    from orders.services.wallet import wallet_for

    wallet = wallet_for(user)
    url = f"/admin/orders/wallet/{wallet.pk}/change/"
    operator_client.post(url, change_form_data(operator_client.get(url), amount="250.00", reason=""))
    wallet.refresh_from_db()
    assert wallet.balance == 0
    operator_client.post(
        url, change_form_data(operator_client.get(url), amount="250.00", reason="compensare întârziere")
    )
    wallet.refresh_from_db()
    assert str(wallet.balance) == "250.00"
    entry = wallet.transactions.get()
    assert entry.created_by.is_staff
    assert entry.description == "compensare întârziere"


def test_a_sales_operator_runs_orders_but_cannot_delete_them(client, sales_operators_group):
    from accounts.tests.factories import UserFactory

    operator = UserFactory(is_staff=True)
    operator.groups.add(sales_operators_group)
    client.force_login(operator)
    order = OrderFactory()
    assert client.get(f"/admin/orders/order/{order.pk}/change/").status_code == 200
    assert client.get("/admin/orders/paymentcallback/").status_code == 200
    assert client.post(f"/admin/orders/order/{order.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Order.objects.filter(pk=order.pk).exists()


def test_staff_changes_to_orders_and_wallet_credits_are_audited(operator_client, operator, user):
    from auditlog.models import LogEntry

    from orders.services.wallet import wallet_for

    order = order_mark_paid(order=OrderFactory())
    url = f"/admin/orders/order/{order.pk}/change/"
    operator_client.post(url, change_form_data(operator_client.get(url), new_status="processing"))
    entry = LogEntry.objects.get_for_object(order).filter(actor=operator).get()
    assert entry.changes_dict["status"] == ["confirmed", "processing"]

    wallet = wallet_for(user)
    url = f"/admin/orders/wallet/{wallet.pk}/change/"
    operator_client.post(url, change_form_data(operator_client.get(url), amount="50.00", reason="bonus"))
    credit = wallet.transactions.get()
    logged = LogEntry.objects.get_for_object(credit).get()
    assert logged.actor == operator
    assert logged.changes_dict["amount"][1] == "50.00"


def test_staff_mark_a_bank_transfer_as_paid(operator_client):
    transfer, card = OrderFactory(), OrderFactory(payment_method="paytm")
    operator_client.post(
        "/admin/orders/order/", {"action": "mark_paid", "_selected_action": [str(transfer.pk), str(card.pk)]}
    )
    transfer.refresh_from_db()
    card.refresh_from_db()
    assert (transfer.status, transfer.payment_status) == ("confirmed", "paid")
    assert card.payment_status == "pending"  # card payments are confirmed by the gateway only
