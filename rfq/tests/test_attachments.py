"""Attachments: what a file is comes from its bytes; downloads only by signed, short-lived links."""

import io
import zipfile
from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.tests.factories import UserFactory
from rfq.files import CSV, DWG, DXF, JPEG, PDF, PNG, XLSX, ZIP, sniff
from rfq.models import Attachment
from rfq.tests.factories import RfqFactory

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 256


def zipped(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        pytest.param(PDF_BYTES, PDF, id="pdf"),
        pytest.param(PNG_BYTES, PNG, id="png"),
        pytest.param(JPEG_BYTES, JPEG, id="jpeg"),
        pytest.param(zipped(["[Content_Types].xml", "xl/workbook.xml"]), XLSX, id="xlsx"),
        pytest.param(zipped(["desen.dwg", "lista.txt"]), ZIP, id="zip"),
        pytest.param(b"AC1032\x00\x00\x00\x00\x00" + b"\x00" * 64, DWG, id="dwg"),
        pytest.param(b"  0\r\nSECTION\r\n  2\r\nHEADER\r\n", DXF, id="dxf-ascii"),
        pytest.param("Cod;Denumire;Cant.\nTR-40X20X2;Țeavă rectangulară;12\n".encode(), CSV, id="csv-utf8"),
        pytest.param("Denumire,Cant\nŢeavă,3\n".encode("cp1250"), CSV, id="csv-cp1250"),
        pytest.param(EXE_BYTES, None, id="windows-executable"),
        pytest.param(b"#!/bin/sh\nrm -rf /\n", None, id="shell-script"),
        pytest.param(b"<html><script>alert(1)</script></html>", None, id="html"),
    ],
)
def test_kind_comes_from_the_content(content, kind):
    assert sniff(SimpleUploadedFile("oricare.pdf", content)) == kind


def upload(client, name, content, **headers):
    return client.post("/api/upload/attachment", {"file": SimpleUploadedFile(name, content)}, **headers)


def test_upload_answers_with_what_was_stored(api_client):
    response = upload(api_client, "Desen IPE 200.pdf", PDF_BYTES)

    body = response.json()
    attachment = Attachment.objects.get()
    assert response.status_code == 201
    assert body == {
        "id": str(attachment.id),
        "fileName": "Desen IPE 200.pdf",
        "fileSize": len(PDF_BYTES),
        "mimeType": "application/pdf",
    }
    assert "Desen" not in attachment.file.name  # stored under a random key
    assert response["X-Cart-Token"]


def test_an_executable_renamed_pdf_is_415(api_client):
    response = upload(api_client, "oferta.pdf", EXE_BYTES)

    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_file_type"
    assert not Attachment.objects.exists()


def test_more_than_50_mb_is_413(api_client):
    response = upload(api_client, "scan.pdf", PDF_BYTES + b"\x00" * (50 * 1024 * 1024))

    assert response.status_code == 413
    assert not Attachment.objects.exists()


def test_exactly_50_mb_is_accepted(api_client):
    content = PDF_BYTES + b"\x00" * (50 * 1024 * 1024 - len(PDF_BYTES))

    assert upload(api_client, "scan.pdf", content).status_code == 201


def test_no_file_is_a_field_error(api_client):
    response = api_client.post("/api/upload/attachment", {})

    assert response.status_code == 400
    assert "file" in response.json()["details"]


def test_the_uploader_gets_a_short_lived_download_link(api_client):
    token = upload(api_client, "Desen.pdf", PDF_BYTES)["X-Cart-Token"]
    attachment = Attachment.objects.get()

    body = api_client.get(f"/api/upload/attachment/{attachment.id}", HTTP_X_CART_TOKEN=token).json()
    download = api_client.get(body["url"])

    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert 'filename="Desen.pdf"' in download["Content-Disposition"]
    with time_machine.travel(timedelta(minutes=6)):
        assert api_client.get(body["url"]).status_code == 404


def test_nobody_else_gets_a_link(api_client, api_login):
    upload(api_login(UserFactory()), "Desen.pdf", PDF_BYTES)
    attachment = Attachment.objects.get()

    assert api_client.get(f"/api/upload/attachment/{attachment.id}").status_code == 404
    assert api_login(UserFactory()).get(f"/api/upload/attachment/{attachment.id}").status_code == 404
    assert api_login(UserFactory(is_staff=True)).get(f"/api/upload/attachment/{attachment.id}").status_code == 200


def test_attachments_join_the_rfq_and_its_owner_reads_them(api_login, user, django_capture_on_commit_callbacks):
    from catalog.tests.factories import ProductFactory

    client = api_login(user)
    product = ProductFactory()
    client.post("/api/cart/items", {"productId": str(product.id), "quantity": "1", "unit": "m"}, format="json")
    attachment_id = upload(client, "Desen.dxf", b"  0\nSECTION\n").json()["id"]
    contact = {
        "companyName": "Atelier SRL", "contactPerson": "Ion", "email": user.email, "phone": "0722000000",
        "billingAddress": {"street": "Str. X 1", "city": "Iași", "county": "Iași"},
        "deliveryAddress": {"street": "Str. X 1", "city": "Iași", "county": "Iași"},
        "attachmentIds": [attachment_id],
    }  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        rfq = client.post("/api/rfq", contact, format="json").json()

    assert [a["fileName"] for a in rfq["attachments"]] == ["Desen.dxf"]
    assert api_login(UserFactory()).get(f"/api/upload/attachment/{attachment_id}").status_code == 404


def test_someone_elses_attachment_cannot_be_attached(api_login, user, api_client):
    from catalog.tests.factories import ProductFactory

    theirs = upload(api_client, "Desen.pdf", PDF_BYTES).json()["id"]
    client = api_login(user)
    client.post("/api/cart/items", {"productId": str(ProductFactory().id), "quantity": "1", "unit": "m"}, format="json")
    contact = {
        "companyName": "Atelier SRL", "contactPerson": "Ion", "email": user.email, "phone": "0722000000",
        "billingAddress": {"street": "Str. X 1", "city": "Iași", "county": "Iași"},
        "deliveryAddress": {"street": "Str. X 1", "city": "Iași", "county": "Iași"},
        "attachmentIds": [theirs],
    }  # fmt: skip

    response = client.post("/api/rfq", contact, format="json")

    assert response.status_code == 400
    assert "attachmentIds" in response.json()["details"]


def test_rfq_attachment_pages_need_the_owner(client, user):
    rfq = RfqFactory(user=user)
    attachment = Attachment.objects.create(
        rfq=rfq,
        file=SimpleUploadedFile("x.pdf", PDF_BYTES),
        file_name="x.pdf",
        file_size=len(PDF_BYTES),
        mime_type="application/pdf",
    )

    assert client.get(f"/cereri/{rfq.id}/fisiere/{attachment.id}/").status_code == 404
    client.force_login(user)
    assert client.get(f"/cereri/{rfq.id}/fisiere/{attachment.id}/").status_code == 302
