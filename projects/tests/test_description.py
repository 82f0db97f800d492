from decimal import Decimal

import pytest

from catalog.demo_data import product_rows
from projects.bom.description import read_description


def d(*values):
    return tuple(Decimal(str(v)) for v in values)


# What buyers write → (family, material, finish, sizes, grade)
DESCRIPTIONS = [
    ("Profil IPE 200", ("IPE", "steel", None, d(200), None)),
    ("IPE200 L=6000", ("IPE", "steel", None, d(200), None)),
    ("Grinda IPE 270 S355", ("IPE", "steel", None, d(270), "S355")),
    ("HE 200 B S355J2+N", ("HEB", "steel", None, d(200), "S355J2")),
    ("HE200A", ("HEA", "steel", None, d(200), None)),
    ("HE-A 200", ("HEA", "steel", None, d(200), None)),
    ("UPN 180 channel", ("UNP", "steel", None, d(180), None)),
    ("Profil U 160", ("UNP", "steel", None, d(160), None)),
    ("Corniera 50x5", ("L", "steel", None, d(50, 50, 5), None)),
    ("L 50 x 50 x 5 OL37", ("L", "steel", None, d(50, 50, 5), "S235JR")),
    ("Cornier neegal 60x40x5", ("L", "steel", None, d(60, 40, 5), None)),
    ("2L45x5", ("L", "steel", None, d(45, 45, 5), None)),
    ("Tv. patr. 40 x 40 x 3", ("SHS", "steel", None, d(40, 3), None)),
    ("Teava patrta 50x50x3", ("SHS", "steel", None, d(50, 3), None)),
    ("SHS 80x4", ("SHS", "steel", None, d(80, 4), None)),
    ("Teava rectangulara 40x80x3 S235JRH", ("RHS", "steel", None, d(80, 40, 3), "S235JRH")),
    ("RHS 200x100x6", ("RHS", "steel", None, d(200, 100, 6), None)),
    ("Țeavă rotundă 48,3x2,9", ("CHS", "steel", None, d(48.3, 2.9), None)),
    ("Teava Ø 60,3 x 2,9", ("CHS", "steel", None, d(60.3, 2.9), None)),
    ("Pipe 88.9 x 3.2", ("CHS", "steel", None, d(88.9, 3.2), None)),
    ("Tabla neagra 3mm 1000x2000", ("sheet", "steel", None, d(3, 1000, 2000), None)),
    ("Tabla 10x1500x3000", ("sheet", "steel", None, d(10, 1500, 3000), None)),
    ("Tablă 2x1 m 3 mm", ("sheet", "steel", None, d(3, 1000, 2000), None)),
    ("Steel plate 12 mm", ("sheet", "steel", None, d(12), None)),
    ("Tabla DKP 2mm", ("sheet", "steel", None, d(2), "DC01")),
    ("Tablă laminată la rece 1,5 mm", ("sheet", "steel", None, d(1.5), "DC01")),
    ("Tabla zincata 0,5 mm DX51D+Z275", ("sheet", "steel", "galvanized", d(0.5), "DX51D")),
    ("Tablă aluminiu striată 3 mm", ("sheet", "aluminium", "checker", d(3), None)),
    ("Aluminium sheet 1050 H24 1.5 mm", ("sheet", "aluminium", None, d(1.5), "1050")),
    ("Tabla inox 1.4301 2x1000x2000", ("sheet", "stainless", None, d(2, 1000, 2000), "304")),
    ("Teava inox rotunda 42,4x2 AISI304", ("CHS", "stainless", None, d(42.4, 2), "304")),
    ("Stainless sheet 316L 2 mm", ("sheet", "stainless", None, d(2), "316L")),
    ("Otel rotund Ø20 C45", ("round_bar", "steel", None, d(20), "C45")),
    ("otel rotund fi 30 olc45", ("round_bar", "steel", None, d(30), "C45")),
    ("Round bar D35", ("round_bar", "steel", None, d(35), None)),
    ("?20 S235", ("round_bar", "steel", None, d(20), "S235")),  # Ø lost by Windows-1250
    ("Otel beton PC52 d12", ("rebar", "steel", None, d(12), "PC52")),
    ("fier beton fi 10", ("rebar", "steel", None, d(10), None)),
    ("Rebar 16 mm B500", ("rebar", "steel", None, d(16), "BST500S")),
    ("Ø16 BST500S", ("rebar", "steel", None, d(16), "BST500S")),
    ("Otel patrat 16x16", ("square_bar", "steel", None, d(16), None)),
    ("Platbanda 5x40", ("flat_bar", "steel", None, d(40, 5), None)),
    ("FL 60x8", ("flat_bar", "steel", None, d(60, 8), None)),
    ("Bara 40x5", ("flat_bar", "steel", None, d(40, 5), None)),
    ("140x80x5 S235JRH", ("RHS", "steel", None, d(140, 80, 5), "S235JRH")),
    ("L30x30x3 6060", ("L", "aluminium", None, d(30, 30, 3), "6060")),
    ("Teava zincata 40x40x2", ("SHS", "steel", "galvanized", d(40, 2), None)),
    ("Profil IPN 200", ("IPN", "steel", None, d(200), None)),
    ("HEM 300", ("HEM", "steel", None, d(300), None)),
    ("304 sheet 2mm", ("sheet", "stainless", None, d(2), "304")),  # a stainless grade alone says stainless
    ("Teava 304x8", ("CHS", "steel", None, d(304, 8), None)),  # ... but not as a size
    ("Wide flange beam HE 220 A", ("HEA", "steel", None, d(220), None)),  # "flange" here is no pipe flange
    ("Reinforcing bar B500B Ø16", ("rebar", "steel", None, d(16), "BST500S")),
]


@pytest.mark.parametrize(("text", "expected"), DESCRIPTIONS, ids=[t for t, _ in DESCRIPTIONS])
def test_descriptions_are_read_into_family_material_sizes_and_grade(text, expected):
    reading = read_description(text)
    assert (reading.family, reading.material, reading.variant, reading.dims, reading.grade) == expected
    assert reading.not_catalog is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Surub M16x60 gr. 8.8", "fastener"), ("Șuruburi autoforante 4,8x19", "fastener"),
        ("Hex bolt M20x80", "fastener"), ("Piuliță M16", "fastener"), ("Ancoră chimică M12", "fastener"),
        ("Vopsea alchidica gri", "paint"), ("Primer paint grey", "paint"), ("Grund anticoroziv", "paint"),
        ("Sârmă sudură SG2 Ø1,0", "welding consumable"), ("Electrozi rutilici 3,25", "welding consumable"),
        ("Disc debitare 125x1", "abrasive or tool"), ("Tablă cutată T35 0,5 mm", "roofing"),
        ("Țeavă PVC 110", "not steel"), ("Teava cupru 22x1", "not steel"), ("Beton C25/30", "not steel"),
        ("Plasă sudată Ø6 150x150", "other goods"), ("Manoperă montaj", "service"),
    ],
)  # fmt: skip
def test_things_we_do_not_sell_are_recognised_whatever_sizes_follow(text, kind):
    assert read_description(text).not_catalog == kind


@pytest.mark.parametrize(
    ("text", "length"), [("IPE 200 L=6000", 6000), ("IPE 200 lungime 12 m", 12000), ("UNP 100 6m", 6000)]
)
def test_a_length_in_the_description_is_read_and_not_taken_for_a_size(text, length):
    reading = read_description(text)
    assert reading.length_mm == length
    assert len(reading.dims) == 1


def test_a_part_mark_is_not_a_length():
    assert read_description("Stalp L1 HEA 200").length_mm is None


def test_every_demo_product_reads_as_its_own_family_and_a_unique_size_and_grade():
    seen = {}
    for row in product_rows():
        reading = read_description(row["title"], row["grade"], catalog=True)
        assert reading.family == row["metadata"]["family"], row["sku"]
        assert reading.dims, row["sku"]
        assert reading.grade, row["sku"]
        key = (reading.key, reading.grade)
        assert key not in seen, f"{row['sku']} reads like {seen.get(key)}"
        seen[key] = row["sku"]
