"""Spreadsheets for tests, written the way Excel and LibreOffice write them."""

import csv
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

HEADER = ["Nr.crt", "Denumire", "Calitate", "Cant.", "UM"]


def csv_bytes(rows: list[list], *, encoding: str = "utf-8", delimiter: str = ";") -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows(rows)
    return text.getvalue().encode(encoding)


def xlsx_bytes(*sheets: list[list], titles: tuple[str, ...] = ()) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for index, rows in enumerate(sheets):
        sheet = workbook.create_sheet(titles[index] if index < len(titles) else f"Sheet{index + 1}")
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    """A zip that looks like an XLSX and inflates a few KB into 200 MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * 2**20
            for _ in range(200):
                member.write(chunk)
    return buffer.getvalue()


def as_upload(content: bytes, name: str = "lista.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def simple_bom(*lines: tuple) -> bytes:
    """A clean Romanian CSV: (description, grade, quantity, unit) per line."""
    rows = [HEADER, *[[number, *line] for number, line in enumerate(lines, start=1)]]
    return csv_bytes(rows)
