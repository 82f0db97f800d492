"""/api/users/me*, /api/addresses: own data only; another user's objects are 404."""

import pytest

from accounts.models import Address, AuthSession, Company
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HOME = {
    "type": "DELIVERY",
    "street": "Str. Fabricii 5",
    "city": "Cluj-Napoca",
    "county": "Cluj",
    "postalCode": "400632",
}


def test_profile_shape(auth_client, user):
    body = auth_client.get("/api/users/me").json()

    assert set(body) == {"id", "email", "name", "phone", "role", "emailVerified", "language", "company", "createdAt"}
    assert body["id"] == str(user.id)


def test_profile_edit_changes_only_name_and_phone(auth_client, user):
    response = auth_client.patch(
        "/api/users/me", {"name": "Ana Pop", "phone": "0722 000 111", "email": "alt@ex.ro", "role": "X"}, format="json"
    )

    user.refresh_from_db()
    assert response.status_code == 200
    assert (user.name, user.phone) == ("Ana Pop", "0722 000 111")
    assert user.email != "alt@ex.ro"


def test_a_bad_phone_is_a_field_error(auth_client):
    response = auth_client.patch("/api/users/me", {"phone": "sunați-mă"}, format="json")

    assert response.status_code == 400
    assert "phone" in response.json()["details"]


def test_company_edit_validates_the_cui_and_makes_the_account_business(auth_client, user):
    bad = auth_client.patch("/api/users/me/company", {"name": "Firma SRL", "cui": "RO123"}, format="json")
    good = auth_client.patch("/api/users/me/company", {"name": "Firma SRL", "cui": "RO 4221306"}, format="json")

    user.refresh_from_db()
    assert bad.status_code == 400
    assert "cui" in bad.json()["details"]
    assert good.status_code == 200
    assert good.json()["company"]["cui"] == "4221306"
    assert user.role == "BUSINESS"


def test_changing_the_cui_of_a_verified_company_needs_verifying_again(auth_client, user):
    Company.objects.create(user=user, legal_name="Firma SRL", cui="4221306", is_verified=True)

    auth_client.patch("/api/users/me/company", {"cui": "14399840"}, format="json")

    assert not Company.objects.get(user=user).is_verified


def test_addresses_crud(auth_client):
    created = auth_client.post("/api/addresses", HOME, format="json")
    address_id = created.json()["id"]

    edited = auth_client.patch(f"/api/addresses/{address_id}", {"street": "Str. Fabricii 7"}, format="json")
    listed = auth_client.get("/api/addresses").json()
    deleted = auth_client.delete(f"/api/addresses/{address_id}")

    assert created.status_code == 201
    assert created.json()["isDefault"] is True  # the first of its type
    assert edited.json()["street"] == "Str. Fabricii 7"
    assert listed["count"] == 1
    assert deleted.status_code == 204
    assert not Address.objects.exists()


def test_one_default_address_per_type(auth_client):
    first = auth_client.post("/api/addresses", HOME, format="json").json()
    second = auth_client.post(
        "/api/addresses", {**HOME, "street": "Str. Nouă 1", "isDefault": True}, format="json"
    ).json()
    billing = auth_client.post("/api/addresses", {**HOME, "type": "BILLING"}, format="json").json()

    defaults = Address.objects.filter(is_default=True)

    assert {a.pk for a in defaults} == {
        Address.objects.get(pk=second["id"]).pk,
        Address.objects.get(pk=billing["id"]).pk,
    }
    assert not Address.objects.get(pk=first["id"]).is_default


def test_deleting_the_default_promotes_another(auth_client):
    auth_client.post("/api/addresses", HOME, format="json")
    default = auth_client.post("/api/addresses", {**HOME, "street": "Str. Nouă 1", "isDefault": True}, format="json")

    auth_client.delete(f"/api/addresses/{default.json()['id']}")

    assert Address.objects.get().is_default


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({**HOME, "type": "HOME"}, "type"),
        ({**HOME, "street": ""}, "street"),
        ({**HOME, "postalCode": "!!"}, "postalCode"),
    ],
    ids=["type", "street", "postal-code"],
)
def test_address_validation(auth_client, payload, field):
    response = auth_client.post("/api/addresses", payload, format="json")

    assert response.status_code == 400
    assert field in response.json()["details"]


def test_another_users_address_is_404(auth_client):
    theirs = Address.objects.create(user=UserFactory(), type="DELIVERY", street="Str. X 1", city="Iași", county="Iași")

    patch = auth_client.patch(f"/api/addresses/{theirs.id}", {"street": "furat"}, format="json")
    delete = auth_client.delete(f"/api/addresses/{theirs.id}")
    listed = auth_client.get("/api/addresses").json()

    theirs.refresh_from_db()
    assert patch.status_code == delete.status_code == 404
    assert listed["count"] == 0
    assert theirs.street == "Str. X 1"


def test_sessions_list_and_sign_out_another_device(api_login, user):
    this, other = api_login(user), api_login(user)

    listed = this.get("/api/users/me/sessions").json()
    ended = this.delete(f"/api/users/me/sessions/{other.session_id}")

    assert listed["count"] == 2
    assert [item["current"] for item in listed["results"]].count(True) == 1
    assert ended.status_code == 204
    assert other.get("/api/users/me").status_code == 401
    assert this.get("/api/users/me").status_code == 200


def test_another_users_session_is_404(auth_client, api_login):
    theirs = api_login(UserFactory())

    response = auth_client.delete(f"/api/users/me/sessions/{theirs.session_id}")

    assert response.status_code == 404
    assert AuthSession.objects.get(pk=theirs.session_id).revoked_at is None
    assert theirs.get("/api/users/me").status_code == 200


def test_profile_endpoints_need_a_token(api_client):
    for method, path in [("get", "/api/users/me"), ("get", "/api/addresses"), ("get", "/api/users/me/sessions")]:
        assert getattr(api_client, method)(path).status_code == 401
