"""Romanian company tax id (CUI / CIF): 2 to 10 digits, the last a check digit.

Check digit: the other digits, right-aligned against the key 753217532, multiplied pairwise and
summed; (sum × 10) mod 11, with 10 written as 0. "RO" prefixes (VAT payers), spaces, dots and
dashes are tolerated and dropped.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CONTROL_KEY = "753217532"
_SEPARATORS = re.compile(r"[\s.\-/]")


def normalize_cui(value: str) -> str:
    cleaned = _SEPARATORS.sub("", str(value or "")).upper()
    return cleaned.removeprefix("RO")


def is_valid_cui(digits: str) -> bool:
    if not re.fullmatch(r"\d{2,10}", digits or ""):
        return False
    body, check = digits[:-1].rjust(9, "0"), int(digits[-1])
    total = sum(int(d) * int(k) for d, k in zip(body, CONTROL_KEY, strict=True))
    return (total * 10) % 11 % 10 == check


def validate_cui(value: str) -> str:
    """The CUI as digits only, or a ValidationError saying what is wrong with it."""
    digits = normalize_cui(value)
    if not re.fullmatch(r"\d{2,10}", digits):
        raise ValidationError(_("A CUI has 2 to 10 digits, optionally preceded by RO."), code="cui_format")
    if not is_valid_cui(digits):
        raise ValidationError(_("This CUI is not valid: its check digit does not match."), code="cui_check_digit")
    return digits
