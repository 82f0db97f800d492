"""A sales operator corrects buyers' profiles in the admin but never grants rights."""

import pytest
from django.contrib.auth.models import Group

from accounts.tests.factories import UserFactory


@pytest.fixture
def sales_client(client, password, sales_operators_group):
    operator = UserFactory(password=password, is_staff=True, name="Vânzări")
    operator.groups.add(sales_operators_group)
    client.force_login(operator)
    client.operator = operator
    return client


def change_url(user) -> str:
    return f"/admin/accounts/user/{user.pk}/change/"


def form_of(user, **changes) -> dict:
    data = {
        "email": user.email, "name": user.name, "phone": user.phone, "role": user.role, "language": user.language,
        "is_active": "on",
        "is_staff": "on", "is_superuser": "on", "groups": [g.pk for g in Group.objects.all()],
    }  # fmt: skip
    data.update(changes)
    return data


def test_an_operator_cannot_make_themselves_superuser(sales_client):
    me = sales_client.operator
    sales_client.post(change_url(me), form_of(me, name="Șef"))
    me.refresh_from_db()
    assert not me.is_superuser


def test_an_operator_corrects_a_buyers_profile_but_not_their_rights(sales_client):
    buyer = UserFactory(name="Ion")
    response = sales_client.post(change_url(buyer), form_of(buyer, name="Ion Popescu"))
    assert response.status_code == 302
    buyer.refresh_from_db()
    assert buyer.name == "Ion Popescu"
    assert not buyer.is_staff
    assert not buyer.is_superuser
    assert not buyer.groups.exists()


def test_an_operator_cannot_edit_a_superuser(sales_client):
    boss = UserFactory(is_staff=True, is_superuser=True, name="Admin")
    response = sales_client.post(change_url(boss), form_of(boss, name="Changed", email="evil@example.com"))
    assert response.status_code == 403
    boss.refresh_from_db()
    assert boss.name == "Admin"


def test_an_operator_cannot_set_a_password(sales_client):
    buyer = UserFactory()
    response = sales_client.post(
        f"/admin/accounts/user/{buyer.pk}/password/", {"password1": "N0u-Parola-2026!", "password2": "N0u-Parola-2026!"}
    )
    assert response.status_code == 403
    buyer.refresh_from_db()
    assert not buyer.check_password("N0u-Parola-2026!")


def test_an_operator_cannot_add_users(sales_client):
    assert sales_client.get("/admin/accounts/user/add/").status_code == 403


def test_a_superuser_still_grants_rights(operator_client):
    buyer = UserFactory()
    response = operator_client.post(change_url(buyer), form_of(buyer))
    assert response.status_code == 302
    buyer.refresh_from_db()
    assert buyer.is_staff
