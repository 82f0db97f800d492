"""Rows under the header → BOM lines: the text to match, a quantity in kg, m or pcs, a length.

Numbers are read as people write them: `12,5`, `1.234,5`, `1,234.5`, `1 234`, `12 buc`. A bare
`1.000` is a thousand in a file that writes decimals with commas and one otherwise. Units:
buc/bucăți/pcs/pc/ea → pcs; m/ml/metri → m; kg; t/to/tone → kg × 1000. Blank rows, total and
subtotal rows and rows that name nothing are skipped and reported with their row number.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from django.utils.translation import gettext as _

from catalog.text import normalize
from projects.bom.headers import (
    CODE,
    DESCRIPTION,
    DIMENSIONS,
    GRADE,
    LENGTH,
    NOTES,
    QUANTITY,
    UNIT,
    WEIGHT,
    Columns,
)
from projects.bom.reader import Cell

PCS, M, KG = "pcs", "m", "kg"
UNITS: dict[str, tuple[str, Decimal]] = {}
for _unit, _factor, _names in (
    (PCS, 1, "buc bucata bucati bucăți bc pcs pc pce pces piece pieces ea each nr"),
    (M, 1, "m ml mliniar metri metru metre metres meter meters mtr lm"),
    (KG, 1, "kg kgs kilogram kilograme kilograms"),
    (KG, 1000, "t to tone tona tonne tonnes ton tons"),
):
    for _name in _names.split():
        UNITS[normalize(_name)] = (_unit, Decimal(_factor))

MAX_QUANTITY = Decimal(10**7)
_NUMBER = re.compile(r"^[~≈]?\s*([+-]?\d[\d\s.,']*)\s*([^\d\s].*)?$")
_TOTAL = re.compile(r"^(sub\s*total|subtotal|total|grand total|suma|sum|totaluri)\b")
_MM_LENGTH_FROM = Decimal(100)  # a bare length below this is metres ("6"), above millimetres ("6000")


@dataclass
class Line:
    row: int
    description: str
    code: str = ""
    quantity: Decimal | None = None
    unit: str | None = None
    unit_read: str = ""  # as written, when it was not understood or had to be assumed
    unit_assumed: bool = False
    length_mm: int | None = None
    notes: str = ""
    problems: list[str] = field(default_factory=list)


@dataclass
class Lines:
    lines: list[Line]
    skipped: list[dict]  # {row, reason}
    blank: int


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, Decimal):
        return f"{cell.normalize():f}"
    return " ".join(cell.split())


def parse_number(value: Cell, *, decimal_comma: bool = True) -> tuple[Decimal | None, str]:
    """(number, what follows it) of a cell: `12,5 buc` → (12.5, "buc")."""
    if value is None:
        return None, ""
    if isinstance(value, Decimal):
        return value, ""
    match = _NUMBER.match(value.strip())
    if not match:
        return None, ""
    digits, rest = match.group(1), (match.group(2) or "").strip()
    digits = re.sub(r"[\s']", "", digits).rstrip(".,")
    has_dot, has_comma = "." in digits, "," in digits
    if has_dot and has_comma:
        decimal_mark = "." if digits.rfind(".") > digits.rfind(",") else ","
    elif has_comma:
        thousands = re.fullmatch(r"\d{1,3}(,\d{3})+", digits) is not None
        decimal_mark = "." if thousands and (not decimal_comma or digits.count(",") > 1) else ","
    elif has_dot:
        thousands = re.fullmatch(r"\d{1,3}(\.\d{3})+", digits) is not None
        decimal_mark = "," if thousands and (decimal_comma or digits.count(".") > 1) else "."
    else:
        decimal_mark = "."
    thousands_mark = "," if decimal_mark == "." else "."
    digits = digits.replace(thousands_mark, "").replace(decimal_mark, ".")
    try:
        number = Decimal(digits)
    except InvalidOperation:
        return None, rest
    return (number if number.is_finite() else None), rest


@lru_cache(maxsize=512)
def read_unit(text: str) -> tuple[str, Decimal] | None:
    folded = normalize(text)
    return UNITS.get(folded.replace(" ", "")) or UNITS.get(folded)


def uses_decimal_comma(rows: list[tuple[int, list[Cell]]], columns: Columns, delimiter: str) -> bool:
    """Whether the numbers of this file write decimals with a comma (Romanian habit)."""
    comma = dot = 0
    for name in (QUANTITY, WEIGHT, LENGTH):
        position = columns.index.get(name)
        if position is None:
            continue
        for _row, cells in rows[:500]:
            cell = cells[position] if position < len(cells) else None
            if not isinstance(cell, str):
                continue
            if re.search(r"\d,\d{1,2}(?!\d)|\d,\d{4,}", cell):
                comma += 1
            elif re.search(r"\d\.\d{1,2}(?!\d)|\d\.\d{4,}", cell):
                dot += 1
    if comma or dot:
        return comma >= dot
    return delimiter != ","


def _length_mm(value: Cell, header_unit: str | None, decimal_comma: bool) -> int | None:
    number, rest = parse_number(value, decimal_comma=decimal_comma)
    if number is None or number <= 0:
        return None
    unit = normalize(rest) or header_unit
    if unit in ("m", "ml", "metri") or (unit != "mm" and number < _MM_LENGTH_FROM):
        number *= 1000
    return int(number.to_integral_value()) if number <= 100_000 else None


def _cell(cells: list[Cell], columns: Columns, name: str) -> Cell:
    position = columns.index.get(name)
    return cells[position] if position is not None and position < len(cells) else None


def _combined_description(cells: list[Cell], columns: Columns) -> str:
    """Description, size and grade columns together, without repeating what one already says."""
    parts: list[str] = []
    for name in (DESCRIPTION, DIMENSIONS, GRADE):
        text = _text(_cell(cells, columns, name))
        if text and text.casefold() not in " ".join(parts).casefold():
            parts.append(text)
    return " ".join(parts)[:300]


def _is_total(cells: list[Cell]) -> bool:
    return any(
        isinstance(cell, str) and cell.lstrip()[:1] in "sStTgG" and _TOTAL.match(normalize(cell)) for cell in cells[:6]
    )


def read_lines(rows: list[tuple[int, list[Cell]]], columns: Columns, *, delimiter: str = "") -> Lines:
    decimal_comma = uses_decimal_comma(rows, columns, delimiter)
    lines: list[Line] = []
    skipped: list[dict] = []
    blank = 0
    for row_number, cells in rows:
        if row_number <= columns.header_row:
            continue
        described = {name: _cell(cells, columns, name) for name in (DESCRIPTION, CODE, DIMENSIONS)}
        if not any(_text(cell) for cell in cells):
            blank += 1
            continue
        if _is_total(cells):
            skipped.append({"row": row_number, "reason": _("total or subtotal row")})
            continue
        description = _combined_description(cells, columns)
        code = _text(described[CODE])
        if not description and not code:
            reason = _("a quantity without a description (a total?)") if _cell(cells, columns, QUANTITY) else None
            skipped.append({"row": row_number, "reason": reason or _("nothing that names a product")})
            continue
        line = Line(row=row_number, description=description or code, code=code[:64])
        line.notes = _text(_cell(cells, columns, NOTES))[:200]
        _read_quantity(line, cells, columns, decimal_comma)
        length = _cell(cells, columns, LENGTH)
        if length is not None:
            line.length_mm = _length_mm(length, columns.units.get(LENGTH), decimal_comma)
            if line.length_mm is None:
                line.problems.append(_("length “%(value)s” not understood") % {"value": _text(length)})
        lines.append(line)
    return Lines(lines=lines, skipped=skipped, blank=blank)


def _read_quantity(line: Line, cells: list[Cell], columns: Columns, decimal_comma: bool) -> None:
    raw = _cell(cells, columns, QUANTITY)
    unit_source = QUANTITY
    if raw is None and WEIGHT in columns:
        raw, unit_source = _cell(cells, columns, WEIGHT), WEIGHT
    quantity, trailing = parse_number(raw, decimal_comma=decimal_comma)
    if raw is not None and quantity is None:
        line.problems.append(_("quantity “%(value)s” is not a number") % {"value": _text(raw)})
        return
    if quantity is None:
        return
    if quantity <= 0 or quantity > MAX_QUANTITY:
        line.problems.append(_("quantity %(value)s is out of range") % {"value": _text(raw)})
        return
    written = trailing or _text(_cell(cells, columns, UNIT))
    if unit_source == WEIGHT:
        written = written or "kg"
    written = written or columns.units.get(unit_source, "")
    if written:
        unit = read_unit(written)
        if unit is None:
            line.unit_read = written[:20]
            line.problems.append(_("unit “%(unit)s” is not one we sell in (kg, m, pcs)") % {"unit": written[:20]})
        else:
            line.unit, factor = unit
            quantity *= factor
    else:
        line.unit, line.unit_assumed = PCS, True
    line.quantity = quantity
