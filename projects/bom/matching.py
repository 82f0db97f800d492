"""BOM lines → catalog products, in one pipeline:

    1. exact SKU            the code column (or the description) is one of our SKUs       1.00
    2. confirmed before     this buyer's company (or everyone, once promoted) mapped it  0.99
    3. never ours           bolts, paint, welding wire…: unmatched, whatever sizes follow
    4. structured           family + canonical sizes + material/finish → one bucket lookup;
                            grade, standard and sheet format choose within it          0.70–0.98
    5. fuzzy                only when the family or the sizes could not be read: rapidfuzz
                            over a small candidate set, never auto-accepted              ≤ 0.60

A row is auto-accepted at `AUTO_ACCEPT` and above; below it the best product is a suggestion
the buyer confirms. Precision beats recall: a size or grade we do not stock is left unmatched
with the nearest products as alternatives, never silently replaced.

Cost: the index is built once per catalog version (O(products)); a row costs dictionary lookups,
plus a scan of one family bucket when its size is missing or not stocked. Identical descriptions
are mapped once per file.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

from catalog.text import normalize
from projects.bom.description import (
    ALUMINIUM,
    ANGLE,
    CHECKER,
    CHS,
    FLAT_BAR,
    GALVANIZED,
    REBAR,
    RHS,
    ROUND_BAR,
    SHEET,
    SHS,
    SQUARE_BAR,
    STAINLESS,
    Reading,
    read_description,
)

AUTO_ACCEPT = 0.9
MAX_ALTERNATIVES = 3
DEFAULT_GROUPS = ("S235", "REBAR")  # what a steel buyer gets when no grade is named
_HAS_DIGIT = re.compile(r"\d").search
_SKU_LIKE = re.compile(r"\b[A-Za-z]+(?:-[A-Za-z0-9.]+)+\b")  # "TN-3000X1500X8-S235JR" inside a description
_NEAR_TOLERANCE = Decimal("0.02")  # each size within 2 % (48 for 48.3) is a suggestion


@dataclass(frozen=True)
class ProductRecord:
    """What the index needs of a product (from `values_list`, not model instances)."""

    id: str
    sku: str
    title: str
    grade: str = ""
    standard: str = ""
    family: str = ""  # metadata["family"], when the catalog says


@dataclass(frozen=True)
class Entry:
    id: str
    sku: str
    title: str
    reading: Reading
    standard: str

    @property
    def grade(self) -> str | None:
        return self.reading.grade

    @property
    def group(self) -> str | None:
        return self.reading.grade_group


@dataclass
class Match:
    entry: Entry | None
    confidence: float
    source: str | None  # sku | memory | structured | fuzzy
    reason: str
    alternatives: list[tuple[Entry, float]] = field(default_factory=list)

    @property
    def auto(self) -> bool:
        return self.entry is not None and self.confidence >= AUTO_ACCEPT


def sku_key(text: str) -> str:
    return "".join(text.split()).upper()


def memory_key(description: str) -> str:
    return normalize(description)[:255]


def _sheet_area(entry: Entry) -> Decimal:
    dims = entry.reading.dims or ()
    return dims[1] * dims[2] if len(dims) == 3 else Decimal(0)


class CatalogIndex:
    """Every active product, by SKU, by id, by (material, family, finish) and by canonical size."""

    def __init__(self, products: Iterable[ProductRecord]) -> None:
        self.by_id: dict[str, Entry] = {}
        self.by_sku: dict[str, Entry] = {}
        self.buckets: dict[tuple, list[Entry]] = defaultdict(list)
        self.sizes: dict[tuple, list[Entry]] = defaultdict(list)
        self._texts: dict[str, str] = {}
        self._by_number: dict[str, list[Entry]] | None = None
        for product in products:
            reading = read_description(product.title, product.grade, catalog=True)
            if product.family and reading.family != product.family:
                reading = replace(reading, family=product.family)
            entry = Entry(
                id=str(product.id), sku=product.sku, title=product.title, reading=reading, standard=product.standard
            )
            self.by_id[entry.id] = entry
            self.by_sku[sku_key(product.sku)] = entry
            if reading.family is None or reading.dims is None:
                continue
            bucket = (reading.material, reading.family, reading.variant)
            self.buckets[bucket].append(entry)
            self.sizes[(*bucket, reading.dims)].append(entry)
            if reading.family == SHEET and len(reading.dims) == 3:
                self.sizes[(*bucket, reading.dims[:1])].append(entry)  # "tabla 3 mm", any format
        for entries in self.sizes.values():
            entries.sort(key=lambda e: (e.group not in DEFAULT_GROUPS, _sheet_area(e), e.sku))

    def __len__(self) -> int:
        return len(self.by_id)

    def text(self, entry: Entry) -> str:
        """Normalised title and SKU, for fuzzy ranking (computed when first needed)."""
        if entry.id not in self._texts:
            self._texts[entry.id] = normalize(f"{entry.title} {entry.sku}")
        return self._texts[entry.id]

    @property
    def by_number(self) -> dict[str, list[Entry]]:
        """Products by each token of their title that holds a digit ("40x40x3", "200"): the
        candidates of a line whose family could not be read. Built when first needed."""
        if self._by_number is None:
            by_number: dict[str, list[Entry]] = defaultdict(list)
            for entry in self.by_id.values():
                for token in set(self.text(entry).split()):
                    if _HAS_DIGIT(token):
                        by_number[token].append(entry)
            self._by_number = by_number
        return self._by_number


# --- Describing what was read, for reasons ------------------------------------------------------


def _size_text(dims: tuple[Decimal, ...] | None) -> str:
    return "x".join(f"{d:f}" for d in dims) if dims else ""


@lru_cache(maxsize=8)
def _names(language: str) -> dict[str, str]:
    """Family and finish names in one language (looked up once, not once per row)."""
    return {
        ANGLE: _("angle"), RHS: _("rectangular tube"), SHS: _("square tube"), CHS: _("round tube"),
        SHEET: _("sheet"), ROUND_BAR: _("round bar"), SQUARE_BAR: _("square bar"), FLAT_BAR: _("flat bar"),
        REBAR: _("rebar"), STAINLESS: _("stainless"), ALUMINIUM: _("aluminium"), GALVANIZED: _("galvanized"),
        CHECKER: _("checker plate"),
    }  # fmt: skip


def describe(reading: Reading) -> str:
    names = _names(get_language() or "")
    parts = [names.get(reading.family, reading.family or "")]
    parts.append(names.get(reading.material, ""))
    parts.append(names.get(reading.variant or "", ""))
    parts.append(_size_text(reading.dims))
    if reading.grade:
        parts.append(reading.grade)
    return " ".join(p for p in parts if p)


# --- The pipeline -------------------------------------------------------------------------------


class Matcher:
    def __init__(self, index: CatalogIndex, memory: dict[str, str] | None = None) -> None:
        self.index = index
        self.memory = memory or {}
        self._seen: dict[tuple[str, str], Match] = {}

    def match(self, description: str, code: str = "") -> Match:
        key = (description, code)
        if key not in self._seen:
            self._seen[key] = self._match(description, code)
        return self._seen[key]

    def _match(self, description: str, code: str) -> Match:
        for candidate in (code, description, *_SKU_LIKE.findall(description)):
            entry = self.index.by_sku.get(sku_key(candidate)) if candidate else None
            if entry is not None:
                return Match(entry, 1.0, "sku", _("SKU"))
        remembered = self.index.by_id.get(self.memory.get(memory_key(description), ""))
        if remembered is not None:
            return Match(remembered, 0.99, "memory", _("confirmed before"))
        reading = read_description(description)
        if reading.not_catalog:
            return Match(None, 0.0, None, _("not a catalog product (%(kind)s)") % {"kind": _(reading.not_catalog)})
        if reading.family is None or reading.dims is None:
            return self._fuzzy(reading)
        return self._structured(reading)

    def _structured(self, reading: Reading) -> Match:
        bucket_key = (reading.material, reading.family, reading.variant)
        bucket = self.index.buckets.get(bucket_key)
        if not bucket:
            return Match(
                None,
                0.0,
                None,
                _("we do not sell %(what)s") % {"what": describe(replace(reading, dims=None, grade=None))},
            )
        exact = self.index.sizes.get((*bucket_key, reading.dims), [])
        if not exact:
            return self._not_stocked(reading, bucket)
        chosen, confidence, reason = self._choose(reading, exact)
        alternatives = [(e, 0.5) for e in exact if e is not chosen]
        if chosen is None:
            return Match(None, 0.0, None, reason, alternatives[:MAX_ALTERNATIVES])
        if reading.standard and chosen.standard:
            if chosen.standard.upper().startswith(reading.standard):
                confidence += 0.01
            else:
                confidence -= 0.1
                reason = _("standard %(asked)s asked, %(offered)s offered") % {
                    "asked": reading.standard,
                    "offered": chosen.standard,
                }
        if reading.typo:
            confidence -= 0.03
        if reading.inferred:
            confidence = min(confidence, 0.8)
        if len(alternatives) < MAX_ALTERNATIVES:
            alternatives += [(e, 0.3) for e in self._nearest(reading, bucket) if e not in exact]
        return Match(chosen, round(min(confidence, 0.99), 2), "structured", reason, alternatives[:MAX_ALTERNATIVES])

    def _choose(self, reading: Reading, exact: list[Entry]) -> tuple[Entry | None, float, str]:
        """The product among those of the right size: by grade, then by sheet format."""
        if reading.grade:
            same = [e for e in exact if e.grade == reading.grade]
            confidence = 0.98
            if not same and reading.grade in ("S235", "S275", "S355"):  # the group named, no quality
                same, confidence = [e for e in exact if e.group == reading.grade_group], 0.96
            if not same:
                same, confidence = [e for e in exact if e.group == reading.grade_group], 0.85
                if not same:
                    available = ", ".join(dict.fromkeys(e.grade or "?" for e in exact))
                    return (
                        None,
                        0.0,
                        _("grade %(grade)s is not stocked in this size (we have %(available)s)")
                        % {
                            "grade": reading.grade,
                            "available": available,
                        },
                    )
            reason = _("read as %(what)s") % {"what": describe(reading)}
            if confidence == 0.85:
                reason = _("%(offered)s offered for %(asked)s") % {"offered": same[0].grade, "asked": reading.grade}
        else:
            grades = dict.fromkeys(e.grade for e in exact)
            same, confidence = exact, 0.95
            reason = _("read as %(what)s") % {"what": describe(reading)}
            if len(grades) > 1:
                defaults = [e for e in exact if e.group in DEFAULT_GROUPS]
                if defaults:
                    same, confidence = defaults, 0.9
                    reason = _("no grade given: %(grade)s, the standard grade") % {"grade": defaults[0].grade}
                else:
                    confidence = 0.7
                    reason = _("no grade given: choose one of %(grades)s") % {"grades": ", ".join(filter(None, grades))}
        if len(same) > 1 and reading.family == SHEET and len(reading.dims or ()) == 1:
            confidence = min(confidence, 0.8)
            reason = _("no sheet format given: %(format)s, the most common one") % {
                "format": _size_text((same[0].reading.dims or ())[1:])
            }
        elif len(same) > 1:
            confidence = min(confidence, 0.7)
        return same[0], confidence, reason

    def _nearest(self, reading: Reading, bucket: list[Entry]) -> list[Entry]:
        dims = reading.dims or ()
        scored = []
        for entry in bucket:
            other = entry.reading.dims or ()
            if len(other) < len(dims):
                continue
            distance = sum(abs(a - b) / max(a, b) for a, b in zip(dims, other, strict=False))
            scored.append((distance, entry.group not in DEFAULT_GROUPS, entry.sku, entry))
        scored.sort(key=lambda item: item[:3])
        return [item[3] for item in scored[: MAX_ALTERNATIVES * 2]]

    def _not_stocked(self, reading: Reading, bucket: list[Entry]) -> Match:
        nearest = self._nearest(reading, bucket)
        dims = reading.dims or ()
        close = [
            e
            for e in nearest
            if len(e.reading.dims or ()) == len(dims)
            and all(
                abs(a - b) <= max(Decimal("0.5"), b * _NEAR_TOLERANCE)
                for a, b in zip(dims, e.reading.dims, strict=True)
            )
            and (not reading.grade or e.group == reading.grade_group)
        ]
        what = describe(reading)
        if close:
            reason = _("%(what)s read; closest we stock: %(title)s") % {"what": what, "title": close[0].title}
            others = [(e, 0.3) for e in nearest if e is not close[0]]
            return Match(close[0], 0.75, "structured", reason, others[:MAX_ALTERNATIVES])
        alternatives = [(e, 0.3) for e in nearest[:MAX_ALTERNATIVES]]
        return Match(None, 0.0, None, _("%(what)s is not in our catalog") % {"what": what}, alternatives)

    def _fuzzy(self, reading: Reading) -> Match:
        """No family or no size: rank a small candidate set by text similarity, as suggestions."""
        if reading.family is not None:
            candidates = self.index.buckets.get((reading.material, reading.family, reading.variant), [])
        else:
            numbered = [t for t in reading.text.split() if _HAS_DIGIT(t)]
            candidates = list(dict.fromkeys(e for t in numbered for e in self.index.by_number.get(t, [])))
        if not candidates:
            return Match(None, 0.0, None, _("not recognised as a product we sell"))
        choices = {index: self.index.text(e) for index, e in enumerate(candidates)}
        ranked = process.extract(reading.text, choices, scorer=fuzz.token_set_ratio, limit=MAX_ALTERNATIVES + 1)
        scored = [(candidates[index], round(score / 100 * 0.6, 2)) for _, score, index in ranked if score >= 60]
        if not scored:
            return Match(None, 0.0, None, _("not recognised as a product we sell"))
        best, confidence = scored[0]
        if confidence < 0.51 or reading.family is not None:
            reason = _("size not given") if reading.family else _("not recognised; similar products below")
            return Match(None, 0.0, None, reason, scored[:MAX_ALTERNATIVES])
        return Match(best, confidence, "fuzzy", _("similar text, please check"), scored[1 : MAX_ALTERNATIVES + 1])
