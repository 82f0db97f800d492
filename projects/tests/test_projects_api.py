from decimal import Decimal

import pytest

from cart.models import CartItem
from catalog.tests.factories import ProductFactory
from projects.models import Project
from projects.tests.factories import ProjectFactory
from projects.tests.files import as_upload, simple_bom

URL = "/api/projects"


def row(product, quantity="2", unit="pcs", **extra) -> dict:
    return {"productId": str(product.pk) if product else None, "quantity": quantity, "unit": unit, **extra}


def snapshot(product, *, number=1, quantity="2.000", unit="pcs") -> dict:
    """A row as a project keeps it (what the services store)."""
    return {
        "row": number, "description": product.title, "quantity": quantity, "unit": unit, "length_mm": None,
        "notes": "", "product_id": str(product.pk), "sku": product.sku, "title": product.title, "matched": True,
    }  # fmt: skip


@pytest.fixture
def project(user, bom_catalog):
    return ProjectFactory(
        user=user,
        name="Hala Chitila",
        bom_data={"rows": [snapshot(bom_catalog["IPE-200-S235JR"]), snapshot(bom_catalog["TP-40X40X3"], number=2)]},
    )


def test_a_project_is_saved_from_rows_and_priced_today(auth_client, user, bom_catalog):
    ipe = bom_catalog["IPE-200-S235JR"]
    response = auth_client.post(
        URL, {"name": "  Hala   Chitila ", "rows": [row(ipe, "12", "m")]}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "Hala Chitila"
    assert body["rows"][0]["sku"] == "IPE-200-S235JR"
    assert Decimal(body["rows"][0]["price"]) == (ipe.price_per_unit * 12).quantize(Decimal("0.01"))
    assert Decimal(body["subtotal"]) == Decimal(body["rows"][0]["price"])
    assert Project.objects.get().user == user


def test_a_project_is_saved_from_a_finished_upload_with_its_chosen_products(
    auth_client, bom_catalog, django_capture_on_commit_callbacks
):
    content = simple_bom(("Profil IPE 200", "S235JR", "4", "buc"), ("Surub M16", "", "10", "buc"))
    with django_capture_on_commit_callbacks(execute=True):
        upload_id = auth_client.post("/api/upload/bom", {"file": as_upload(content)}, format="multipart").json()["id"]
    response = auth_client.post(URL, {"name": "Hala", "uploadId": upload_id}, format="json")
    assert response.status_code == 201
    rows = response.json()["rows"]
    assert [r["sku"] for r in rows] == ["IPE-200-S235JR", None]
    assert response.json()["fileName"] == "lista.csv"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "   ", "rows": [{"quantity": "1", "unit": "pcs"}]}, "name"),
        ({"name": "Hala"}, "rows"),
        ({"name": "Hala", "rows": [{"quantity": "0", "unit": "pcs"}]}, "rows"),
        ({"name": "Hala", "rows": [{"quantity": "1", "unit": "tone"}]}, "rows"),
        ({"name": "Hala", "rows": [{"productId": "7d0c1a4e-0000-4000-8000-000000000000", "quantity": 1, "unit": "m"}]},
         "rows"),
        ({"name": "Hala", "uploadId": "7d0c1a4e-0000-4000-8000-000000000000"}, "uploadId"),
    ],
)  # fmt: skip
def test_bad_projects_are_field_errors_and_nothing_is_saved(auth_client, bom_catalog, payload, field):
    response = auth_client.post(URL, payload, format="json")
    assert response.status_code == 400
    assert field in response.json()["details"]
    assert not Project.objects.exists()


def test_a_project_whose_total_outgrows_fourteen_digits_is_saved_and_shown(auth_client):
    plate = ProductFactory(base_unit="pcs", price_per_unit=Decimal("3320.55"), weight=Decimal("706.5"), length_m=None)
    rows = [{"productId": str(plate.id), "quantity": "10000000", "unit": "pcs"} for _ in range(40)]

    response = auth_client.post("/api/projects", {"name": "Hala mare", "rows": rows}, format="json")  # was a 500

    assert response.status_code == 201
    assert response.json()["subtotal"] == "1328220000000.00"
    assert auth_client.get(f"/api/projects/{response.json()['id']}").status_code == 200


def test_an_unfinished_upload_cannot_become_a_project(auth_client, user, bom_catalog):
    from projects.tests.factories import BomUploadFactory

    pending = BomUploadFactory(user=user)
    response = auth_client.post(URL, {"name": "Hala", "uploadId": str(pending.pk)}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "bom_not_ready"


def test_the_list_holds_only_my_projects_newest_first(auth_client, user, project):
    ProjectFactory(name="Not mine")
    newer = ProjectFactory(user=user, name="Depozit Otopeni")
    body = auth_client.get(URL).json()
    assert [item["name"] for item in body["results"]] == [newer.name, project.name]
    assert body["results"][1]["rowCount"] == 2


def test_a_project_is_renamed_described_and_its_rows_replaced(auth_client, project, bom_catalog):
    response = auth_client.patch(
        f"{URL}/{project.pk}",
        {"name": "Hala B", "description": "Etapa 2", "rows": [row(bom_catalog["L-50X50X5"], "30", "m")]},
        format="json",
    )
    assert response.status_code == 200
    project.refresh_from_db()
    assert (project.name, project.description) == ("Hala B", "Etapa 2")
    assert [r["sku"] for r in project.rows] == ["L-50X50X5"]


def test_a_bad_rename_changes_nothing(auth_client, project):
    response = auth_client.patch(f"{URL}/{project.pk}", {"name": ""}, format="json")
    assert response.status_code == 400
    assert "name" in response.json()["details"]
    project.refresh_from_db()
    assert project.name == "Hala Chitila"


def test_a_project_is_deleted(auth_client, project):
    assert auth_client.delete(f"{URL}/{project.pk}").status_code == 204
    assert not Project.objects.exists()


def test_rows_whose_product_vanished_are_flagged_and_left_out_of_the_total(auth_client, project, bom_catalog):
    bom_catalog["TP-40X40X3"].is_active = False
    bom_catalog["TP-40X40X3"].save()
    body = auth_client.get(f"{URL}/{project.pk}").json()
    assert [r["vanished"] for r in body["rows"]] == [False, True]
    assert body["vanished"] == 1
    assert Decimal(body["subtotal"]) == Decimal(body["rows"][0]["price"])


def test_a_project_is_priced_at_todays_price(auth_client, project, bom_catalog):
    ipe = bom_catalog["IPE-200-S235JR"]
    before = Decimal(auth_client.get(f"{URL}/{project.pk}").json()["rows"][0]["price"])
    ipe.price_per_unit *= 2
    ipe.save()
    after = Decimal(auth_client.get(f"{URL}/{project.pk}").json()["rows"][0]["price"])
    assert after == before * 2


def test_re_adding_to_the_cart_puts_rows_still_sold_and_reports_the_vanished(auth_client, user, project, bom_catalog):
    bom_catalog["TP-40X40X3"].delete()
    response = auth_client.post(f"{URL}/{project.pk}/add-to-cart", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.json()
    assert body["added"] == [1]
    assert [s["row"] for s in body["skipped"]] == [2]
    assert len(body["cart"]["items"]) == 1
    assert CartItem.objects.get(cart__user=user).product.sku == "IPE-200-S235JR"
    project.refresh_from_db()
    assert project.last_used_at is not None


@pytest.mark.parametrize(
    ("method", "suffix"),
    [("get", ""), ("patch", ""), ("delete", ""), ("post", "/add-to-cart")],
)
def test_another_users_project_is_not_found(api_login, project, method, suffix):
    from accounts.tests.factories import UserFactory

    stranger = api_login(UserFactory())
    response = getattr(stranger, method)(f"{URL}/{project.pk}{suffix}", {"name": "Mine now"}, format="json")
    assert response.status_code == 404
    project.refresh_from_db()
    assert project.name == "Hala Chitila"
    assert not CartItem.objects.exists()


@pytest.mark.parametrize(("method", "path"), [("get", ""), ("post", ""), ("get", "/{id}"), ("delete", "/{id}")])
def test_projects_need_a_signed_in_user(api_client, project, method, path):
    response = getattr(api_client, method)(URL + path.format(id=project.pk))
    assert response.status_code == 401
    assert Project.objects.count() == 1
