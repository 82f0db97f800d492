"""The unit engine against real section data (EN 10365 / EN 10219 / plate geometry)."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from catalog.units import UnitConversionError, accepted_units, estimate, measure, to_base

D = Decimal


def product(base_unit, weight=None, length_m=None, price="1", metadata=None, title="Produs"):
    return SimpleNamespace(
        title=title,
        base_unit=base_unit,
        weight=None if weight is None else D(weight),
        length_m=None if length_m is None else D(length_m),
        price_per_unit=D(price),
        metadata=metadata or {},
    )


IPE_200 = product("m", weight="22.4", length_m="12", price="114.24", title="Profil IPE 200")
RHS_40X20X2 = product("m", weight="1.6775", length_m="6", price="10.23", title="Țeavă 40x20x2")
SHEET_2000X1000X3 = product("pcs", weight="47.1", price="221.37", title="Tablă 2000x1000x3")
REBAR_12 = product("kg", weight="1", length_m="12", price="4.10", metadata={"kgPerM": 0.888})
BOLT = product("pcs", price="2.50", title="Șurub M12")


@pytest.mark.parametrize(
    ("item", "quantity", "unit", "kg", "m", "pcs"),
    [
        pytest.param(IPE_200, "14", "m", "313.600", "14.000", "1.167", id="ipe200-14m-is-313.6kg"),
        pytest.param(IPE_200, "3", "pcs", "806.400", "36.000", "3.000", id="ipe200-3-bars-of-12m"),
        pytest.param(IPE_200, "1000", "kg", "1000.000", "44.643", "3.720", id="ipe200-1t-in-metres"),
        pytest.param(RHS_40X20X2, "2", "pcs", "20.130", "12.000", "2.000", id="rhs-2-bars-of-6m"),
        pytest.param(SHEET_2000X1000X3, "5", "pcs", "235.500", None, "5.000", id="sheet-by-piece"),
        pytest.param(SHEET_2000X1000X3, "471", "kg", "471.000", None, "10.000", id="sheet-by-weight"),
        pytest.param(REBAR_12, "120", "m", "106.560", "120.000", "10.000", id="rebar-by-length"),
        pytest.param(REBAR_12, "2", "pcs", "21.312", "24.000", "2.000", id="rebar-bars-of-12m"),
        pytest.param(BOLT, "100", "pcs", None, None, "100.000", id="piece-only-product"),
    ],
)
def test_measure_converts_between_units(item, quantity, unit, kg, m, pcs):
    result = measure(item, D(quantity), unit)

    assert result.kg == (None if kg is None else D(kg))
    assert result.m == (None if m is None else D(m))
    assert result.pcs == (None if pcs is None else D(pcs))


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        pytest.param(IPE_200, ["kg", "m", "pcs"], id="long-product"),
        pytest.param(SHEET_2000X1000X3, ["kg", "pcs"], id="sheet"),
        pytest.param(REBAR_12, ["kg", "m", "pcs"], id="kg-with-linear-mass"),
        pytest.param(product("kg"), ["kg"], id="kg-without-linear-mass"),
        pytest.param(BOLT, ["pcs"], id="piece-without-weight"),
    ],
)
def test_accepted_units(item, expected):
    assert accepted_units(item) == expected


def test_unconvertible_unit_names_the_product_and_the_units_it_accepts():
    with pytest.raises(UnitConversionError) as error:
        to_base(SHEET_2000X1000X3, D(3), "m")

    assert "Tablă 2000x1000x3" in error.value.message
    assert error.value.accepted == ["kg", "pcs"]


def test_estimate_prices_the_base_quantity_and_adds_vat(settings):
    settings.VAT_RATE = D("0.21")

    result = estimate(IPE_200, D(14), "m")

    assert result.net == D("1599.36")  # 14 m x 114.24 lei/m
    assert result.vat == D("335.87")  # 335.8656 rounded half-up
    assert result.gross == D("1935.23")


def test_estimate_rounds_money_half_up_once():
    # 1 kg of rebar priced 4.10 lei/kg, asked as 0.5 m at 0.888 kg/m = 0.444 kg -> 1.8204 lei.
    assert estimate(REBAR_12, D("0.5"), "m").net == D("1.82")
    assert estimate(product("kg", price="0.125"), D(1), "kg").net == D("0.13")


def test_vat_rate_comes_from_settings(settings):
    settings.VAT_RATE = D("0.19")

    assert estimate(IPE_200, D(1), "m").vat == D("21.71")
