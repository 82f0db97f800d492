import io
from decimal import Decimal

import pytest

from projects.bom import BomError, reader
from projects.bom.reader import check_xlsx, detect_delimiter, inspect, read_tables
from projects.tests.files import csv_bytes, xlsx_bytes, zip_bomb

ROWS = [["Denumire", "Cant.", "UM"], ["Țeavă pătrată 40x40x3", "12,5", "ml"], ["Oțel rotund Ø20", "3", "buc"]]


def table(content: bytes, kind: str = "csv"):
    return next(read_tables(io.BytesIO(content), kind))


@pytest.mark.parametrize(
    ("encoding", "name", "description"),
    [
        ("utf-8", "UTF-8", "Țeavă pătrată 40x40x3"),
        ("utf-8-sig", "UTF-8 (BOM)", "Țeavă pătrată 40x40x3"),
        ("utf-16", "UTF-16", "Țeavă pătrată 40x40x3"),
        # the legacy code pages have the cedilla letters (ţ ş) Windows used for Romanian
        ("cp1250", "Windows-1250", "Ţeavă „pătrată” 40x40x3"),
        ("iso-8859-2", "ISO-8859-2", "Ţeavă pătrată 40x40x3"),
    ],
)
def test_csv_encodings_are_detected_and_romanian_letters_survive(encoding, name, description):
    read = table(csv_bytes([["Denumire", "Cant."], [description, "12,5"]], encoding=encoding))
    assert read.encoding == name
    assert read.rows[1][1] == [description, "12,5"]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_csv_delimiters_are_detected(delimiter):
    read = table(csv_bytes(ROWS, delimiter=delimiter))
    assert read.delimiter == delimiter
    assert read.rows[1][1] == ["Țeavă pătrată 40x40x3", "12,5", "ml"]


def test_semicolon_wins_over_the_commas_of_decimal_numbers():
    rows = [["Denumire", "Cant.", "Greutate"], ["IPE 200", "12,5", "280,5"], ["IPE 240", "3,5", "98,1"]]
    assert detect_delimiter(csv_bytes(rows, delimiter=";").decode()) == ";"


def test_csv_row_numbers_are_the_lines_people_see_and_blank_lines_are_dropped():
    read = table(b"Lista\r\n\r\nDenumire;Cant.\r\nIPE 200;4\r\n")
    assert [number for number, _ in read.rows] == [1, 3, 4]


def test_xlsx_numbers_dates_and_formulas_come_back_as_values():
    content = xlsx_bytes([["Titlu"], [], ["Denumire", "Cant.", "Data"], ["IPE 200", 12.5, None], ["UNP 100", 4, None]])
    read = table(content, "xlsx")
    assert read.sheet == "Sheet1"
    assert read.rows[0][0] == 1
    assert read.rows[0][1][0] == "Titlu"
    number, cells = read.rows[2]
    assert number == 4
    assert cells[:2] == ["IPE 200", Decimal("12.5")]
    assert read.rows[3][1][1] == Decimal(4)


def test_xlsx_sheets_are_read_in_order():
    content = xlsx_bytes([["Sumar"]], [["Denumire", "Cant."], ["IPE 200", 4]], titles=("Sumar", "BOM"))
    sheets = [t.sheet for t in read_tables(io.BytesIO(content), "xlsx")]
    assert sheets == ["Sumar", "BOM"]


def test_xlsx_starting_in_a_later_column_keeps_its_column_positions():
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active["C3"], workbook.active["D3"] = "Denumire", "Cant."
    workbook.active["C4"], workbook.active["D4"] = "IPE 200", 4
    buffer = io.BytesIO()
    workbook.save(buffer)
    read = table(buffer.getvalue(), "xlsx")
    assert read.rows[0] == (3, [None, None, "Denumire", "Cant."])


def test_a_zip_bomb_is_refused_from_its_directory_with_413():
    with pytest.raises(BomError) as error:
        check_xlsx(io.BytesIO(zip_bomb()))
    assert error.value.status == 413
    assert "compressed" in error.value.message


def test_an_xlsx_that_unpacks_beyond_the_limit_is_refused_with_413(monkeypatch):
    monkeypatch.setattr(reader, "MAX_UNCOMPRESSED", 1000)
    with pytest.raises(BomError) as error:
        check_xlsx(io.BytesIO(xlsx_bytes([["Denumire", "Cant."], *[[f"IPE {n}", n] for n in range(100)]])))
    assert error.value.status == 413


def test_a_damaged_xlsx_fails_with_a_message():
    with pytest.raises(BomError) as error:
        list(read_tables(io.BytesIO(b"PK\x03\x04 this is not a workbook"), "xlsx"))
    assert error.value.status == 400
    assert "damaged" in error.value.message


def test_too_many_rows_fail_cleanly(monkeypatch):
    monkeypatch.setattr(reader, "MAX_ROWS", 10)
    rows = [["Denumire", "Cant."], *[[f"IPE {n}", 1] for n in range(20)]]
    with pytest.raises(BomError, match="more than 10 rows"):
        table(csv_bytes(rows))
    with pytest.raises(BomError, match="more than 10 rows"):
        table(xlsx_bytes(rows), "xlsx")


def test_a_million_line_csv_is_refused_at_upload_without_parsing(monkeypatch):
    monkeypatch.setattr(reader, "MAX_ROWS", 10)
    with pytest.raises(BomError) as error:
        inspect(io.BytesIO(b"IPE 200;1\n" * 2000), "csv")
    assert error.value.status == 400


def test_columns_beyond_the_limit_are_ignored(monkeypatch):
    monkeypatch.setattr(reader, "MAX_COLUMNS", 3)
    read = table(csv_bytes([["a", "b", "c", "d", "e"], ["1", "2", "3", "4", "5"]]))
    assert read.rows[1][1] == ["1", "2", "3"]
