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


def _alternatives(spec: str) -> dict[str, tuple[str, ...]]:
    """ "tube pipe hollow: teava" → {"tube": ("teava",), "pipe": ("teava",), ...}."""
    table: dict[str, tuple[str, ...]] = {}
    for line in spec.strip().splitlines():
        words, _, targets = line.partition(":")
        for word in words.split():
            table[word] = tuple(targets.split())
    return table


# What a buyer may type (English, abbreviations, other spellings) → what our titles say. A token
# with alternatives matches a product whose search text holds any of them.
SYNONYMS = _alternatives("""
    tube tubes pipe pipes hollow teava teave tv: teava
    rhs rectangular rect rectangulara: rectangulara
    shs square patrata patrat: patrata patrat
    chs round rotunda rotund circular: rotunda rotund
    sheet sheets plate plates tabla table tbl: tabla
    angle angles cornier corniere corniera l: cornier
    flat platbanda platbenzi: platbanda
    rebar reinforcing beton: beton
    channel channels upn u: unp upn
    galvanized galvanised zinc zinced zincat zincata zincate: zincat zincata
    black neagra negru: neagra
    stainless inox inoxidabil: inox
    aluminium aluminum alu aluminiu: aluminiu
    chequered checker checkered striata: striata
    beam beams profile profil grinda: profil
""")
# Words that say nothing about which product (dropped unless they are the whole query).
FILLER = frozenset(
    re.split(r"\s+", "steel otel fier bar bars bara section sections of de din the and si mm buc pcs for pentru")
)


def search_tokens(query: str) -> list[str]:
    """Distinct normalised tokens of a query, longest first (the most selective filter first)."""
    tokens = dict.fromkeys(normalize(query).split())
    return sorted(tokens, key=len, reverse=True)


def search_terms(query: str) -> list[tuple[str, ...]]:
    """The query as terms to AND together, each a tuple of alternatives to OR: "rectangular tube
    40x20" → [("40x20",), ("rectangulara",), ("teava",)]. Filler words go unless nothing else is left."""
    tokens = search_tokens(query)
    kept = [token for token in tokens if token not in FILLER] or tokens
    terms = dict.fromkeys(SYNONYMS.get(token, (token,)) for token in kept)
    return list(terms)
