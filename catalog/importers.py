"""Reading product files (CSV, JSON) into rows for `catalog.services.products_import`.

File-level problems (missing file, unreadable encoding, wrong header, broken JSON) raise
`ImportFileError` with a message an operator can act on; row-level problems are the service's.
"""

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

REQUIRED_KEYS = ("sku", "title", "category", "baseUnit", "pricePerUnit")
KNOWN_KEYS = (
    "sku",
    "title",
    "category",
    "grade",
    "standard",
    "dimensions",
    "availability",
    "baseUnit",
    "pricePerUnit",
    "weight",
    "lengthM",
    "stock",
    "description",
    "titleEn",
    "descriptionEn",
    "metadata",
)
_KEY_BY_FOLDED = {re.sub(r"[^a-z]", "", key.lower()): key for key in KNOWN_KEYS}
MAX_FILE_BYTES = 100 * 1024 * 1024

Row = tuple[int | str, dict]


class ImportFileError(Exception):
    pass


def _canonical_key(name: str) -> str | None:
    """`price_per_unit`, `Price Per Unit` and `pricePerUnit` are the same column."""
    return _KEY_BY_FOLDED.get(re.sub(r"[^a-z]", "", (name or "").lower()))


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1250 (what Excel saves in Romania)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError("The file is UTF-16; save it as CSV UTF-8 and try again.")
    if b"\x00" in raw[:4096]:
        raise ImportFileError("This is not a text file (it contains binary data).")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1250")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            f"Unreadable encoding (byte {error.object[error.start]:#x} at position {error.start}):"
            " save the file as UTF-8 or Windows-1250."
        ) from error


def _check_header(keys: list[str | None], seen: list[str]) -> None:
    missing = [key for key in REQUIRED_KEYS if key not in keys]
    if missing:
        raise ImportFileError(
            f"Missing column(s): {', '.join(missing)}. Columns found: {', '.join(seen) or 'none'}."
            f" Expected: {', '.join(KNOWN_KEYS[:12])}."
        )


def read_csv(text: str) -> Iterator[Row]:
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileError("The file is empty.") from None
    keys = [_canonical_key(name) for name in header]
    _check_header(keys, [name.strip() for name in header])
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        row = {key: cell for key, cell in zip(keys, cells, strict=False) if key}
        yield reader.line_num, row


def read_json(text: str) -> Iterator[Row]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(f"Invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}.") from error
    if isinstance(data, dict) and isinstance(data.get("products"), list):
        data = data["products"]
    if not isinstance(data, list):
        raise ImportFileError('Expected a JSON array of products (or {"products": [...]}).')
    if data and all(isinstance(item, dict) for item in data):
        keys = {_canonical_key(key) for item in data for key in item}
        _check_header(list(keys), sorted({key for item in data for key in item}))
    for index, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            yield f"item {index}", {}
            continue
        row = {}
        for key, value in item.items():
            canonical = _canonical_key(key)
            if canonical:
                row[canonical] = value if canonical == "metadata" or value is None else str(value)
        yield f"item {index}", row


def read_product_file(path: str | Path) -> list[Row]:
    path = Path(path)
    if not path.is_file():
        raise ImportFileError(f"File not found: {path}")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ImportFileError(f"The file is larger than {MAX_FILE_BYTES // 2**20} MB.")
    text = decode(path.read_bytes())
    suffix = path.suffix.lower()
    if suffix == ".json":
        return list(read_json(text))
    if suffix in (".csv", ".txt", ".tsv"):
        return list(read_csv(text))
    raise ImportFileError(f"Unsupported file type {suffix or '(none)'}: use .csv or .json.")
