"""Text normalisation shared by the search column and search queries.

Buyers type "țeavă 40 x 40 x 3", "teava 40*40*3", "tabla 0,5" or "Ø20": all of them must meet the
same stored text. Both sides go through `normalize()`: lower case, no diacritics, decimal commas
as dots, dimension separators glued (`40x40x3`), diameter signs as `d` (`d20`).
"""

import re
import unicodedata

_DIAMETER = str.maketrans({"ø": "d", "⌀": "d", "φ": "d", "Ø": "d", "×": "x", "*": "x"})
_DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d)")
_DIMENSION_SEPARATOR = re.compile(r"(?<=\d)\s*x\s*(?=\d)")
_DIAMETER_SPACE = re.compile(r"\bd\s+(?=\d)")
_NOT_WORD = re.compile(r"[^a-z0-9.]+")
_TRAILING_DOT = re.compile(r"\.(?!\d)")


_FOLDED = str.maketrans(
    "ăâîșşțţĂÂÎȘŞȚŢáàäéèëíóöőúüűçčćšžřýñ",
    "aaissttAAISSTTaaaeeeiooouuucccszryn",
)


def strip_diacritics(text: str) -> str:
    """Letters without their accents. Romanian (and the usual Western/Central European) letters
    through a table, which is many times faster than decomposing; anything rarer decomposes."""
    text = text.translate(_FOLDED)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalize(text: str) -> str:
    text = strip_diacritics((text or "").translate(_DIAMETER).lower()).translate(_DIAMETER)
    text = _DECIMAL_COMMA.sub(".", text)
    text = _DIMENSION_SEPARATOR.sub("x", text)
    text = _DIAMETER_SPACE.sub("d", text)
    text = _NOT_WORD.sub(" ", text)
    text = _TRAILING_DOT.sub(" ", text)
    return " ".join(text.split())


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def natural_sort_key(text: str) -> str:
    """A key that orders sizes as people expect: IPE 80 < IPE 100, tablă 0,5 < 0,75 < 2."""

    def pad(match: re.Match) -> str:
        whole, _, fraction = match.group().partition(".")
        return f"{int(whole):08d}.{fraction[:4]:0<4}"

    return _NUMBER.sub(pad, normalize(text))


def search_tokens(query: str) -> list[str]:
    """Distinct normalised tokens of a query, longest first (the most selective filter first)."""
    tokens = dict.fromkeys(normalize(query).split())
    return sorted(tokens, key=len, reverse=True)
