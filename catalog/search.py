"""Search helpers beyond the filter: autocomplete and "did you mean" for misspelt words."""

from functools import lru_cache

from rapidfuzz import fuzz, process

from catalog.cache import catalog_version
from catalog.models import Product
from catalog.selectors import product_listing, visible_products
from catalog.text import FILLER, SYNONYMS, search_terms, search_tokens

SUGGEST_LIMIT = 8
_MIN_SCORE = 80


@lru_cache(maxsize=4)
def _vocabulary(version: str) -> tuple[str, ...]:
    """Every word of the visible products' search text (no numbers), plus the words buyers may
    type for them. Per catalog version: a new product brings its words at once."""
    words: set[str] = set(SYNONYMS) | FILLER
    for text in visible_products().values_list("search_text", flat=True).iterator(chunk_size=2000):
        words.update(word for word in text.split() if word.isalpha() and len(word) > 2)
    return tuple(sorted(words))


def suggest(query: str, *, limit: int = SUGGEST_LIMIT) -> list[Product]:
    """Products for a search box as it is typed (at least two characters)."""
    if len((query or "").strip()) < 2 or not search_terms(query):
        return []
    return list(product_listing(filters={"search": query}, strict=False).products[:limit])


def did_you_mean(query: str) -> str | None:
    """A spelling of `query` that finds products when `query` finds none ("teava patrta" →
    "teava patrata"), or None."""
    vocabulary = _vocabulary(catalog_version())
    known = set(vocabulary)
    changed, words = False, []
    for token in query.split():
        word = search_tokens(token)
        if len(word) != 1 or not word[0].isalpha() or word[0] in known or len(word[0]) < 3:
            words.append(token)
            continue
        match = process.extractOne(word[0], vocabulary, scorer=fuzz.ratio, score_cutoff=_MIN_SCORE)
        if match is None:
            words.append(token)
            continue
        words.append(match[0])
        changed = True
    if not changed:
        return None
    corrected = " ".join(words)
    return corrected if product_listing(filters={"search": corrected}, strict=False).products.exists() else None
