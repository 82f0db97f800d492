"""`manage.py import_products PATH` through the command, as ops run it (CONTRACT §3)."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from catalog.models import Category, Product
from catalog.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

HEADER = "sku,title,category,grade,standard,dimensions,availability,baseUnit,pricePerUnit,weight,lengthM,stock"
IPE_ROW = "IPE-200,Profil IPE 200 S235JR,Profile IPE,S235JR,EN 10365,200x100,in_stock,m,114.24,22.4,12,120"
RHS_ROW = "TR-40X20X2,Țeavă rectangulară 40x20x2,Țevi rectangulare,S235JRH,EN 10219,40x20x2,in_stock,m,10.23,1.68,6,60"


def run(path, *args) -> str:
    out = StringIO()
    call_command("import_products", str(path), *args, stdout=out)
    return out.getvalue()


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_csv_creates_products_and_missing_categories(tmp_path):
    path = write(tmp_path, "p.csv", f"{HEADER}\n{IPE_ROW}\n{RHS_ROW}\n")

    output = run(path)

    assert "created 2, updated 0, unchanged 0, rejected 0" in output
    ipe = Product.objects.get(sku="IPE-200")
    assert ipe.price_per_unit == Decimal("114.24")
    assert ipe.weight == Decimal("22.4")
    assert ipe.category.name == "Profile IPE"
    assert Category.objects.filter(name="Țevi rectangulare").exists()


def test_rerun_upserts_by_sku(tmp_path):
    run(write(tmp_path, "p.csv", f"{HEADER}\n{IPE_ROW}\n"))
    changed = IPE_ROW.replace("114.24", "119.90")

    output = run(write(tmp_path, "p2.csv", f"{HEADER}\n{changed}\n{RHS_ROW}\n"))

    assert "created 1, updated 1, unchanged 0, rejected 0" in output
    assert Product.objects.get(sku="IPE-200").price_per_unit == Decimal("119.90")
    assert Product.objects.filter(sku="IPE-200").count() == 1


def test_identical_rerun_changes_nothing(tmp_path):
    path = write(tmp_path, "p.csv", f"{HEADER}\n{IPE_ROW}\n")
    run(path)
    before = Product.objects.get(sku="IPE-200").updated_at

    output = run(path)

    assert "created 0, updated 0, unchanged 1" in output
    assert Product.objects.get(sku="IPE-200").updated_at == before


def test_rejected_rows_are_listed_with_reasons_and_others_import(tmp_path):
    bad_price = IPE_ROW.replace("IPE-200", "IPE-220").replace("114.24", "ieftin")
    bad_unit = RHS_ROW.replace(",m,10.23", ",tone,10.23")
    path = write(tmp_path, "p.csv", f"{HEADER}\n{bad_price}\n{IPE_ROW}\n{bad_unit}\n")

    output = run(path)

    assert "created 1, updated 0, unchanged 0, rejected 2" in output
    assert "rejected row 2 (IPE-220): pricePerUnit:" in output
    assert "rejected row 4 (TR-40X20X2): baseUnit:" in output
    assert set(Product.objects.values_list("sku", flat=True)) == {"IPE-200"}


def test_negative_stock_is_rejected(tmp_path):
    output = run(write(tmp_path, "p.csv", f"{HEADER}\n{RHS_ROW.replace(',6,60', ',6,-5')}\n"))

    assert "rejected row 2 (TR-40X20X2): stock:" in output
    assert not Product.objects.exists()


def test_a_row_failing_half_way_leaves_nothing_behind(tmp_path, monkeypatch):
    """The category is created first; when the product write then fails, both roll back."""

    def failing_upsert(**kwargs):
        raise ValidationError({"sku": ["simulated failure after the category was created"]})

    monkeypatch.setattr("catalog.services.product_upsert", failing_upsert)

    output = run(write(tmp_path, "p.csv", f"{HEADER}\n{RHS_ROW}\n"))

    assert "simulated failure" in output
    assert not Category.objects.filter(name="Țevi rectangulare").exists()


def test_strict_mode_fails_when_a_row_is_rejected(tmp_path):
    path = write(tmp_path, "p.csv", f"{HEADER}\n{IPE_ROW.replace('114.24', '')}\n")

    with pytest.raises(CommandError, match="1 row"):
        run(path, "--strict")


def test_missing_columns_leave_stored_values_alone(tmp_path):
    ProductFactory(sku="IPE-200", stock=Decimal("75"), grade="S235JR")
    path = write(
        tmp_path,
        "p.csv",
        "sku,title,category,baseUnit,pricePerUnit\nIPE-200,Profil IPE 200,Profile IPE,m,120\n",
    )

    run(path)

    product = Product.objects.get(sku="IPE-200")
    assert product.price_per_unit == Decimal("120")
    assert product.stock == Decimal("75")
    assert product.grade == "S235JR"


def test_semicolons_and_decimal_commas_from_romanian_excel(tmp_path):
    text = "sku;title;category;baseUnit;pricePerUnit;weight\nTZ-05;Tablă zincată 0,5 mm;Table zincate;pcs;52,92;8,4\n"

    run(write(tmp_path, "p.csv", text))

    product = Product.objects.get(sku="TZ-05")
    assert product.price_per_unit == Decimal("52.92")
    assert product.weight == Decimal("8.4")


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        pytest.param("utf-8", "", id="utf-8"),
        pytest.param("utf-8", "\ufeff", id="utf-8-bom"),
        pytest.param("cp1250", "", id="windows-1250"),
    ],
)
def test_encodings_keep_romanian_diacritics(tmp_path, encoding, prefix):
    text = f"{prefix}{HEADER}\n{RHS_ROW.replace('Ț', 'Ţ')}\n"  # cp1250 has the cedilla form

    run(write(tmp_path, "p.csv", text, encoding=encoding))

    assert Product.objects.get(sku="TR-40X20X2").title.startswith("Ţeavă rectangulară")


def test_json_array_import(tmp_path):
    rows = [
        {
            "sku": "OB-12",
            "title": "Oțel beton Ø12",
            "category": "Bare > Oțel beton",
            "baseUnit": "kg",
            "pricePerUnit": 4.1,
            "weight": 1,
            "lengthM": 12,
            "stock": 5000,
        }
    ]

    output = run(write(tmp_path, "p.json", json.dumps(rows)))

    assert "created 1" in output
    product = Product.objects.select_related("category__parent").get(sku="OB-12")
    assert product.category.name == "Oțel beton"
    assert product.category.parent.name == "Bare"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        pytest.param("p.csv", "sku,title\nA,B\n", "Missing column(s): category, baseUnit, pricePerUnit", id="header"),
        pytest.param("p.csv", "", "The file is empty", id="empty"),
        pytest.param("p.json", "[{", "Invalid JSON at line 1", id="broken-json"),
        pytest.param("p.json", '{"a": 1}', "Expected a JSON array", id="json-object"),
        pytest.param("p.xlsx", "x", "Unsupported file type .xlsx", id="extension"),
    ],
)
def test_file_level_errors_are_clear(tmp_path, name, content, message):
    with pytest.raises(CommandError) as error:
        run(write(tmp_path, name, content))

    assert message in str(error.value)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="File not found"):
        run(tmp_path / "nope.csv")


def test_utf16_file_is_refused_with_advice(tmp_path):
    with pytest.raises(CommandError, match="UTF-16"):
        run(write(tmp_path, "p.csv", f"{HEADER}\n{IPE_ROW}\n", encoding="utf-16"))


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

    with pytest.raises(CommandError, match="not a text file"):
        run(path)
