"""What an uploaded file really is, from its first bytes (never its name or the client's MIME)."""

import re
import zipfile
from dataclasses import dataclass

import filetype
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from metalpro.exceptions import ApplicationError

MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
_SNIFF_BYTES = 8192
_DWG = re.compile(rb"^AC(10\d\d|1\.\d\d?|2\.\d\d?)")
_DXF_ASCII = re.compile(rb"^\s*(0\s*[\r\n]+\s*SECTION|999\s*[\r\n])")
_DXF_BINARY = b"AutoCAD Binary DXF\r\n\x1a\x00"


@dataclass(frozen=True)
class Kind:
    extension: str
    mime_type: str


PDF, PNG, JPEG = Kind("pdf", "application/pdf"), Kind("png", "image/png"), Kind("jpg", "image/jpeg")
GIF, WEBP = Kind("gif", "image/gif"), Kind("webp", "image/webp")
XLSX = Kind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
ZIP, CSV = Kind("zip", "application/zip"), Kind("csv", "text/csv")
DWG, DXF = Kind("dwg", "image/vnd.dwg"), Kind("dxf", "image/vnd.dxf")
_BY_FILETYPE = {"pdf": PDF, "png": PNG, "jpg": JPEG, "gif": GIF, "webp": WEBP, "xlsx": XLSX, "dwg": DWG}
ACCEPTED = "PDF, PNG, JPG, GIF, WEBP, XLSX, CSV, DWG, DXF, ZIP"


def _looks_like_csv(head: bytes) -> bool:
    """Text (UTF-8, UTF-16 with BOM or Windows-1250) where one of the first lines has a column
    separator: spreadsheets exported as CSV often start with a title line without one."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head[2:].decode("utf-16-le" if head[:2] == b"\xff\xfe" else "utf-16-be", errors="ignore").encode()
    if b"\x00" in head or not head.strip():
        return False
    for encoding in ("utf-8", "cp1250"):
        try:
            text = head.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return False
    lines = [line for line in text.lstrip("\ufeff").splitlines() if line.strip()][:10]
    return any(separator in line for line in lines for separator in ",;\t|")


def sniff(upload: UploadedFile) -> Kind | None:
    upload.seek(0)
    head = upload.read(_SNIFF_BYTES)
    upload.seek(0)
    guess = filetype.guess(head)
    if guess is not None:
        if guess.extension == "zip":
            try:
                names = zipfile.ZipFile(upload).namelist()
            except zipfile.BadZipFile:
                return None
            finally:
                upload.seek(0)
            return XLSX if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names) else ZIP
        return _BY_FILETYPE.get(guess.extension)
    if _DWG.match(head):
        return DWG
    if head.startswith(_DXF_BINARY) or _DXF_ASCII.match(head):
        return DXF
    if _looks_like_csv(head):
        return CSV
    return None


def check_upload(
    upload: UploadedFile, *, max_bytes: int = MAX_ATTACHMENT_BYTES, allowed: set[Kind] | None = None
) -> Kind:
    """The file's real kind, or an ApplicationError: 413 when too large, 415 when not accepted."""
    if upload.size > max_bytes:
        raise ApplicationError(
            _("The file is larger than %(limit)s MB.") % {"limit": max_bytes // 2**20},
            code="file_too_large",
            status_code=413,
        )
    if upload.size == 0:
        raise ApplicationError(_("The file is empty."), code="file_empty", status_code=400)
    kind = sniff(upload)
    if kind is None or (allowed is not None and kind not in allowed):
        accepted = ", ".join(sorted(k.extension.upper() for k in allowed)) if allowed else ACCEPTED
        raise ApplicationError(
            _("This type of file is not accepted. Accepted: %(types)s.") % {"types": accepted},
            code="unsupported_file_type",
            status_code=415,
        )
    return kind
