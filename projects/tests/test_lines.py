from decimal import Decimal

import pytest

from projects.bom.headers import find_header
from projects.bom.lines import parse_number, read_lines, read_unit


@pytest.mark.parametrize(
    ("text", "decimal_comma", "number", "rest"),
    [
        ("12,5", True, Decimal("12.5"), ""),
        ("12.5", False, Decimal("12.5"), ""),
        ("1.234,5", True, Decimal("1234.5"), ""),
        ("1,234.5", False, Decimal("1234.5"), ""),
        ("1 234,5", True, Decimal("1234.5"), ""),
        ("1.250", True, Decimal("1250"), ""),  # a Romanian file: a thousand
        ("1.250", False, Decimal("1.25"), ""),  # a file with decimal dots
        ("1,250", False, Decimal("1250"), ""),
        ("2.400.000", False, Decimal("2400000"), ""),
        ("12 buc", True, Decimal("12"), "buc"),
        ("36,5ml", True, Decimal("36.5"), "ml"),
        ("~10", True, Decimal("10"), ""),
        ("abc", True, None, ""),
        ("", True, None, ""),
    ],
)
def test_numbers_are_read_as_people_write_them(text, decimal_comma, number, rest):
    assert parse_number(text, decimal_comma=decimal_comma) == (number, rest)


@pytest.mark.parametrize(
    ("written", "unit", "factor"),
    [
        ("buc", "pcs", 1), ("Buc.", "pcs", 1), ("bucăți", "pcs", 1), ("bucati", "pcs", 1), ("pcs", "pcs", 1),
        ("PC", "pcs", 1), ("ea", "pcs", 1), ("m", "m", 1), ("ml", "m", 1), ("m.l.", "m", 1), ("metri", "m", 1),
        ("Mtr", "m", 1), ("kg", "kg", 1), ("KG", "kg", 1), ("t", "kg", 1000), ("to", "kg", 1000),
        ("tone", "kg", 1000), ("tonnes", "kg", 1000),
    ],
)  # fmt: skip
def test_units_are_normalised(written, unit, factor):
    assert read_unit(written) == (unit, Decimal(factor))


def test_unknown_units_are_not_guessed():
    assert read_unit("mp") is None
    assert read_unit("l") is None


def lines_of(*table, delimiter=";"):
    rows = [(number, list(cells)) for number, cells in enumerate(table, start=1)]
    return read_lines(rows, find_header(rows), delimiter=delimiter)


def test_quantities_units_and_tonnes():
    read = lines_of(
        ["Denumire", "Cant.", "UM"],
        ["IPE 200", "12,5", "ml"],
        ["Oțel beton Ø12", "1,2", "to"],
        ["Tablă 3 mm", "4 buc", ""],
    )
    assert [(line.quantity, line.unit) for line in read.lines] == [
        (Decimal("12.5"), "m"),
        (Decimal("1200.0"), "kg"),
        (Decimal("4"), "pcs"),
    ]


def test_no_unit_anywhere_means_pieces_and_says_so():
    read = lines_of(["Denumire", "Cant."], ["IPE 200", "4"])
    assert read.lines[0].unit == "pcs"
    assert read.lines[0].unit_assumed


def test_the_header_unit_applies_to_its_column():
    read = lines_of(["Denumire", "Cantitate (kg)"], ["Oțel rotund Ø20", "150"])
    assert (read.lines[0].quantity, read.lines[0].unit) == (Decimal("150"), "kg")


def test_weight_is_the_quantity_when_there_is_no_quantity_column():
    read = lines_of(["Profil", "Greutate (kg)"], ["IPE 200", "1.250,5"])
    assert (read.lines[0].quantity, read.lines[0].unit) == (Decimal("1250.5"), "kg")


def test_blank_total_and_subtotal_rows_are_skipped_and_reported():
    read = lines_of(
        ["Nr.", "Denumire", "Cant.", "UM"],
        ["1", "IPE 200", "4", "buc"],
        ["", "", "", ""],
        ["", "Subtotal profile", "", ""],
        ["", "", "1.234", ""],
        ["2", "UNP 100", "6", "m"],
        ["", "TOTAL GENERAL", "", ""],
    )
    assert [line.row for line in read.lines] == [2, 6]
    assert [item["row"] for item in read.skipped] == [4, 5, 7]
    assert "total" in read.skipped[0]["reason"]


def test_description_size_and_grade_columns_are_read_together():
    read = lines_of(["Descriere", "Dimensiuni", "Material", "Cant."], ["Teava rectangulara", "60x40x3", "S235JRH", "6"])
    assert read.lines[0].description == "Teava rectangulara 60x40x3 S235JRH"


@pytest.mark.parametrize(("written", "millimetres"), [("6000", 6000), ("6", 6000), ("6 m", 6000), ("2450", 2450)])
def test_lengths_in_mm_or_metres(written, millimetres):
    read = lines_of(["Denumire", "Buc", "Lungime"], ["IPE 200", "4", written])
    assert read.lines[0].length_mm == millimetres


def test_a_quantity_that_is_not_a_number_is_a_problem_of_the_row_not_of_the_file():
    read = lines_of(["Denumire", "Cant.", "UM"], ["IPE 200", "patru", "buc"], ["UNP 100", "-3", "m"])
    assert read.lines[0].quantity is None
    assert "not a number" in read.lines[0].problems[0]
    assert "out of range" in read.lines[1].problems[0]


def test_an_unknown_unit_is_kept_and_reported():
    read = lines_of(["Denumire", "Cant.", "UM"], ["Tablă cutată", "60", "mp"])
    assert read.lines[0].unit is None
    assert read.lines[0].unit_read == "mp"
    assert "mp" in read.lines[0].problems[0]


def test_numbers_stored_as_numbers_are_never_reinterpreted():
    rows = [(1, ["Denumire", "Cant."]), (2, ["IPE 200", Decimal("1.5")])]
    assert read_lines(rows, find_header(rows)).lines[0].quantity == Decimal("1.5")
