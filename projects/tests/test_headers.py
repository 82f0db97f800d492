import pytest

from projects.bom.headers import (
    CODE,
    DESCRIPTION,
    DIMENSIONS,
    GRADE,
    LENGTH,
    NOTES,
    POSITION,
    QUANTITY,
    UNIT,
    WEIGHT,
    find_header,
    read_header_cell,
)


def rows(*lines):
    return [(number, list(cells)) for number, cells in enumerate(lines, start=1)]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            ["Nr.crt", "Denumire", "Cod", "Calitate", "Cant.", "UM", "Lungime (mm)", "Observații"],
            [POSITION, DESCRIPTION, CODE, GRADE, QUANTITY, UNIT, LENGTH, NOTES],
        ),
        (
            ["Item", "Description", "Part no", "Grade", "Qty", "Unit", "Length", "Notes"],
            [POSITION, DESCRIPTION, CODE, GRADE, QUANTITY, UNIT, LENGTH, NOTES],
        ),
        (["NR. CRT.", "DESCRIERE", "DIMENSIUNI", "MATERIAL", "CANTITATE", "U.M."], None),
        (["Poz.", "Denumire articol", "UM", "Cantitate"], [POSITION, DESCRIPTION, UNIT, QUANTITY]),
        (["Pos.", "Designation", "Size", "Material", "Quantity", "UoM", "Remarks"], None),
        (["Line", "Material code", "Material description", "Qty", "UoM", "Net weight"], None),
        (
            ["Item", "Description", "Standard / Grade", "Qty", "UoM", "Remarks"],
            [POSITION, DESCRIPTION, GRADE, QUANTITY, UNIT, NOTES],
        ),
    ],
)
def test_header_row_is_read_in_romanian_and_english(header, expected):
    columns = find_header(rows(header, ["1", "IPE 200", "S235JR", "4", "buc", "", "", ""]))
    assert columns is not None
    assert columns.header_row == 1
    if expected:
        assert [name for name, _ in sorted(columns.index.items(), key=lambda item: item[1])] == expected
    assert {DESCRIPTION, QUANTITY} <= columns.index.keys()


def test_material_is_the_grade_beside_a_description_and_the_description_alone():
    beside = find_header(rows(["Descriere material", "Dimensiuni", "Material", "Cantitate"]))
    assert beside.index[GRADE] == 2
    assert beside.index[DESCRIPTION] == 0
    alone = find_header(rows(["Nr.", "Material", "Cantitate", "UM"]))
    assert alone.index[DESCRIPTION] == 1
    assert GRADE not in alone.index


def test_a_detailers_part_mark_column_is_not_the_grade():
    columns = find_header(rows(["Marca", "Denumire", "Profil", "Calitate", "L (mm)", "Buc.", "Masa totala (kg)"]))
    assert columns.index[GRADE] == 3
    assert columns.index[DIMENSIONS] == 2
    assert columns.index[LENGTH] == 4
    assert columns.index[QUANTITY] == 5
    assert columns.units[QUANTITY] == "pcs"
    assert columns.index[WEIGHT] == 6


def test_the_header_is_found_below_title_rows():
    sheet = rows(
        ["SC CONSTRUCT METAL SRL"],
        ["Lista materiale - Hala P+1", "", "Rev. 2"],
        ["Data: 12.03.2026"],
        [],
        ["Nr. crt.", "Descriere material", "Dimensiuni", "Cantitate", "U.M."],
        ["1", "Profil IPE", "200", "24", "ml"],
    )
    assert find_header(sheet).header_row == 5


@pytest.mark.parametrize(
    ("cell", "field", "unit"),
    [
        ("Cant. (buc)", QUANTITY, "pcs"),
        ("Cantitate [kg]", QUANTITY, "kg"),
        ("Qty (t)", QUANTITY, "t"),
        ("Lungime (mm)", LENGTH, "mm"),
        ("Lungime m", LENGTH, "m"),
        ("Buc.", QUANTITY, "pcs"),
        ("Necesar", QUANTITY, None),
        ("Greutate (kg)", WEIGHT, "kg"),
        ("Observaţii", NOTES, None),
        ("Preţ unitar", None, None),
    ],
)
def test_a_header_may_name_its_columns_unit(cell, field, unit):
    assert read_header_cell(cell) == (field, unit)


def test_no_header_when_nothing_names_a_product():
    assert find_header(rows(["Total", "1234"], ["Cantitate", "12"])) is None


def test_a_second_quantity_column_in_kg_is_the_weight():
    columns = find_header(rows(["Denumire", "Cant. buc", "Cant. kg"]))
    assert columns.index[QUANTITY] == 1
    assert columns.index[WEIGHT] == 2
