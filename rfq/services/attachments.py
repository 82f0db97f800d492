"""Files buyers attach to a request: checked by content, stored under random keys, handed out
only through short-lived signed URLs."""

import os

from django.core import signing
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse

from accounts.models import User
from cart.models import Cart
from rfq.files import check_upload
from rfq.models import Attachment

URL_LIFETIME = 300  # seconds
_SALT = "rfq.file-download"


def _display_name(name: str) -> str:
    name = os.path.basename(name or "").replace("\x00", "").strip() or "fisier"
    return name[-200:]


@transaction.atomic
def attachment_upload(*, upload: UploadedFile, user: User | None, cart: Cart | None) -> Attachment:
    kind = check_upload(upload)
    attachment = Attachment(
        file_name=_display_name(upload.name),
        file_size=upload.size,
        mime_type=kind.mime_type,
        uploaded_by=user,
        cart=None if user else cart,
    )
    attachment.file.save(f"{attachment.pk.hex}.{kind.extension}", upload, save=False)
    attachment.save()
    return attachment


def signed_file_url(field_file, *, download_name: str) -> str:
    """A URL valid for a few minutes: S3's presigned URL, or our own signed link on the filesystem."""
    storage = field_file.storage
    if hasattr(storage, "bucket_name"):  # django-storages S3
        disposition = f'attachment; filename="{download_name}"'.encode("ascii", "ignore").decode()
        return storage.url(field_file.name, parameters={"ResponseContentDisposition": disposition}, expire=URL_LIFETIME)
    token = signing.dumps({"n": field_file.name, "d": download_name}, salt=_SALT, compress=True)
    return reverse("rfq:file", args=[token])


def signed_file_target(token: str) -> tuple[str, str] | None:
    """(storage name, download name) of a signed link that has not expired."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=URL_LIFETIME)
        return data["n"], data["d"]
    except (signing.BadSignature, KeyError, TypeError):
        return None
