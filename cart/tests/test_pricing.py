"""Cart line pricing: units through the catalog engine, cutting to length, totals and VAT."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cart.pricing import clean_specs, cut_plan, price_line, totals
from catalog.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def ipe200():
    return ProductFactory(title="Profil IPE 200 S235JR")  # 22.4 kg/m, 12 m bars, 114.24 lei/m


@pytest.fixture
def sheet():
    return ProductFactory(
        title="Tablă 2000x1000x3", base_unit="pcs", weight=D("47.1"), length_m=None, price_per_unit=D("221.37")
    )


def test_a_profile_asked_in_metres_is_priced_per_metre(ipe200):
    line = price_line(ipe200, D(14), "m")

    assert (line.weight_kg, line.length_m, line.pieces) == (D("313.600"), D("14.000"), D("1.167"))
    assert line.net == D("1599.36")
    assert line.cut is None


def test_a_profile_asked_in_bars(ipe200):
    assert price_line(ipe200, D(3), "pcs").net == D("4112.64")  # 36 m


def test_a_sheet_by_weight_rounds_money_once(sheet):
    line = price_line(sheet, D(100), "kg")  # 100 / 47.1 sheets x 221.37

    assert line.net == D("470.00")
    assert line.pieces == D("2.123")


def test_cut_to_length_prices_the_total_length_plus_cutting(ipe200, settings):
    settings.CUT_FEE_PER_CUT, settings.CUT_KERF_MM = D("4.00"), 3

    line = price_line(ipe200, D(7), "pcs", {"cut_length_mm": 2500})

    assert line.length_m == D("17.500")  # 7 x 2.5 m
    assert line.material == D("1999.20")  # 17.5 m x 114.24
    assert (line.cut.bars, line.cut.offcut_m, line.cut.cuts, line.cut.fee) == (2, D("6.500"), 7, D("28.00"))
    assert line.net == D("2027.20")


def test_the_saw_blade_counts_when_filling_a_bar(ipe200, settings):
    settings.CUT_KERF_MM = 3
    # 12 m bar, 3000 mm pieces: 4 would need 12.009 m with the blade, so 3 per bar.
    assert cut_plan(ipe200, 4, D(3000)).bars == 2
    settings.CUT_KERF_MM = 0
    assert cut_plan(ipe200, 4, D(3000)).bars == 1


@pytest.mark.parametrize(
    ("specs", "quantity", "unit", "field"),
    [
        pytest.param({"cut_length_mm": 13000}, D(2), "pcs", "specs", id="longer-than-the-bar"),
        pytest.param({"cut_length_mm": 5}, D(2), "pcs", "specs", id="too-short"),
        pytest.param({"cut_length_mm": 2500}, D("2.5"), "pcs", "quantity", id="half-a-piece"),
        pytest.param({"cut_length_mm": 2500}, D(2), "m", "quantity", id="cut-pieces-in-metres"),
    ],
)
def test_impossible_cuts_are_explained(ipe200, specs, quantity, unit, field):
    with pytest.raises(ValidationError) as error:
        price_line(ipe200, quantity, unit, clean_specs(specs))

    assert field in error.value.message_dict


def test_a_sheet_cannot_be_cut_to_length_or_measured_in_metres(sheet):
    with pytest.raises(ValidationError) as cut:
        price_line(sheet, D(2), "pcs", {"cut_length_mm": 500})
    with pytest.raises(ValidationError) as metres:
        price_line(sheet, D(2), "m")

    assert "nu se debitează" in cut.value.message_dict["specs"][0]
    assert "kg, buc" in metres.value.message_dict["unit"][0]


def test_specs_keep_only_what_we_understand():
    assert clean_specs({"cut_length_mm": "2500", "finish": " grunduit ", "color": "red"}) == {
        "cut_length_mm": 2500,
        "finish": "grunduit",
    }


def test_totals_add_vat_once_on_the_subtotal(ipe200, settings):
    settings.VAT_RATE = D("0.21")
    lines = [price_line(ipe200, D(1), "m"), price_line(ipe200, D(1), "m"), price_line(ipe200, D("0.333"), "m")]

    result = totals(lines)

    assert result.subtotal == D("266.52")  # 114.24 + 114.24 + 38.04
    assert result.vat == D("55.97")
    assert result.total == D("322.49")
    assert result.total_weight_kg == D("52.259")
