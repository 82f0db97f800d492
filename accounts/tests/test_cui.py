import pytest
from django.core.exceptions import ValidationError

from accounts.cui import is_valid_cui, normalize_cui, validate_cui


@pytest.mark.parametrize(
    ("raw", "digits"),
    [
        pytest.param("4221306", "4221306", id="ministry-of-finance"),
        pytest.param("RO14399840", "14399840", id="ro-prefix"),
        pytest.param("ro 14399840", "14399840", id="lower-prefix-and-space"),
        pytest.param(" RO 14 399 840 ", "14399840", id="spaces-inside"),
        pytest.param("12345674", "12345674", id="textbook-example"),
        pytest.param("33333338", "33333338", id="repeated-digits"),
        pytest.param("19", "19", id="two-digits"),
    ],
)
def test_valid_cuis_are_normalised(raw, digits):
    assert validate_cui(raw) == digits


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        pytest.param("12345678", "cui_check_digit", id="wrong-check-digit"),
        pytest.param("RO14399841", "cui_check_digit", id="one-digit-off"),
        pytest.param("1", "cui_format", id="too-short"),
        pytest.param("12345678901", "cui_format", id="too-long"),
        pytest.param("RO12A456", "cui_format", id="letters"),
        pytest.param("", "cui_format", id="empty"),
    ],
)
def test_invalid_cuis_say_what_is_wrong(raw, code):
    with pytest.raises(ValidationError) as error:
        validate_cui(raw)

    assert error.value.code == code


def test_check_digit_ten_is_written_as_zero():
    # body 000000011 -> 7*0+...+3*1+2*1 = 5 -> 50 % 11 = 6; find a body whose result is 10:
    body = next(
        str(n)
        for n in range(10, 10_000)
        if sum(int(d) * int(k) for d, k in zip(str(n).rjust(9, "0"), "753217532", strict=True)) * 10 % 11 == 10
    )

    assert is_valid_cui(body + "0")
    assert not is_valid_cui(body + "1")
    assert normalize_cui(f"RO{body}0") == f"{body}0"
