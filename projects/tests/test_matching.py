import pytest

from catalog.demo_data import product_rows
from projects.bom.matching import AUTO_ACCEPT, CatalogIndex, Matcher, ProductRecord, memory_key


@pytest.fixture(scope="module")
def index() -> CatalogIndex:
    """The demo catalog as the matcher sees it (no database needed)."""
    return CatalogIndex(
        ProductRecord(
            id=row["sku"], sku=row["sku"], title=row["title"], grade=row["grade"], standard=row["standard"],
            family=row["metadata"].get("family", ""),
        )
        for row in product_rows()
    )  # fmt: skip


@pytest.fixture
def matcher(index) -> Matcher:
    return Matcher(index)


def test_an_exact_sku_in_the_code_column_wins(matcher):
    match = matcher.match("grinda acoperis", code="IPE-240-S355J2")
    assert (match.entry.sku, match.confidence, match.source) == ("IPE-240-S355J2", 1.0, "sku")


def test_our_sku_inside_a_description_is_found(matcher):
    assert matcher.match("PL 8 MM TN-3000X1500X8-S235JR").entry.sku == "TN-3000X1500X8-S235JR"


def test_a_description_confirmed_before_maps_the_same_way(index):
    memory = {memory_key("Grinda principala G1"): "IPE-400-S355J2"}
    match = Matcher(index, memory).match("Grinda principala G1")
    assert (match.entry.sku, match.source, match.confidence) == ("IPE-400-S355J2", "memory", 0.99)
    assert match.reason == "confirmed before"


def test_memory_never_overrides_an_exact_sku(index):
    memory = {memory_key("x"): "IPE-400-S355J2"}
    assert Matcher(index, memory).match("x", code="UNP-100-S235JR").entry.sku == "UNP-100-S235JR"


@pytest.mark.parametrize("text", ["Surub M16x60 gr 8.8", "Vopsea grund gri", "Sarma sudura SG2 1,0", "Disc 125x1"])
def test_bolts_paint_wire_and_discs_are_never_mapped(matcher, text):
    match = matcher.match(text)
    assert match.entry is None
    assert not match.alternatives
    assert match.reason.startswith("not a catalog product")


def test_family_size_and_grade_give_an_auto_accepted_product(matcher):
    match = matcher.match("Profil IPE 240 S355J2")
    assert match.entry.sku == "IPE-240-S355J2"
    assert match.auto
    assert match.confidence >= 0.98


def test_without_a_grade_the_standard_grade_is_chosen_and_the_other_offered(matcher):
    match = matcher.match("IPE 240")
    assert match.entry.sku == "IPE-240-S235JR"
    assert match.confidence == AUTO_ACCEPT
    assert "S235JR" in match.reason
    assert next(e.sku for e, _ in match.alternatives) == "IPE-240-S355J2"


def test_an_older_grade_name_reads_as_todays(matcher):
    assert matcher.match("Cornier 50x50x5 OL37").entry.sku == "L-50X50X5"
    assert matcher.match("IPE 240 St52-3").entry.sku == "IPE-240-S355J2"


def test_a_close_grade_is_offered_but_not_accepted(matcher):
    match = matcher.match("HEA 260 S355JR")
    assert match.entry.sku == "HEA-260-S355J2"
    assert not match.auto
    assert "S355J2 offered for S355JR" in match.reason


def test_a_grade_we_do_not_stock_in_that_size_stays_unmatched(matcher):
    match = matcher.match("IPE 200 S275JR")
    assert match.entry is None
    assert "S275JR" in match.reason
    assert {e.sku for e, _ in match.alternatives} == {"IPE-200-S235JR", "IPE-200-S355J2"}


def test_a_size_we_do_not_stock_stays_unmatched_with_the_nearest_sizes(matcher):
    match = matcher.match("IPE 750")
    assert match.entry is None
    assert "not in our catalog" in match.reason
    assert match.alternatives[0][0].sku == "IPE-600-S235JR"


def test_a_section_we_do_not_sell_is_never_read_as_a_neighbour(matcher):
    assert matcher.match("IPN 200").entry is None
    assert matcher.match("HEM 200").entry is None
    assert matcher.match("Teava zincata 40x40x2").entry is None


def test_a_size_within_two_percent_is_suggested_not_accepted(matcher):
    match = matcher.match("Teava rotunda 76x3,2")
    assert match.entry.sku == "TRO-76.1X3.2"
    assert match.confidence < AUTO_ACCEPT


def test_a_sheet_without_its_format_suggests_the_common_one(matcher):
    match = matcher.match("Tabla neagra 3 mm")
    assert match.entry.sku == "TN-2000X1000X3-S235JR"
    assert not match.auto
    assert "TN-3000X1500X3-S235JR" in [e.sku for e, _ in match.alternatives]


def test_another_standard_lowers_the_confidence_below_auto_accept(matcher):
    assert matcher.match("CHS 48.3x2.9 EN 10219").auto
    other = matcher.match("CHS 48.3x2.9 EN 10210")
    assert other.entry.sku == "TRO-48.3X2.9"
    assert not other.auto
    assert "EN 10210" in other.reason


def test_a_spelling_mistake_costs_confidence(matcher):
    clean, typo = matcher.match("Teava patrata 40x40x3"), matcher.match("Teava patrta 40x40x3")
    assert clean.entry.sku == typo.entry.sku == "TP-40X40X3"
    assert typo.confidence < clean.confidence


def test_a_family_guessed_from_a_lone_diameter_is_only_a_suggestion(matcher):
    match = matcher.match("Ø20")
    assert match.entry.sku == "OR-20-S235JR"
    assert not match.auto


def test_text_without_family_or_size_is_never_auto_accepted(matcher):
    for text in ("material diverse 40x40x3", "profil special", "reper 17"):
        match = matcher.match(text)
        assert not match.auto


def test_the_same_description_is_mapped_once_per_file(matcher):
    assert matcher.match("IPE 240") is matcher.match("IPE 240")


def test_materials_are_never_mixed(matcher):
    assert matcher.match("Teava inox rotunda 42,4x2").entry.sku == "INOX-TRO-304-42.4X2"
    assert matcher.match("Teava rotunda 42,4x2,6").entry.sku == "TRO-42.4X2.6"
    assert matcher.match("Cornier aluminiu 30x30x3").entry.sku == "AL-L-6060-30X30X3"
    assert matcher.match("Cornier 30x30x3").entry.sku == "L-30X30X3"
