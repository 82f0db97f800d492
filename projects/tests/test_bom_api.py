from decimal import Decimal

import pytest
from django.core.files.storage import default_storage

from accounts.models import Company
from accounts.tests.factories import UserFactory
from cart.models import CartItem
from projects.models import BomUpload, MappingMemory
from projects.tests.files import as_upload, csv_bytes, simple_bom, xlsx_bytes, zip_bomb

URL = "/api/upload/bom"
CONTRACT_ROW_KEYS = {"row", "description", "quantity", "unit", "productId", "sku", "confidence", "matched"}


@pytest.fixture
def upload(django_capture_on_commit_callbacks):
    """POST a file; the reading task runs when the upload commits (eagerly, as in `make run`)."""

    def post(client, content: bytes, name: str = "lista.csv", **headers):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(URL, {"file": as_upload(content, name)}, format="multipart", **headers)

    return post


def read(client, upload_id, **headers):
    return client.get(f"{URL}/{upload_id}", **headers)


BOM = simple_bom(
    ("Profil IPE 200", "S355J2", "24", "ml"),
    ("Teava patrata 40x40x3", "", "12,5", "m"),
    ("Surub M16x60", "", "100", "buc"),
    ("Tabla neagra 3 mm", "", "2", "buc"),
)


def test_an_upload_is_accepted_with_its_id_and_status_and_read_in_the_background(auth_client, bom_catalog, upload):
    response = upload(auth_client, BOM)
    assert response.status_code == 202
    assert set(response.json()) == {"id", "status"}
    body = read(auth_client, response.json()["id"]).json()
    assert body["status"] == "DONE"
    assert [row["row"] for row in body["rows"]] == [2, 3, 4, 5]
    assert all(row.keys() >= CONTRACT_ROW_KEYS for row in body["rows"])


def test_rows_carry_product_confidence_and_price(auth_client, bom_catalog, upload):
    body = read(auth_client, upload(auth_client, BOM).json()["id"]).json()
    ipe, tube, bolt, sheet = body["rows"]
    assert (ipe["sku"], ipe["matched"], ipe["quantity"], ipe["unit"]) == ("IPE-200-S355J2", True, "24.000", "m")
    assert ipe["confidence"] >= 0.9
    assert Decimal(ipe["price"]) > 0
    assert Decimal(ipe["weightKg"]) == Decimal("537.6")
    assert tube["sku"] == "TP-40X40X3"
    assert tube["quantity"] == "12.500"
    assert bolt["productId"] is None
    assert bolt["matched"] is False
    assert bolt["alternatives"] == []
    assert sheet["sku"] == "TN-2000X1000X3-S235JR"
    assert sheet["matched"] is False
    assert body["summary"]["rows"] == 4
    assert body["summary"]["matched"] == 2
    assert body["summary"]["unmatched"] == 1


def test_a_guest_reads_their_list_with_the_cart_token_and_nobody_else_can(api_client, auth_client, bom_catalog, upload):
    response = upload(api_client, BOM)
    token, upload_id = response["X-Cart-Token"], response.json()["id"]
    assert read(api_client, upload_id, HTTP_X_CART_TOKEN=token).status_code == 200
    assert read(api_client, upload_id).status_code == 404
    assert read(auth_client, upload_id).status_code == 404


def test_another_users_list_is_not_found_for_every_operation(api_login, bom_catalog, upload):
    owner, intruder = api_login(UserFactory()), api_login(UserFactory())
    upload_id = upload(owner, BOM).json()["id"]
    assert read(intruder, upload_id).status_code == 404
    assert intruder.patch(f"{URL}/{upload_id}/rows/2", {"confirm": True}, format="json").status_code == 404
    assert intruder.post(f"{URL}/{upload_id}/add-to-cart", {}, format="json").status_code == 404
    assert read(owner, upload_id).status_code == 200


def test_a_missing_file_is_a_field_error(auth_client):
    response = auth_client.post(URL, {}, format="multipart")
    assert response.status_code == 400
    assert "file" in response.json()["details"]


@pytest.mark.parametrize(
    ("content", "name", "status", "code"),
    [
        (b"", "lista.csv", 400, "file_empty"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "lista.xlsx", 415, "unsupported_file_type"),
        (b"%PDF-1.7 not a list", "lista.csv", 415, "unsupported_file_type"),
        (zip_bomb(), "lista.xlsx", 413, "bom_zip_bomb"),
    ],
    ids=["empty", "image-renamed-xlsx", "pdf", "zip-bomb"],
)
def test_bad_files_are_refused_and_nothing_is_stored(auth_client, content, name, status, code, upload):
    response = upload(auth_client, content, name)
    assert response.status_code == status
    assert response.json()["code"] == code
    assert response.json()["error"]
    assert not BomUpload.objects.exists()
    assert not default_storage.exists("bom")


def test_a_file_over_the_size_limit_is_refused_with_413(auth_client, monkeypatch, upload):
    from projects.services import bom

    monkeypatch.setattr(bom, "BOM_MAX_BYTES", 100)
    response = upload(auth_client, BOM)
    assert response.status_code == 413
    assert response.json()["code"] == "file_too_large"


def test_a_million_row_sheet_fails_at_upload_with_400(auth_client, monkeypatch, upload):
    from projects.bom import reader

    monkeypatch.setattr(reader, "MAX_ROWS", 50)
    response = upload(auth_client, csv_bytes([["Denumire", "Cant."]] + [["IPE 200", "1"]] * 2000))
    assert response.status_code == 400
    assert response.json()["code"] == "bom_too_many_rows"


def test_a_list_without_a_quantity_column_fails_with_the_headers_it_saw(auth_client, bom_catalog, upload):
    content = xlsx_bytes([["Denumire", "Calitate", "Pret"], ["IPE 200", "S235JR", 100]])
    body = read(auth_client, upload(auth_client, content, "lista.xlsx").json()["id"]).json()
    assert body["status"] == "FAILED"
    assert "quantity" in body["failureReason"].lower() or "cantitate" in body["failureReason"].lower()
    assert "“Denumire”, “Calitate”, “Pret”" in body["failureReason"]


def test_the_failure_reason_is_in_the_language_of_the_upload(auth_client, bom_catalog, upload):
    content = xlsx_bytes([["Denumire", "Calitate", "Pret"], ["IPE 200", "S235JR", 100]])
    english = upload(auth_client, content, "lista.xlsx", HTTP_ACCEPT_LANGUAGE="en").json()["id"]
    assert read(auth_client, english).json()["failureReason"].startswith("No quantity column found")


def test_add_to_cart_adds_the_accepted_rows_and_reports_the_others(auth_client, user, bom_catalog, upload):
    upload_id = upload(auth_client, BOM).json()["id"]
    response = auth_client.post(f"{URL}/{upload_id}/add-to-cart", {}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["added"] == [2, 3]
    assert {item["row"] for item in body["skipped"]} == {5}  # a suggestion, not confirmed
    lines = CartItem.objects.filter(cart__user=user).order_by("created_at")
    assert [(line.product.sku, line.quantity, line.unit) for line in lines] == [
        ("IPE-200-S355J2", Decimal("24.000"), "m"),
        ("TP-40X40X3", Decimal("12.500"), "m"),
    ]
    assert body["cart"]["itemCount"] == 2


def test_pieces_with_a_length_go_to_the_cart_cut_to_that_length(auth_client, user, bom_catalog, upload):
    content = csv_bytes([["Denumire", "Cant.", "UM", "Lungime (mm)"], ["IPE 200 S235JR", "4", "buc", "6000"]])
    upload_id = upload(auth_client, content).json()["id"]
    auth_client.post(f"{URL}/{upload_id}/add-to-cart", {}, format="json")
    line = CartItem.objects.get(cart__user=user)
    assert (line.quantity, line.unit, line.specs) == (Decimal("4.000"), "pcs", {"cut_length_mm": 6000})


def test_naming_rows_adds_exactly_those_or_nothing(auth_client, user, bom_catalog, upload):
    upload_id = upload(auth_client, BOM).json()["id"]
    refused = auth_client.post(f"{URL}/{upload_id}/add-to-cart", {"rows": [2, 4]}, format="json")
    assert refused.status_code == 400
    assert "4:" in " ".join(refused.json()["details"]["rows"])
    assert not CartItem.objects.filter(cart__user=user).exists()
    accepted = auth_client.post(f"{URL}/{upload_id}/add-to-cart", {"rows": [5]}, format="json")
    assert accepted.status_code == 200
    assert accepted.json()["added"] == [5]
    assert CartItem.objects.get(cart__user=user).product.sku == "TN-2000X1000X3-S235JR"


def test_unknown_rows_are_a_400(auth_client, bom_catalog, upload):
    upload_id = upload(auth_client, BOM).json()["id"]
    response = auth_client.post(f"{URL}/{upload_id}/add-to-cart", {"rows": [99]}, format="json")
    assert response.status_code == 400


def company_user(cui: str):
    user = UserFactory(role="BUSINESS")
    Company.objects.create(user=user, legal_name=f"Firma {cui} SRL", cui=cui)
    return user


def test_a_correction_is_remembered_for_the_whole_company(api_login, bom_catalog, upload):
    content = simple_bom(("Grinda principala G1", "", "12", "m"))
    first = api_login(company_user("18547290"))
    upload_id = upload(first, content).json()["id"]
    assert read(first, upload_id).json()["rows"][0]["productId"] is None
    chosen = str(bom_catalog["IPE-200-S355J2"].pk)
    row = first.patch(f"{URL}/{upload_id}/rows/2", {"productId": chosen}, format="json").json()
    assert (row["productId"], row["matched"], row["source"]) == (chosen, True, "buyer")
    assert MappingMemory.objects.get().cui == "18547290"

    colleague = api_login(company_user("18547290"))
    again = read(colleague, upload(colleague, content).json()["id"]).json()["rows"][0]
    assert (again["sku"], again["source"], again["matched"]) == ("IPE-200-S355J2", "memory", True)

    stranger = api_login(company_user("14399840"))
    assert read(stranger, upload(stranger, content).json()["id"]).json()["rows"][0]["productId"] is None


def test_confirming_a_suggestion_accepts_it_and_remembers_it(auth_client, user, bom_catalog, upload):
    upload_id = upload(auth_client, BOM).json()["id"]
    row = auth_client.patch(f"{URL}/{upload_id}/rows/5", {"confirm": True}, format="json").json()
    assert row["matched"] is True
    assert row["source"] == "buyer"
    assert MappingMemory.objects.get(user=user, scope="USER").product.sku == "TN-2000X1000X3-S235JR"


def test_quantity_and_unit_are_corrected_and_repriced(auth_client, bom_catalog, upload):
    upload_id = upload(auth_client, BOM).json()["id"]
    row = auth_client.patch(f"{URL}/{upload_id}/rows/2", {"quantity": "2", "unit": "pcs"}, format="json").json()
    assert (row["quantity"], row["unit"]) == ("2.000", "pcs")
    assert Decimal(row["weightKg"]) == Decimal("537.6")  # two 12 m bars of 22.4 kg/m


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"productId": "00000000-0000-0000-0000-000000000000"}, "rows"),
        ({"quantity": "-1"}, "quantity"),
        ({"unit": "l"}, "unit"),
    ],
)
def test_bad_corrections_are_field_errors_and_change_nothing(auth_client, bom_catalog, payload, field, upload):
    upload_id = upload(auth_client, BOM).json()["id"]
    before = read(auth_client, upload_id).json()["rows"]
    response = auth_client.patch(f"{URL}/{upload_id}/rows/2", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()["details"]
    assert read(auth_client, upload_id).json()["rows"] == before


def test_a_row_that_does_not_exist_is_a_400(auth_client, bom_catalog, upload):
    upload_id = upload(auth_client, BOM).json()["id"]
    assert auth_client.patch(f"{URL}/{upload_id}/rows/42", {"confirm": True}, format="json").status_code == 400


def test_uploads_are_rate_limited(auth_client, settings, bom_catalog, upload):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "bom": "2/1h"},
    }
    assert [upload(auth_client, BOM).status_code for _ in range(3)] == [202, 202, 429]
