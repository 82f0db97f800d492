"""S3 storage (django-storages) against moto's S3 server on 127.0.0.1: files land in the bucket,
and the presigned download link is fetched over real HTTP."""

import contextlib
import socket
import urllib.request

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from moto.server import ThreadedMotoServer

from rfq.models import Attachment
from rfq.tests.test_attachments import PDF_BYTES

pytestmark = pytest.mark.django_db
BUCKET = "metalpro-test"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3", endpoint_url=endpoint, region_name="eu-central-1", aws_access_key_id="test", aws_secret_access_key="test"
    )
    # moto keeps its state per process: another module's server may have made the bucket already.
    with contextlib.suppress(client.exceptions.BucketAlreadyOwnedByYou):
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})
    yield endpoint
    server.stop()


@pytest.fixture
def s3_storage(settings, s3_endpoint):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "eu-central-1",
                "access_key": "test",
                "secret_key": "test",
                "addressing_style": "path",
                "default_acl": None,
                "file_overwrite": False,
                "querystring_expire": 300,
            },
        },
    }
    return boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="eu-central-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )


def test_attachment_round_trip_through_s3(api_client, s3_storage):
    response = api_client.post("/api/upload/attachment", {"file": SimpleUploadedFile("Desen.pdf", PDF_BYTES)})
    attachment = Attachment.objects.get()

    stored = s3_storage.get_object(Bucket=BUCKET, Key=attachment.file.name)["Body"].read()
    link = api_client.get(f"/api/upload/attachment/{attachment.id}", HTTP_X_CART_TOKEN=response["X-Cart-Token"]).json()[
        "url"
    ]
    with urllib.request.urlopen(link, timeout=10) as download:
        fetched, disposition = download.read(), download.headers["Content-Disposition"]

    assert response.status_code == 201
    assert stored == PDF_BYTES
    assert link.startswith("http://127.0.0.1:")
    assert "X-Amz-Expires=300" in link
    assert fetched == PDF_BYTES
    assert 'filename="Desen.pdf"' in disposition


def test_a_link_without_its_signature_is_refused(api_client, s3_storage):
    response = api_client.post("/api/upload/attachment", {"file": SimpleUploadedFile("Desen.pdf", PDF_BYTES)})
    link = api_client.get(
        f"/api/upload/attachment/{Attachment.objects.get().id}", HTTP_X_CART_TOKEN=response["X-Cart-Token"]
    ).json()["url"]

    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(link.split("?")[0], timeout=10)

    assert error.value.code == 403
