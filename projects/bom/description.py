"""What a line of a bill of materials means: product family, sizes, grade, standard.

    "Tv. patr. 40 x 40 x 3 OL37"          → SHS, (40, 3), S235JR
    "HE 200 B S355J2+N"                   → HEB, (200,), S355J2
    "Tabla neagra 3mm 1000x2000"          → sheet, (3, 1000, 2000)
    "Otel rotund Ø20 C45"                 → round_bar, (20,), C45
    "Surub M16x60 gr. 8.8"                → not a catalog product (fastener)

Catalog products are read by the same function (their titles), so a request and a product meet
on equal terms: same family, same canonical sizes, same grade names. Sizes are canonical per
family: profiles by their designation (IPE 200 → (200,)), angles (leg, leg, thickness) with the
longer leg first, tubes (h, b, t) / (a, t) / (d, t), sheets (thickness, width, length), bars
(d,), (a,) or (width, thickness).
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from django.utils.translation import gettext_noop
from rapidfuzz import fuzz, process

from catalog.text import normalize

# Families. Those we do not stock still get a name, so "IPN 200" is never read as "IPE 200".
IPE, HEA, HEB, UNP, ANGLE = "IPE", "HEA", "HEB", "UNP", "L"
RHS, SHS, CHS = "RHS", "SHS", "CHS"
SHEET, ROUND_BAR, SQUARE_BAR, FLAT_BAR, REBAR = "sheet", "round_bar", "square_bar", "flat_bar", "rebar"
IPN, HEM, UPE, IPE_LIGHT, U_COLD = "IPN", "HEM", "UPE", "IPE A/O", "U cold-formed"
PROFILES = {IPE, HEA, HEB, UNP, IPN, HEM, UPE, IPE_LIGHT}

STEEL, STAINLESS, ALUMINIUM = "steel", "stainless", "aluminium"
GALVANIZED, CHECKER = "galvanized", "checker"

# What a buyer may write that we never sell, whatever sizes follow. Matched as whole words.
NOT_CATALOG: dict[str, str] = {}
for _reason, _words in (
    (gettext_noop("fastener"),
     "surub suruburi bolt bolts screw screws piulita piulite nut nuts saiba saibe washer washers "
     "prezon prezoane diblu dibluri ancora ancore anchor anchors conexpand nit nituri rivet rivets holtzsurub "
     "autoforant autoforante tirfon agrafa cuie cui"),
    (gettext_noop("paint"), "vopsea vopsele paint paints grund grunduri primer diluant thinner lac antirugina spray"),
    (gettext_noop("welding consumable"), "electrod electrozi electrode electrodes sarma wire flux argon co2 sudura"),
    (gettext_noop("abrasive or tool"),
     "disc discuri flex polizor burghiu burghie drill perie abraziv abrasive grinding panza"),
    (gettext_noop("roofing"), "cutata cutate trapezoidala tigla lindab jgheab burlan"),
    (gettext_noop("not steel"),
     "pvc ppr pehd polietilena cupru copper alama brass bronz lemn osb cherestea ciment gips vata "
     "polistiren silicon spuma membrana beton"),
    (gettext_noop("fitting"), "flansa flanse flange flanges cot coturi elbow teu reductie mufa niplu robinet"),
    (gettext_noop("other goods"), "plasa mesh gratar grating balama lacat rulment lant cablu manusi gloves"),
    (gettext_noop("service"),
     "transport manopera labour labor montaj installation vopsire galvanizare sablare debitare"),
):  # fmt: skip
    for _word in _words.split():
        NOT_CATALOG[_word] = _reason

_STAINLESS_CONTEXT = re.compile(r"\b(inox|inoxidabil\w*|stainless|aisi|ss|1\.4\d{3}|x\d+crni\w*)\b")
# A stainless grade written alone ("304 sheet 2mm", "316L"), not as a size ("304x8", "304 mm").
_BARE_STAINLESS = re.compile(r"(?<![\w.,*])(304|316)( ?l| ?ti)?(?![\w.,*]| ?(x|mm)\b)")
# "Wide flange beam" is a beam, not a pipe flange.
_SECTION_WORDS = re.compile(r"\b(wide|parallel) flanges?\b")
_ALUMINIUM_CONTEXT = re.compile(
    r"\b(aluminiu|aluminium|aluminum|alu|al|almg\d*|almgsi\w*|aw|en aw)\b"
    r"|(?<![\w.])(1050a?|5754|5083|6060|6061|6063|6082)(?![\w.])"  # alloy numbers: never a steel size
)

# (pattern, canonical grade, group). Groups say which grades stand in for each other at a lower
# confidence (S355JR for S355J2); anything else is a different product.
_STEEL_GRADES = [
    (r"\bs ?235 ?(jrh|jrg2|jrc|jr|j0|j2)?\b", "S235", "S235"),
    (r"\b(ol ?37( ?[1-4]k?)?|r?st ?37( ?[23])?)\b", "S235JR", "S235"),
    (r"\bs ?275 ?(jrh|jr|j0|j2|nl|n|m)?\b", "S275", "S275"),
    (r"\b(ol ?44|st ?44( ?[23])?)\b", "S275JR", "S275"),
    (r"\bs ?355 ?(jrh|jr|j0|j2h|j2g3|j2|k2|nl|n|m)?( n)?\b", "S355", "S355"),
    (r"\b(ol ?52|st ?52( ?3)?)\b", "S355J2", "S355"),
    (r"\bs ?(420|460) ?(m|ml|n|nl|q|ql)?\b", "S", "S420+"),
    (r"\b((ol)?c ?45e?|olc ?45|ck ?45|1\.0503)\b", "C45", "C45"),
    (r"\b(dc ?0?1|st ?12( ?03)?|1\.0330)\b", "DC01", "DC01"),
    (r"\bdc ?0?([3-6])\b", "DC0", "DC03+"),
    (r"\bdx ?5([1-4]) ?d( z\d*)?\b", "DX5", "DX51D"),
    (r"\b(bst ?500 ?s?|b ?500 ?[abc]?)\b", "BST500S", "REBAR"),
    (r"\bpc ?(52|60)\b", "PC", "REBAR"),
]
_STAINLESS_GRADES = [
    (r"\b(aisi ?)?304 ?l\b|\b1\.4307\b", "304L", "304"),
    (r"\b(aisi ?)?304\b|\b1\.4301\b|\bx5crni18 ?10\b", "304", "304"),
    (r"\b(aisi ?)?316 ?ti\b|\b1\.4571\b", "316Ti", "316Ti"),
    (r"\b(aisi ?)?316 ?l\b|\b1\.4404\b", "316L", "316"),
    (r"\b(aisi ?)?316\b|\b1\.4401\b", "316", "316"),
]
_ALUMINIUM_GRADES = [
    (r"\b(en ?aw ?)?1050 ?a?\b|\bal ?99\.5\b", "1050", "1050"),
    (r"\b(en ?aw ?)?5754\b|\balmg3\b", "5754", "5754"),
    (r"\b(en ?aw ?)?5083\b|\balmg4\.5mn\b", "5083", "5083"),
    (r"\b(en ?aw ?)?6060\b", "6060", "6060"),
    (r"\b(en ?aw ?)?6063\b", "6063", "6063"),
    (r"\b(en ?aw ?)?6061\b", "6061", "6061"),
    (r"\b(en ?aw ?)?6082\b|\balsi1mgmn\b", "6082", "6082"),
]
_COMPILED = {
    STEEL: [(re.compile(p), c, g) for p, c, g in _STEEL_GRADES],
    STAINLESS: [(re.compile(p), c, g) for p, c, g in _STAINLESS_GRADES],
    ALUMINIUM: [(re.compile(p), c, g) for p, c, g in _ALUMINIUM_GRADES],
}
_TEMPER = re.compile(r"\b(h ?\d{2,3}|t ?\d{1,2}|o)\b")
_STANDARD = re.compile(r"\b(?:sr ?)?(en|iso|din|stas|astm) ?(\d{2,5})(?: ?\d{1,2}\b)?")
_COATING = re.compile(r"\bz ?(100|140|200|275|350)\b")

# Family words. Tube words come before bar words: "teava rotunda" is a tube, "otel rotund" a bar.
_FAMILY_RULES: list[tuple[str, re.Pattern]] = [
    (IPE_LIGHT, re.compile(r"\bipe ?[ao] \d|\bipea\b|\bipeo\b")),
    (IPN, re.compile(r"\b(ipn|inp)\b")),
    (HEM, re.compile(r"\b(hem|ipbv)\b|\bhe \d+ ?m\b|\bhe m\b")),
    (IPE, re.compile(r"\bipe\b")),
    (HEA, re.compile(r"\b(hea|ipbl)\b|\bhe \d+ ?a\b|\bhe a\b")),
    (HEB, re.compile(r"\b(heb|ipb)\b|\bhe \d+ ?b\b|\bhe b\b")),
    (UPE, re.compile(r"\bupe\b")),
    (U_COLD, re.compile(r"\bu\b.*\b(indoit|indoita|format la rece|cold formed)\b")),
    (UNP, re.compile(r"\b(unp|upn|channel|channels)\b|\bu \d|\bprofil u\b")),
    (ANGLE, re.compile(r"\b(cornier|corniera|corniere|angle|angles|l \d+(\.\d+)?x)")),
    ("tube", re.compile(r"\b(teava|tevi|tv|tub|tube|tubes|tubing|pipe|pipes|rhs|shs|chs|hollow|tubular)\b")),
    (SHEET, re.compile(r"\b(tabla|table|tbl|sheet|sheets|plate|plates)\b")),
    (REBAR, re.compile(r"\b(otel beton|fier beton|ob|rebar|rebars|armatura|ribbed)\b|\bbst ?500|\bb ?500|\bpc ?52")),
    (FLAT_BAR, re.compile(r"\b(platbanda|platbenzi|platb|flat|flats|pl|fl|lama)\b")),
    (SQUARE_BAR, re.compile(r"\b(otel|bara|bare|bar|bars) patrat[ae]?\b|\b(patrat|square bar|square bars|op)\b")),
    (ROUND_BAR, re.compile(r"\b(otel|bara|bare|bar|bars) rotund[ae]?\b|\b(rotund|round bar|round bars|or)\b")),
    ("bar", re.compile(r"\b(bara|bare|bar|bars|otel)\b")),
]
_TUBE_KIND = [
    (RHS, re.compile(r"\b(rectangular[ae]?|dreptunghiular[ae]?|rect|rectang|rhs)\b")),
    (SHS, re.compile(r"\b(patrat[ae]?|square|shs|patr|pat)\b")),
    (CHS, re.compile(r"\b(rotund[ae]?|round|chs|circular[ae]?|rot)\b")),
]
_GALVANIZED = re.compile(r"\b(zincat[ae]?|zinc|galvanizat[ae]?|galvanized|galvanised|galv|zn)\b")
_CHECKER = re.compile(r"\b(striat[ae]?|checker(ed)?|chequer(ed)?|tread|lacrimat[ae]?|riflat[ae]?)\b")
_COLD_ROLLED = re.compile(r"\b(laminat[ae]? la rece|la rece|cold rolled|cold reduced|dkp)\b")

_VOCABULARY = sorted(
    set(
        re.findall(
            r"\w+",
            "teava tevi rectangulara dreptunghiulara patrata rotunda cornier corniera platbanda tabla zincata striata "
            "neagra rotund patrat otel beton armatura profil aluminiu inox inoxidabil galvanizata lacrimata laminata "
            "rectangular square round angle sheet plate flat galvanized stainless aluminium channel rebar tube pipe "
            "hollow checker chequer",
        )
    )
)
_KNOWN_WORDS = set(_VOCABULARY) | set(NOT_CATALOG)

# Letters glued to sizes are split off first: "ipe200" → "ipe 200", "l50x50x5" → "l 50x50x5".
_GLUED_PREFIX = re.compile(
    r"\b(ipe|ipea|ipeo|ipn|inp|hea|heb|hem|he|ipb|ipbl|ipbv|unp|upn|upe|u|l|d|dn|fi|phi|pl|fl|or|op|ob|rhs|shs|chs|tv)"
    r"(?=\d)"
)
_DOUBLE_ANGLE = re.compile(r"\b2 ?l(?= ?\d)")  # "2L45x5": a pair of angles, each L45x5
_HE_SUFFIX = re.compile(r"\bhe (\d+)([abm])\b")
# A length in the description: "lungime 12 m", "L=6000" (normalised "l 6000"), "6 m". A bare
# "L" only counts with a unit or three digits and more: "L1" is a part mark, "L 50x50x5" an angle.
_LENGTHS = [
    re.compile(r"\b(?:lungime|lungimea|lung|length|len|lg)\s(\d+(?:\.\d+)?)\s?(mm|m)?(?![\dx.])"),
    re.compile(r"\bl\s(\d{3,6}(?:\.\d+)?)\s?(mm|m)?(?![\dx.])"),
    re.compile(r"\bl\s(\d+(?:\.\d+)?)\s?(mm|m)\b(?!\s?x)"),
    re.compile(r"\b(\d{1,2}(?:\.\d+)?)\s?(m|ml|metri|metre|meters)\b(?!\s?x)"),
]
_DIAMETER = re.compile(r"\b(?:d|dn|fi|phi|diam|diametru|dia|diameter)\s(\d+(?:\.\d+)?)")
_THICKNESS = re.compile(r"\b(?:grosime|grosimea|gros|gr|g|t|s|thk|thickness)\s(\d+(?:\.\d+)?)\b")
_GLUED_DIMS = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?(?:x\d+(?:\.\d+)?)+)(?:\s?(mm|cm|m)\b)?")
_SINGLE = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)(?:\s?(mm|cm)\b)?(?![\w.])")
_LOST_DIAMETER = re.compile(r"[?](?=\s?\d)")  # "Ø" written through Windows-1250 becomes "?"


@dataclass(frozen=True)
class Reading:
    text: str  # normalised
    family: str | None = None
    material: str = STEEL
    variant: str | None = None  # sheets: galvanized or checker
    dims: tuple[Decimal, ...] | None = None
    grade: str | None = None
    grade_group: str | None = None
    standard: str | None = None
    length_mm: int | None = None
    not_catalog: str | None = None
    typo: bool = False  # a family word was read through a spelling mistake
    inferred: bool = False  # the family was guessed from sizes alone

    @property
    def key(self) -> tuple:
        return (self.material, self.family, self.variant, self.dims)


def _d(text: str) -> Decimal | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value.normalize() if value.is_finite() and value > 0 else None


def _correct_typos(text: str) -> tuple[str, bool]:
    words = text.split()
    changed = False
    for index, word in enumerate(words):
        if len(word) < 5 or word in _KNOWN_WORDS or not word.isalpha():
            continue
        match = _closest_word(word)
        if match:
            words[index], changed = match, True
    return " ".join(words), changed


@lru_cache(maxsize=4096)
def _closest_word(word: str) -> str | None:
    found = process.extractOne(word, _VOCABULARY, scorer=fuzz.ratio, score_cutoff=84)
    return found[0] if found else None


def _material(text: str) -> str:
    if _STAINLESS_CONTEXT.search(text) or _BARE_STAINLESS.search(text):
        return STAINLESS
    if _ALUMINIUM_CONTEXT.search(text):
        return ALUMINIUM
    return STEEL


def _grade(text: str, material: str) -> tuple[str | None, str | None, str]:
    """(canonical grade, group, text without it)."""
    for pattern, canonical, group in _COMPILED[material]:
        match = pattern.search(text)
        if match is None:
            continue
        if canonical in ("S235", "S275", "S355"):
            suffix = (match.group(1) or "").upper().replace("JRG2", "JR")
            canonical = canonical + suffix
        elif canonical == "S":
            canonical = f"S{match.group(1)}"
        elif canonical in ("DC0", "DX5"):
            canonical = f"{canonical}{match.group(1)}" + ("D" if canonical == "DX5" else "")
        elif canonical == "PC":
            canonical = f"PC{match.group(1)}"
        return canonical, group, text[: match.start()] + " " + text[match.end() :]
    return None, None, text


def _family(text: str) -> str | None:
    for name, pattern in _FAMILY_RULES:
        if pattern.search(text):
            return name
    return None


def _numbers(text: str) -> tuple[list[tuple[Decimal, ...]], list[Decimal], Decimal | None, Decimal | None]:
    """(glued size groups, single numbers, diameter, thickness) in order of appearance."""
    diameter = thickness = None
    if match := _DIAMETER.search(text):
        diameter = _d(match.group(1))
    if match := _THICKNESS.search(text):
        thickness = _d(match.group(1))
    groups: list[tuple[Decimal, ...]] = []
    for match in _GLUED_DIMS.finditer(text):
        values = [_d(part) for part in match.group(1).split("x")]
        if None in values:
            continue
        factor = {"cm": Decimal(10), "m": Decimal(1000)}.get(match.group(2) or "", Decimal(1))
        if factor != 1 and all(v <= 6 for v in values):
            values = [v * factor for v in values]  # "2x1 m" is a sheet format
        groups.append(tuple(values))
    rest = _GLUED_DIMS.sub(" ", text)
    singles = [value for match in _SINGLE.finditer(rest) if (value := _d(match.group(1))) is not None]
    return groups, singles, diameter, thickness


def _profile_size(text: str, groups, singles) -> tuple[Decimal, ...] | None:
    candidates = [g[0] for g in groups] + singles
    for value in candidates:
        if 40 <= value <= 1100 and value == value.to_integral():
            return (value,)
    return None


def _sheet_dims(groups, singles, thickness) -> tuple[Decimal, ...] | None:
    values = list(groups[0]) if groups else []
    if len(values) == 3:
        t, *fmt = sorted(values)
        return (t, *sorted(fmt))
    if len(values) == 2 and min(values) >= 100:
        t = thickness or next((s for s in singles if s <= 60), None)
        return (t, *sorted(values)) if t else None
    t = thickness or next((s for s in singles if s <= 60), None)
    return (t,) if t else None


def _tube(text: str, groups, diameter, thickness) -> tuple[str | None, tuple[Decimal, ...] | None]:
    kind = next((name for name, pattern in _TUBE_KIND if pattern.search(text)), None)
    values = list(groups[0]) if groups else []
    if diameter is not None and kind is None:
        kind = CHS
    if len(values) == 1 and thickness is not None:
        values.append(thickness)
    if len(values) == 3:
        h, b, t = values
        if kind == CHS:
            return CHS, None
        if h == b:
            return SHS, (h, t)
        return RHS, (max(h, b), min(h, b), t)
    if len(values) == 2:
        if kind in (SHS, RHS):
            return SHS, (values[0], values[1])
        return CHS, (values[0], values[1])
    return kind, None


def _bar_dims(family: str, groups, singles, diameter) -> tuple[str, tuple[Decimal, ...] | None]:
    values = list(groups[0]) if groups else []
    if family in (ROUND_BAR, REBAR):
        size = diameter or (values[0] if values else None) or (singles[0] if singles else None)
        return family, (size,) if size else None
    if family == SQUARE_BAR:
        if len(values) == 2 and values[0] != values[1]:
            return FLAT_BAR, (max(values), min(values))
        size = (values[0] if values else None) or (singles[0] if singles else None)
        return SQUARE_BAR, (size,) if size else None
    if family == FLAT_BAR:
        return FLAT_BAR, (max(values), min(values)) if len(values) == 2 else None
    # "bara" / "otel" alone: the sizes tell.
    if diameter is not None:
        return ROUND_BAR, (diameter,)
    if len(values) == 2:
        return (SQUARE_BAR, (values[0],)) if values[0] == values[1] else (FLAT_BAR, (max(values), min(values)))
    return "bar", None


def _angle_dims(groups) -> tuple[Decimal, ...] | None:
    values = list(groups[0]) if groups else []
    if len(values) == 2:
        values = [values[0], values[0], values[1]]
    if len(values) != 3:
        return None
    a, b, t = values
    return (max(a, b), min(a, b), t)


def _length(text: str) -> tuple[int | None, str]:
    """(length in mm, text without it)."""
    for pattern in _LENGTHS:
        match = pattern.search(text)
        if match is None:
            continue
        value = _d(match.group(1))
        metres = (match.group(2) or "") in ("m", "ml", "metri", "metre", "meters")
        length = None
        if value is not None:
            millimetres = value * 1000 if metres or value < 100 else value
            length = int(millimetres) if millimetres <= 100_000 else None
        return length, text[: match.start()] + " " + text[match.end() :]
    return None, text


def _family_from_grade(group, grade, groups, diameter, singles) -> tuple[str | None, tuple[Decimal, ...] | None]:
    """No family word: a size with a grade that only one family is made in ("140x80x5 S235JRH"
    is a hollow section, "Ø16 BST500S" rebar), or a lone diameter (a round bar)."""
    values = list(groups[0]) if groups else []
    if grade and grade.endswith("H") and len(values) in (2, 3):
        return _tube("", groups, diameter, None)
    if group == "REBAR" and (diameter or singles):
        return REBAR, (diameter or singles[0],)
    if diameter is not None and not groups:
        return ROUND_BAR, (diameter,)
    return None, None


def _prepare(raw: str) -> str:
    text = normalize(_LOST_DIAMETER.sub("ø", raw or ""))
    text = _DOUBLE_ANGLE.sub("l ", text)
    text = _GLUED_PREFIX.sub(r"\1 ", text)
    return _HE_SUFFIX.sub(r"he \1 \2", text)


@lru_cache(maxsize=50_000)
def read_description(raw: str, grade_hint: str = "", *, catalog: bool = False) -> Reading:
    """Read one description. Catalog products (`catalog=True`) pass their grade field as a hint
    and skip what only buyers need: the not-ours vocabulary and spelling correction."""
    text = _prepare(f"{raw} {grade_hint}".strip())
    typo = False
    if not catalog:
        for word in _SECTION_WORDS.sub(" ", text).split():
            if word in NOT_CATALOG and not (word == "beton" and re.search(r"\b(otel|fier) beton", text)):
                return Reading(text=text, not_catalog=NOT_CATALOG[word])
        text, typo = _correct_typos(text)
    length_mm, text = _length(text)
    material = _material(text)
    grade, group, text = _grade(text, material)
    if material == ALUMINIUM:
        text = _TEMPER.sub(" ", text)
    standard = None
    if match := _STANDARD.search(text):
        standard = f"{match.group(1).upper()} {match.group(2)}"
        text = text[: match.start()] + " " + text[match.end() :]
    variant = None
    if _GALVANIZED.search(text) or _COATING.search(text) or group == "DX51D":
        variant = GALVANIZED
    elif _CHECKER.search(text):
        variant = CHECKER
    if grade is None and _COLD_ROLLED.search(text):
        grade, group = "DC01", "DC01"
    text = _COATING.sub(" ", text)
    family = _family(text)
    groups, singles, diameter, thickness = _numbers(text)
    dims: tuple[Decimal, ...] | None = None
    inferred = False
    if family in PROFILES or family == UNP:
        dims = _profile_size(text, groups, singles)
    elif family == ANGLE:
        dims = _angle_dims(groups)
    elif family == "tube":
        family, dims = _tube(text, groups, diameter, thickness)
    elif family == SHEET:
        dims = _sheet_dims(groups, singles, thickness)
    elif family in (ROUND_BAR, REBAR, SQUARE_BAR, FLAT_BAR, "bar"):
        family, dims = _bar_dims(family, groups, singles, diameter)
        if family == ROUND_BAR and group == "REBAR":  # "reinforcing bar B500B Ø16": a rebar grade says rebar
            family = REBAR
    elif family is None:
        family, dims = _family_from_grade(group, grade, groups, diameter, singles)
        inferred = family is not None
    if family in ("tube", "bar"):
        family = None
    if variant and family != SHEET:
        variant = GALVANIZED if variant == GALVANIZED else None
    return Reading(
        text=text.strip(),
        family=family,
        material=material,
        variant=variant,
        dims=dims,
        grade=grade,
        grade_group=group,
        standard=standard,
        length_mm=length_mm,
        typo=typo,
        inferred=inferred,
    )
