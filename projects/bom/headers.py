"""Which column is what: the header row is found anywhere in a sheet's first rows by RO/EN names.

A header cell is read through `normalize()` ("Cant. (buc)" → "cant buc", "Observații" →
"observatii") and matched by its longest known name at the start; what follows may name a unit
("Cantitate kg", "Lungime (mm)"), which then applies to the whole column.
"""

from dataclasses import dataclass, field

from catalog.text import normalize
from projects.bom.reader import Cell

HEADER_SEARCH_ROWS = 30

POSITION, DESCRIPTION, CODE, GRADE, DIMENSIONS = "position", "description", "code", "grade", "dimensions"
MARK = "mark"  # a detailer's part mark (G1, S2): recognised, not read
QUANTITY, UNIT, LENGTH, WEIGHT, NOTES = "quantity", "unit", "length", "weight", "notes"
# "material" alone is the grade next to a description column, or the description itself.
_MATERIAL = "material"


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split("|"))


SYNONYMS: dict[str, tuple[str, ...]] = {
    POSITION: _names("nr crt|nr|nrcrt|crt|poz|pozitie|pozitia|pos|position|item no|item nr|item|no|line|linie"),
    MARK: _names("marca|marca piesa|reper|reper nr|mark|part mark|piece mark|pozitie desen"),
    DESCRIPTION: _names(
        "denumire|denumirea|denumire material|denumire produs|denumire articol|denumire reper|descriere|"
        "descriere material|description|item description|material description|produs|product|articol|"
        "designation|specificatie|specificatii|element"
    ),
    CODE: _names(
        "cod|cod produs|cod articol|cod material|sku|part no|part number|part nr|part|article no|"
        "article number|art no|code|item code|product code|material code|material no|material number|"
        "material nr|ref|referinta"
    ),
    GRADE: _names(
        "grade|steel grade|material grade|standard grade|grade standard|standard|norma|calitate|calitate material|"
        "calitate otel|calitate standard|marca otel|quality|steel quality"
    ),
    _MATERIAL: (_MATERIAL,),
    DIMENSIONS: _names(
        "dimensiuni|dimensiune|dimensions|dimension|dim|size|sectiune|section|profil|profile|format|caracteristici|"
        "caracteristica|characteristics|specification|details|detalii"
    ),
    QUANTITY: _names(
        "cant|cantitate|cantitatea|cantitate necesara|cantitate comandata|qty|quantity|order qty|ordered|buc|nr buc|"
        "numar buc|bucati|pieces|pcs|amount|necesar|de comandat|comanda|required|required qty"
    ),
    UNIT: _names("um|u m|unit|units|unitate|unitate masura|unitate de masura|uom|u/m|measure"),
    LENGTH: _names("lungime|lungimea|lung|length|lg|l"),
    WEIGHT: _names("greutate|greutate totala|masa|masa totala|mass|weight|total weight|kg|total kg"),
    NOTES: _names("observatii|observatie|obs|notes|note|remarks|comments|comentarii|mentiuni"),
}

# What a header's tail may say about the unit of its column.
HEADER_UNITS = {
    "buc": "pcs", "bucati": "pcs", "pcs": "pcs", "pc": "pcs", "ea": "pcs",
    "kg": "kg", "t": "t", "to": "t", "tone": "t",
    "m": "m", "ml": "m", "metri": "m", "mm": "mm",
}  # fmt: skip

_PHRASES = sorted(
    ((normalize(phrase), name) for name, phrases in SYNONYMS.items() for phrase in phrases),
    key=lambda item: len(item[0]),
    reverse=True,
)
_IMPLIED_UNITS = {"buc": "pcs", "nr buc": "pcs", "numar buc": "pcs", "bucati": "pcs", "pieces": "pcs", "pcs": "pcs"}


@dataclass
class Columns:
    """Column index of each field found, and the unit a header names for its column."""

    index: dict[str, int] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    header_row: int = 0  # as the spreadsheet numbers it
    seen: list[str] = field(default_factory=list)  # the header texts, for error messages
    texts: dict[str, str] = field(default_factory=dict)  # field → its header as written

    def __contains__(self, name: str) -> bool:
        return name in self.index


def read_header_cell(cell: Cell) -> tuple[str | None, str | None]:
    """(field, unit named in the header) of one cell, or (None, None)."""
    if not isinstance(cell, str):
        return None, None
    text = normalize(cell)
    if not text or len(text) > 60:
        return None, None
    for phrase, name in _PHRASES:
        if text == phrase or text.startswith(phrase + " "):
            tail = text[len(phrase) :].split()
            unit = next((HEADER_UNITS[word] for word in tail if word in HEADER_UNITS), None)
            return name, unit or _IMPLIED_UNITS.get(phrase if name == QUANTITY else "")
    return None, None


def _columns_of(cells: list[Cell], row_number: int) -> Columns:
    columns = Columns(header_row=row_number, seen=[str(c) for c in cells if isinstance(c, str)])
    for position, cell in enumerate(cells):
        name, unit = read_header_cell(cell)
        if name is None:
            continue
        if name == QUANTITY and QUANTITY in columns and unit in ("kg", "t") and WEIGHT not in columns:
            name = WEIGHT  # "Cant. buc" then "Cant. kg"
        if name in columns:
            continue
        columns.index[name] = position
        columns.texts[name] = str(cell)[:60]
        if unit:
            columns.units[name] = unit
    material = columns.index.pop(_MATERIAL, None)
    if material is not None:
        target = GRADE if DESCRIPTION in columns else DESCRIPTION
        if target not in columns:
            columns.index[target] = material
            columns.texts[target] = columns.texts.get(_MATERIAL, "")
    columns.texts.pop(_MATERIAL, None)
    return columns


def find_header(rows: list[tuple[int, list[Cell]]]) -> Columns | None:
    """The best header among the first rows: most known columns, and something that names a
    product (description, code or size). The first of equals wins."""
    best: Columns | None = None
    for row_number, cells in rows[:HEADER_SEARCH_ROWS]:
        columns = _columns_of(cells, row_number)
        names = columns.index.keys()
        if len(names) < 2 or not ({DESCRIPTION, CODE, DIMENSIONS} & names):
            continue
        if best is None or len(names) > len(best.index):
            best = columns
    return best
