"""Bills of materials written by people, read and mapped to the catalog.

The pipeline, one module per step:

    reader       bytes → rows of cells      (CSV encodings and delimiters, XLSX read-only, limits)
    headers      rows → which column is what (RO/EN synonyms, anywhere in the first rows)
    lines        rows → BOM lines            (numbers with decimal commas, units, totals skipped)
    description  text → family, sizes, grade (what a steel buyer means by "tv. patr. 40x40x3")
    matching     lines → catalog products    (SKU → confirmed before → structured → fuzzy)

Everything here is pure Python over plain data: no ORM, no request. The services in
`projects.services.bom` feed it and store what it returns.
"""


class BomError(Exception):
    """A file we cannot read, with a reason a person understands. `status` is the HTTP answer when
    it is found while the file is uploaded (413 too big, 400 unreadable)."""

    def __init__(self, message: str, *, code: str = "bom_invalid", status: int = 400) -> None:
        super().__init__(message)
        self.message, self.code, self.status = message, code, status
