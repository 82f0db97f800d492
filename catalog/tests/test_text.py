import pytest

from catalog.text import natural_sort_key, normalize, search_tokens


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("Țeavă rectangulară 40x20x2", "teava rectangulara 40x20x2", id="diacritics-comma-below"),
        pytest.param("ţeavă pătrată", "teava patrata", id="diacritics-cedilla"),
        pytest.param("40 x 40 x 3", "40x40x3", id="spaced-dimensions"),
        pytest.param("40*40*3", "40x40x3", id="star-dimensions"),
        pytest.param("40×40×3", "40x40x3", id="times-sign"),
        pytest.param("Tablă 0,5 mm", "tabla 0.5 mm", id="decimal-comma"),
        pytest.param("Oțel rotund Ø20", "otel rotund d20", id="diameter-sign"),
        pytest.param("D 20", "d20", id="spaced-diameter"),
        pytest.param("Profil IPE-200, S235JR.", "profil ipe 200 s235jr", id="punctuation"),
        pytest.param("", "", id="empty"),
    ],
)
def test_normalize(raw, expected):
    assert normalize(raw) == expected


def test_search_tokens_are_distinct_and_longest_first():
    assert search_tokens("teava 40 x 40 x 3 teava") == ["40x40x3", "teava"]


def test_natural_sort_key_orders_sizes_numerically():
    titles = ["IPE 100", "IPE 80", "Tablă 0,75", "Tablă 0,5", "Tablă 2"]

    ordered = sorted(titles, key=natural_sort_key)

    assert ordered == ["IPE 80", "IPE 100", "Tablă 0,5", "Tablă 0,75", "Tablă 2"]
