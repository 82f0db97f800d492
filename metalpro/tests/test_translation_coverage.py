"""Translation coverage (issue 7): the main pages, rendered with the demo catalog, show no Romanian
in English (/en/…) and no English UI text in Romanian (/…).

Text explicitly marked as another language (`lang="ro"`, the switcher's "Română") is not counted;
nor are scripts, styles, or the seller's postal address, a proper name."""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from catalog.demo_data import CATEGORIES, product_rows
from catalog.models import Product
from catalog.services import category_ensure, products_import

pytestmark = pytest.mark.django_db

ROMANIAN_LETTERS = re.compile("[ăâîșțşţĂÂÎȘȚŞŢ]")
# Common Romanian UI words (ASCII spellings, which the diacritics check cannot see).
ROMANIAN_WORDS = {
    "acasa", "adauga", "autentificare", "cantitate", "catalog" and "categorii", "cauta", "comanda", "comenzi",
    "contul", "cos", "cerere", "oferta", "pret", "produse", "produs", "toate", "pentru", "si", "sau", "lei",
    "inregistrare", "parola", "iesire", "trimite", "fara", "livrare", "disponibil", "stoc", "tabla",
    "teava", "profil", "cornier", "platbanda", "lista", "materiale", "proiecte", "portofel",
}  # fmt: skip
# English UI strings that must not show on a Romanian page (they all have Romanian translations).
ENGLISH_UI = [
    "Search products", "Add to cart", "Sign in", "My account", "Product catalog", "Request a quote",
    "Bill of materials", "excl. VAT", "All categories", "Prices exclude VAT", "Skip to content", " RON",
]  # fmt: skip
IGNORED_TAGS = {"script", "style", "template"}


class VisibleText(HTMLParser):
    """Text a visitor reads (and placeholders, labels for screen readers, alt texts), outside
    elements marked with another language than the page's."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.parts: list[str] = []

    def skipping(self) -> bool:
        return any(skipped for _tag, skipped in self.stack)

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        foreign = attributes.get("lang") not in (None, self.language) and tag != "html"
        skipped = tag in IGNORED_TAGS or foreign
        if not (skipped or self.skipping()):
            self.parts += [
                attributes[name] or "" for name in ("placeholder", "aria-label", "alt", "title") if name in attributes
            ]
        if tag not in self.VOID:
            self.stack.append((tag, skipped))

    def handle_endtag(self, tag) -> None:
        while self.stack:
            open_tag, _skipped = self.stack.pop()
            if open_tag == tag:
                break

    def handle_data(self, data) -> None:
        if not self.skipping():
            self.parts.append(data)

    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def visible_text(html: str, language: str) -> str:
    parser = VisibleText(language)
    parser.feed(html)
    return parser.text()


def without_proper_names(text: str) -> str:
    """Without the seller's postal address and the name of Romanian in Romanian (a language choice)."""
    return text.replace(settings.SELLER["address"], "").replace("Română", "")


@pytest.fixture
def demo_catalog() -> dict[str, Product]:
    """Every demo category, an eighth of the demo products (every family) and the rectangular tube."""
    for path, description, sort_order, name_en, description_en in CATEGORIES:
        category_ensure(
            path=path, description=description, sort_order=sort_order, name_en=name_en, description_en=description_en
        )
    rows = [row for number, row in enumerate(product_rows()) if number % 8 == 0 or row["sku"] == "TR-40X20X2"]
    assert not products_import(rows=((row["sku"], row) for row in rows)).rejected
    return {product.sku: product for product in Product.objects.select_related("category")}


@pytest.fixture
def pages(client, demo_catalog, user) -> dict:
    """`pages(language)`: {name: (path, signed in?)} of the main pages, with a product in the cart."""
    product = demo_catalog["TR-40X20X2"]

    def named(language: str) -> dict[str, tuple[str, bool]]:
        with translation.override(language):
            client.post(reverse("cart:add"), {"product": str(product.id), "quantity": "12", "unit": "m"})
            return {
                "home": (reverse("catalog:home"), False),
                "category": (product.category.get_absolute_url(), False),
                "search": (reverse("catalog:products") + "?q=40x20", False),
                "product": (product.get_absolute_url(), False),
                "cart": (reverse("cart:page"), False),
                "rfq form": (reverse("rfq:submit"), False),
                "login": (reverse("accounts:login"), False),
                "signup": (reverse("accounts:signup"), False),
                "bom upload": (reverse("projects:upload"), False),
                "account": (reverse("accounts:overview"), True),
                "my projects": (reverse("projects:list"), True),
                "my orders": (reverse("orders:list"), True),
                "my requests": (reverse("rfq:list"), True),
                "wallet": (reverse("orders:wallet"), True),
            }

    return named


PAGE_NAMES = [
    "home", "category", "search", "product", "cart", "rfq form", "login", "signup", "bom upload", "account",
    "my projects", "my orders", "my requests", "wallet",
]  # fmt: skip


def render(client, user, path: str, signed_in: bool) -> str:
    if signed_in:
        client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_an_english_page_has_no_romanian_text(client, user, pages, name):
    path, signed_in = pages("en")[name]

    text = without_proper_names(visible_text(render(client, user, path, signed_in), "en"))

    assert path.startswith("/en/")
    assert ROMANIAN_LETTERS.findall(text) == [], text
    words = set(re.findall(r"[a-z]+", text.lower()))
    assert sorted(words & ROMANIAN_WORDS) == [], text


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_a_romanian_page_has_no_english_ui_text(client, user, pages, name):
    path, signed_in = pages("ro")[name]

    text = visible_text(render(client, user, path, signed_in), "ro")

    assert not path.startswith("/en/")
    assert [phrase for phrase in ENGLISH_UI if phrase in text] == [], text
