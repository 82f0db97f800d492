"""The bill-of-materials pages: upload, review (tabs, corrections, cart, project) and saved projects.

Pages are asked for in English (`Accept-Language: en`) unless a test is about Romanian input; forms
on the review page are posted back the way a browser sends them: every field of the rendered form.
"""

import html
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation

from accounts.tests.factories import UserFactory
from cart.models import CartItem
from cart.selectors import SESSION_KEY
from catalog.models import Product
from metalpro.templatetags.shop import money
from projects.models import BomUpload, MappingMemory, Project
from projects.pricing import price_row
from projects.tests.factories import BomUploadFactory, ProjectFactory
from projects.tests.files import as_upload, csv_bytes, simple_bom
from tests.i18n import EnglishClient, english_client

pytestmark = pytest.mark.django_db

# Lazy: in the language of the test (its client asks for the English pages).
UPLOAD = reverse_lazy("projects:upload")
LOGIN = reverse_lazy("accounts:login")
CART = reverse_lazy("cart:page")
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64

# rows 2, 3: matched and priced; 4: a bolt, not in the catalog; 5: a suggestion to confirm
BOM = simple_bom(
    ("Profil IPE 200", "S355J2", "24", "ml"),
    ("Teava patrata 40x40x3", "", "12,5", "m"),
    ("Surub M16x60", "", "100", "buc"),
    ("Tabla neagra 3 mm", "", "2", "buc"),
)


@pytest.fixture
def client():
    """Pages in English (/en/…): messages are asserted as their msgids."""
    with english_client() as english:
        yield english


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Post a file from the upload page; the reading task runs when the upload commits."""

    def post(client, content: bytes, name: str = "lista.csv", **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(UPLOAD, {"file": as_upload(content, name)}, **extra)

    return post


@pytest.fixture
def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def bom(signed_in, bom_catalog, send) -> BomUpload:
    """BOM, uploaded and read for `user`."""
    send(signed_in, BOM)
    return BomUpload.objects.get()


@pytest.fixture
def guest_bom(client, bom_catalog, send) -> BomUpload:
    send(client, BOM)
    return BomUpload.objects.get()


def review_url(upload: BomUpload) -> str:
    return reverse("projects:bom", args=[upload.pk])


def text(response) -> str:
    return html.unescape(response.content.decode())


def followed(client, response) -> str:
    """The page a redirect leads to, with its messages."""
    assert response.status_code == 302
    return text(client.get(response["Location"]))


def shown_rows(page: str) -> list[int]:
    return [int(number) for number in re.findall(r'data-row="(\d+)"', page)]


def rows_of(upload: BomUpload) -> dict[int, dict]:
    upload.refresh_from_db()
    return {row["row"]: row for row in upload.rows}


class _FormFields(HTMLParser):
    """What a browser submits from the form with `css_class`: inputs, the selected options, ticked
    and enabled checkboxes (buttons are left to the caller)."""

    def __init__(self, css_class: str):
        super().__init__()
        self.css_class, self.inside, self.select = css_class, False, None
        self.fields: dict[str, list[str]] = {}

    def add(self, name: str, value: str) -> None:
        self.fields.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and self.css_class in (attributes.get("class") or "").split():
            self.inside = True
        if not self.inside or "disabled" in attributes:
            return
        kind = attributes.get("type", "text")
        if tag == "input" and attributes.get("name") and kind not in ("submit", "button", "file"):
            if kind != "checkbox":
                self.add(attributes["name"], attributes.get("value") or "")
            elif "checked" in attributes:
                self.add(attributes["name"], attributes.get("value") or "on")
        elif tag == "select":
            self.select = {"name": attributes.get("name"), "first": None, "chosen": None}
        elif tag == "option" and self.select is not None:
            value = attributes.get("value") or ""
            self.select["first"] = value if self.select["first"] is None else self.select["first"]
            if "selected" in attributes:
                self.select["chosen"] = value

    def handle_endtag(self, tag):
        if tag == "select" and self.inside and self.select is not None:
            chosen = self.select["chosen"] if self.select["chosen"] is not None else self.select["first"]
            self.add(self.select["name"], chosen)
            self.select = None
        elif tag == "form":
            self.inside = False


def review_form(client, upload: BomUpload, **extra) -> dict[str, list[str]]:
    """The review form as the page renders it, ready to post back."""
    parser = _FormFields("bom-form")
    parser.feed(client.get(review_url(upload), **extra).content.decode())
    assert parser.fields["rows"], "the review page has no rows to post"
    return parser.fields


def project_row(number: int, product: Product, quantity: str, unit: str) -> dict:
    return {
        "row": number, "description": f"{product.title} din lista", "quantity": quantity, "unit": unit,
        "length_mm": None, "notes": "", "product_id": str(product.pk), "sku": product.sku, "title": product.title,
        "matched": True,
    }  # fmt: skip


@pytest.fixture
def project(user, bom_catalog) -> Project:
    """`user`'s project: 12 m of IPE 200 and 3 sheets."""
    rows = [
        project_row(1, bom_catalog["IPE-200-S235JR"], "12.000", "m"),
        project_row(2, bom_catalog["TN-2000X1000X3-S235JR"], "3.000", "pcs"),
    ]
    return ProjectFactory(user=user, name="Hala Sud", bom_data={"rows": rows})


def net(product: Product, quantity: str, unit: str) -> Decimal:
    product.refresh_from_db()
    return price_row(product, Decimal(quantity), unit, None)[1].net


# --- Upload page --------------------------------------------------------------------------------


def test_a_guest_gets_the_upload_page_with_the_example_link(client):
    response = client.get(UPLOAD)

    page = text(response)
    assert response.status_code == 200
    assert "Drop your list here" in page
    assert f'href="{reverse("projects:example")}"' in page
    assert "Your recent lists" not in page


def test_a_signed_in_user_sees_their_recent_lists_on_the_upload_page(signed_in, user):
    BomUploadFactory(user=user, file_name="hala-mea.csv")
    BomUploadFactory(file_name="hala-altcuiva.csv")

    response = signed_in.get(UPLOAD)

    page = text(response)
    assert response.status_code == 200
    assert "Your recent lists" in page
    assert "hala-mea.csv" in page
    assert "hala-altcuiva.csv" not in page


def test_the_example_list_downloads_as_a_csv_attachment(client):
    response = client.get(reverse("projects:example"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="lista-materiale-exemplu.csv"'
    lines = response.content.decode("utf-8").splitlines()
    assert lines[0] == "\ufeffNr.crt;Denumire;Cod;Calitate;Cant.;UM;Lungime (mm);Observații"
    assert len(lines) == 5


def test_the_example_list_uploaded_back_is_read_and_every_row_matched(client, bom_catalog, send):
    example = client.get(reverse("projects:example"))

    response = send(client, example.content, "lista-materiale-exemplu.csv")

    upload = BomUpload.objects.get()
    assert response["Location"] == review_url(upload)
    assert upload.status == BomUpload.Status.DONE
    assert [(r["row"], r["sku"], r["quantity"], r["unit"], r["matched"]) for r in upload.rows] == [
        (2, "IPE-200-S235JR", "4.000", "pcs", True),
        (3, "TR-60X40X3", "36.500", "m", True),
        (4, "TN-2000X1000X3-S235JR", "5.000", "pcs", True),
        (5, "OB-12-BST500S", "1200.000", "kg", True),  # 1,2 t
    ]
    assert upload.rows[0]["length_mm"] == 6000
    assert upload.summary["ready"] == 4
    assert upload.summary["skipped"] == []


# --- Upload POST --------------------------------------------------------------------------------


def test_uploading_a_list_reads_it_and_opens_its_review(signed_in, user, bom_catalog, send):
    response = send(signed_in, BOM, "Hala Sud.csv")

    upload = BomUpload.objects.get()
    assert response.status_code == 302
    assert response["Location"] == review_url(upload)
    assert (upload.user, upload.cart, upload.file_name) == (user, None, "Hala Sud.csv")
    assert upload.status == BomUpload.Status.DONE
    assert [row["row"] for row in upload.rows] == [2, 3, 4, 5]


def test_a_guests_list_belongs_to_their_session_cart(client, guest_bom):
    assert guest_bom.user is None
    assert str(guest_bom.cart_id) == client.session[SESSION_KEY]
    assert client.get(review_url(guest_bom)).status_code == 200


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"file": as_upload(PNG, "lista.xlsx")}, "This type of file is not accepted. Accepted: CSV, XLSX."),
        ({"file": as_upload(b"", "lista.csv")}, "The file is empty."),
        ({}, "Choose a CSV or XLSX file."),
    ],
    ids=["image-renamed-xlsx", "empty-file", "no-file"],
)
def test_a_bad_file_shows_the_upload_page_again_with_the_reason(signed_in, data, error):
    response = signed_in.post(UPLOAD, data)

    page = text(response)
    assert response.status_code == 400
    assert f'<p class="alert alert--error" role="alert">{error}</p>' in page
    assert "Drop your list here" in page
    assert not BomUpload.objects.exists()
    assert not default_storage.exists("bom")


# --- Review page --------------------------------------------------------------------------------


def test_the_review_page_shows_every_row_and_the_stats(signed_in, bom):
    response = signed_in.get(review_url(bom))

    page = text(response)
    assert response.status_code == 200
    assert "Refresh" not in response
    assert shown_rows(page) == [2, 3, 4, 5]
    assert "Surub M16x60" in page
    assert "Profil IPE 200 S355J2 (IPE-200-S355J2)" in page
    assert "<strong>2</strong><span>ready for the cart</span>" in page
    assert "<strong>1</strong><span>to check</span>" in page
    assert "<strong>1</strong><span>not found</span>" in page
    assert money(bom.summary["subtotal"]) in page
    assert "Confirm 1 suggestion" in page


@pytest.mark.parametrize(
    ("tab", "rows", "current"),
    [
        ("toate", [2, 3, 4, 5], "All"),
        ("de-verificat", [5], "To check"),
        ("negasite", [4], "Not found"),
        ("gata", [2, 3], "Ready"),
        ("altceva", [2, 3, 4, 5], "All"),
    ],
    ids=["all", "to-check", "not-found", "ready", "unknown-tab"],
)
def test_the_tabs_filter_the_rows(signed_in, bom, tab, rows, current):
    page = text(signed_in.get(review_url(bom), {"arata": tab}))

    assert shown_rows(page) == rows
    assert re.search(rf'class="tabs__tab is-current"[^>]*aria-current="page">{current} <span', page)


def test_the_tab_counts_add_up(signed_in, bom):
    page = text(signed_in.get(review_url(bom)))

    counts = dict(re.findall(r'href="\?arata=([a-z-]+)"[^>]*>[^<]+<span class="count">\((\d+)\)</span>', page))
    assert counts == {"toate": "4", "de-verificat": "1", "negasite": "1", "gata": "2"}


@pytest.mark.parametrize("status", [BomUpload.Status.PENDING, BomUpload.Status.PROCESSING])
def test_a_list_still_being_read_refreshes_itself(signed_in, user, status):
    upload = BomUploadFactory(user=user, status=status)

    response = signed_in.get(review_url(upload))

    page = text(response)
    assert response.status_code == 200
    assert response["Refresh"] == "2"
    assert "Reading your list…" in page
    assert shown_rows(page) == []
    assert "Add ready rows to cart" not in page


def test_a_list_that_could_not_be_read_shows_why(signed_in, bom_catalog, send):
    send(signed_in, csv_bytes([["Denumire", "Calitate", "Pret"], ["IPE 200", "S235JR", "100"]]))
    upload = BomUpload.objects.get()

    response = signed_in.get(review_url(upload))

    page = text(response)
    assert upload.status == BomUpload.Status.FAILED
    assert "Refresh" not in response
    assert "No quantity column found; headers seen: “Denumire”, “Calitate”, “Pret”." in page
    assert "Upload another file" in page
    assert "Add ready rows to cart" not in page


def test_posting_to_a_list_still_being_read_changes_nothing(signed_in, user, bom_catalog):
    upload = BomUploadFactory(user=user, status=BomUpload.Status.PENDING)

    response = signed_in.post(review_url(upload), {"action": "project", "name": "Hala"})

    assert "The list is still being read." in followed(signed_in, response)
    assert not Project.objects.exists()


# --- Review: corrections ------------------------------------------------------------------------


def test_posting_the_page_unchanged_changes_nothing(signed_in, bom):
    before = rows_of(bom)

    response = signed_in.post(review_url(bom), {**review_form(signed_in, bom), "action": "save"})

    assert "Changes saved." not in followed(signed_in, response)
    assert rows_of(bom) == before


def test_saving_a_corrected_quantity_changes_the_row_and_its_price(signed_in, bom):
    before = rows_of(bom)
    form = {**review_form(signed_in, bom), "row-3-quantity": "20", "action": "save"}

    response = signed_in.post(f"{review_url(bom)}?arata=toate", form)

    after = rows_of(bom)
    assert response["Location"] == f"{review_url(bom)}?arata=toate"
    assert "Changes saved." in followed(signed_in, response)
    assert after[3]["quantity"] == "20.000"
    assert Decimal(after[3]["price"]) == net(Product.objects.get(sku="TP-40X40X3"), "20", "m")
    assert {n: after[n] for n in (2, 4, 5)} == {n: before[n] for n in (2, 4, 5)}


def test_a_romanian_page_reads_a_decimal_comma(user, bom):
    romanian = Client()
    romanian.force_login(user)
    with translation.override("ro"):
        form = review_form(romanian, bom)
        assert form["row-3-quantity"] == ["12,5"]
        before = rows_of(bom)

        romanian.post(review_url(bom), {**form, "row-3-quantity": "1,250", "action": "save"})

    after = rows_of(bom)
    assert after[3]["quantity"] == "1.250"  # one and a quarter metres, not 1250
    assert {n: after[n] for n in (2, 4, 5)} == {n: before[n] for n in (2, 4, 5)}


def test_changing_the_unit_of_a_row(signed_in, bom):
    form = {**review_form(signed_in, bom), "row-3-unit": "kg", "action": "save"}

    signed_in.post(review_url(bom), form)

    row = rows_of(bom)[3]
    assert (row["quantity"], row["unit"], row["unit_assumed"]) == ("12.500", "kg", False)
    assert Decimal(row["price"]) == net(Product.objects.get(sku="TP-40X40X3"), "12.5", "kg")


def test_choosing_another_product_for_a_row_is_remembered(signed_in, user, bom, bom_catalog):
    other = bom_catalog["IPE-200-S235JR"]
    form = {**review_form(signed_in, bom), "row-2-product": str(other.pk), "action": "save"}

    signed_in.post(review_url(bom), form)

    row = rows_of(bom)[2]
    assert (row["sku"], row["matched"], row["source"]) == ("IPE-200-S235JR", True, "buyer")
    assert list(MappingMemory.objects.filter(user=user).values_list("product__sku", flat=True)) == ["IPE-200-S235JR"]


def test_typing_a_sku_gives_a_row_its_product(signed_in, bom):
    form = {**review_form(signed_in, bom), "row-4-sku": " l-50x50x5 ", "action": "save"}

    signed_in.post(review_url(bom), form)

    row = rows_of(bom)[4]
    assert (row["sku"], row["matched"]) == ("L-50X50X5", True)


def test_an_unknown_sku_is_reported_and_nothing_changes(signed_in, bom):
    before = rows_of(bom)
    form = {**review_form(signed_in, bom), "row-4-sku": "NOPE-1", "action": "save"}

    response = signed_in.post(review_url(bom), form)

    assert "Row 4: no product with SKU NOPE-1." in followed(signed_in, response)
    assert rows_of(bom) == before


@pytest.mark.parametrize(
    "quantity",
    ["abc", "0", "-3", "12 buc", "0.0001", "10000001", "1" + "0" * 30],
    ids=["text", "zero", "negative", "with-unit", "rounds-to-zero", "over-the-limit", "thirty-digits"],
)
def test_a_quantity_that_cannot_be_used_is_refused(signed_in, bom, quantity):
    before = rows_of(bom)
    form = {**review_form(signed_in, bom), "row-3-quantity": quantity, "action": "save"}

    response = signed_in.post(review_url(bom), form)

    assert f"Row 3: “{quantity}” is not a quantity." in followed(signed_in, response)
    assert rows_of(bom) == before


def test_unticking_use_sets_a_matched_row_aside(signed_in, bom):
    form = {**review_form(signed_in, bom), "action": "save"}
    del form["row-2-use"]

    signed_in.post(review_url(bom), form)

    row = rows_of(bom)[2]
    assert (row["matched"], row["sku"]) == (False, "IPE-200-S355J2")
    assert shown_rows(text(signed_in.get(review_url(bom), {"arata": "de-verificat"}))) == [2, 5]


def test_ticking_use_confirms_a_suggestion(signed_in, bom):
    form = {**review_form(signed_in, bom), "row-5-use": "on", "action": "save"}

    signed_in.post(review_url(bom), form)

    row = rows_of(bom)[5]
    assert (row["matched"], row["sku"]) == (True, "TN-2000X1000X3-S235JR")


def test_confirm_all_accepts_every_suggestion(signed_in, bom):
    response = signed_in.post(review_url(bom), {**review_form(signed_in, bom), "action": "confirm-all"})

    rows = rows_of(bom)
    assert "Changes saved." in followed(signed_in, response)
    assert [n for n, row in rows.items() if row["matched"]] == [2, 3, 5]
    assert rows[4]["product_id"] is None
    assert bom.summary["ready"] == 3


def test_confirm_all_also_accepts_a_suggestion_whose_quantity_was_edited(signed_in, bom):
    form = {**review_form(signed_in, bom), "row-5-quantity": "3", "action": "confirm-all"}

    signed_in.post(review_url(bom), form)

    row = rows_of(bom)[5]
    assert (row["matched"], row["quantity"]) == (True, "3.000")


@pytest.mark.parametrize(
    "number", ["²", "1" * 5000, "-2", "doi"], ids=["superscript", "5000-digits", "negative", "word"]
)
def test_a_row_number_that_is_not_one_of_the_list_is_ignored(signed_in, bom, number):
    before = rows_of(bom)

    form = {**review_form(signed_in, bom), "rows": [number], "row-2-quantity": "9", "action": "save"}

    response = signed_in.post(review_url(bom), form)

    assert response.status_code == 302
    assert rows_of(bom) == before


def test_a_nul_in_a_typed_sku_is_dropped(signed_in, bom):
    form = {**review_form(signed_in, bom), "row-4-sku": "L-50X50X5\x00", "action": "save"}

    response = signed_in.post(review_url(bom), form)

    assert response.status_code == 302
    assert rows_of(bom)[4]["sku"] == "L-50X50X5"


# --- Review: to the cart ------------------------------------------------------------------------


def test_add_to_cart_adds_the_ready_rows_and_opens_the_cart(signed_in, user, bom):
    response = signed_in.post(review_url(bom), {**review_form(signed_in, bom), "action": "cart"})

    lines = CartItem.objects.filter(cart__user=user).order_by("created_at")
    assert response.status_code == 302
    assert response["Location"] == CART
    assert response.cookies["mp_cart"].value.startswith("2:")
    assert [(line.product.sku, line.quantity, line.unit) for line in lines] == [
        ("IPE-200-S355J2", Decimal("24"), "m"),
        ("TP-40X40X3", Decimal("12.5"), "m"),
    ]
    page = followed(signed_in, response)
    assert "2 rows added to your estimate." in page
    assert "1 rows left out: not confirmed, or without a quantity." in page
    bom.refresh_from_db()
    assert bom.added_to_cart_at is not None


def test_a_guest_adds_the_list_to_their_session_cart(client, guest_bom):
    response = client.post(review_url(guest_bom), {**review_form(client, guest_bom), "action": "cart"})

    assert response["Location"] == CART
    assert {str(line.cart_id) for line in CartItem.objects.all()} == {client.session[SESSION_KEY]}
    assert CartItem.objects.count() == 2
    assert Product.objects.get(title="Profil IPE 200 S355J2").title_en in followed(client, response)


def test_add_to_cart_with_no_ready_row_stays_on_the_list(signed_in, bom):
    form = {**review_form(signed_in, bom), "action": "cart"}
    del form["row-2-use"], form["row-3-use"]

    response = signed_in.post(review_url(bom), form)

    assert response["Location"] == f"{review_url(bom)}?"
    assert "No row is ready for the cart: confirm the products and quantities first." in followed(signed_in, response)
    assert not CartItem.objects.exists()


# --- Review: save as project --------------------------------------------------------------------


def test_save_as_project_keeps_the_rows_for_the_user(signed_in, user, bom):
    form = {**review_form(signed_in, bom), "action": "project", "name": "  Hala   Sud "}

    response = signed_in.post(review_url(bom), form)

    project = Project.objects.get()
    assert response["Location"] == reverse("projects:project", args=[project.pk])
    assert (project.user, project.name, project.file_name) == (user, "Hala Sud", "lista.csv")
    assert [(row["row"], row["sku"]) for row in project.rows] == [
        (2, "IPE-200-S355J2"),
        (3, "TP-40X40X3"),
        (4, None),
        (5, "TN-2000X1000X3-S235JR"),
    ]
    assert "Saved as project “Hala Sud”." in followed(signed_in, response)


def test_the_project_name_defaults_to_the_file_name(signed_in, bom):
    assert review_form(signed_in, bom)["name"] == ["lista"]


def test_save_as_project_without_a_name_is_refused(signed_in, bom):
    response = signed_in.post(review_url(bom), {**review_form(signed_in, bom), "action": "project", "name": "  "})

    assert "Give the project a name." in followed(signed_in, response)
    assert not Project.objects.exists()


def test_a_nul_in_the_project_name_is_dropped(signed_in, bom):
    signed_in.post(review_url(bom), {**review_form(signed_in, bom), "action": "project", "name": "Hala\x00 Sud"})

    assert Project.objects.get().name == "Hala Sud"


def test_a_guest_saving_a_project_is_sent_to_sign_in(client, guest_bom):
    response = client.post(review_url(guest_bom), {**review_form(client, guest_bom), "action": "project"})

    assert response["Location"] == f"{LOGIN}?next={review_url(guest_bom)}"
    assert "Sign in to save the list as a project; your list stays here." in followed(client, response)
    assert not Project.objects.exists()


def test_a_guest_who_signs_in_to_save_keeps_their_list(client, user, password, guest_bom):
    sent_to_login = client.post(review_url(guest_bom), {**review_form(client, guest_bom), "action": "project"})

    signed = client.post(sent_to_login["Location"], {"username": user.email, "password": password})
    back = client.get(signed["Location"])

    guest_bom.refresh_from_db()
    assert signed["Location"] == review_url(guest_bom)
    assert back.status_code == 200
    assert (guest_bom.user, guest_bom.cart) == (user, None)
    saved = client.post(review_url(guest_bom), {**review_form(client, guest_bom), "action": "project"})
    assert saved["Location"] == reverse("projects:project", args=[Project.objects.get(user=user).pk])


# --- Review: someone else's list ----------------------------------------------------------------


def test_another_users_list_is_not_found(bom):
    intruder = EnglishClient()
    intruder.force_login(UserFactory())
    before = rows_of(bom)

    assert intruder.get(review_url(bom)).status_code == 404
    assert intruder.post(review_url(bom), {"action": "cart"}).status_code == 404
    assert intruder.post(review_url(bom), {"rows": "2", "row-2-quantity": "1", "action": "save"}).status_code == 404
    assert intruder.post(review_url(bom), {"action": "project", "name": "Furat"}).status_code == 404
    assert rows_of(bom) == before
    assert not CartItem.objects.exists()
    assert not Project.objects.exists()


def test_a_guests_list_is_not_found_for_another_browser_or_an_account(guest_bom):
    other_guest = EnglishClient()
    account = EnglishClient()
    account.force_login(UserFactory())

    assert other_guest.get(review_url(guest_bom)).status_code == 404
    assert other_guest.post(review_url(guest_bom), {"action": "cart"}).status_code == 404
    assert account.get(review_url(guest_bom)).status_code == 404
    assert not CartItem.objects.exists()


# --- Projects -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["projects:list", "projects:project"], ids=["list", "detail"])
def test_project_pages_send_a_guest_to_sign_in(client, project, name):
    url = reverse(name) if name == "projects:list" else reverse(name, args=[project.pk])

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={url}"


def test_my_projects_lists_only_mine(signed_in, project):
    ProjectFactory(name="Depozit Vecin")

    response = signed_in.get(reverse("projects:list"))

    page = text(response)
    assert response.status_code == 200
    assert f'href="{reverse("projects:project", args=[project.pk])}">Hala Sud</a>' in page
    assert "2 rows" in page
    assert "Depozit Vecin" not in page


def test_my_projects_when_there_are_none(signed_in):
    ProjectFactory(name="Depozit Vecin")

    page = text(signed_in.get(reverse("projects:list")))

    assert "No projects yet" in page
    assert "Depozit Vecin" not in page


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("get", "projects:project"),
        ("post", "projects:rename"),
        ("post", "projects:delete"),
        ("post", "projects:to-cart"),
    ],
    ids=["detail", "rename", "delete", "to-cart"],
)
def test_another_users_project_is_not_found(signed_in, bom_catalog, method, name):
    rows = [project_row(1, bom_catalog["IPE-200-S235JR"], "12.000", "m")]
    theirs = ProjectFactory(name="Depozit Vecin", bom_data={"rows": rows})

    response = getattr(signed_in, method)(reverse(name, args=[theirs.pk]), {"name": "Furat"})

    theirs.refresh_from_db()
    assert response.status_code == 404
    assert theirs.name == "Depozit Vecin"
    assert not CartItem.objects.exists()


def test_a_project_shows_its_rows_at_todays_prices(signed_in, project, bom_catalog):
    ipe = bom_catalog["IPE-200-S235JR"]
    yesterday = net(ipe, "12", "m")
    Product.objects.filter(pk=ipe.pk).update(price_per_unit=ipe.price_per_unit * 2)
    today = net(ipe, "12", "m")

    response = signed_in.get(reverse("projects:project", args=[project.pk]))

    page = text(response)
    assert response.status_code == 200
    assert today != yesterday
    assert money(today) in page
    assert money(yesterday) not in page
    assert "Profil IPE 200 S235JR din lista" in page
    assert "no longer sold" not in page


@pytest.mark.parametrize("gone", ["deactivated", "deleted"])
def test_a_project_flags_a_product_no_longer_sold(signed_in, project, bom_catalog, gone):
    sheet = bom_catalog["TN-2000X1000X3-S235JR"]
    ipe_price = net(bom_catalog["IPE-200-S235JR"], "12", "m")
    if gone == "deleted":
        sheet.delete()
    else:
        Product.objects.filter(pk=sheet.pk).update(is_active=False)

    page = text(signed_in.get(reverse("projects:project", args=[project.pk])))

    assert "1 product of this project is no longer sold" in page
    assert f'<s>{sheet.title}</s> <span class="badge badge--missing">no longer sold</span>' in page
    assert re.search(r'class="totals__grand"><dt>[^<]+</dt><dd>([^<]+)</dd>', page).group(1) == money(ipe_price)


def test_renaming_a_project(signed_in, project):
    url = reverse("projects:rename", args=[project.pk])

    response = signed_in.post(url, {"name": " Hala  Nord ", "description": "Etapa 2"})

    project.refresh_from_db()
    assert response["Location"] == reverse("projects:project", args=[project.pk])
    assert (project.name, project.description) == ("Hala Nord", "Etapa 2")
    assert "Project saved." in followed(signed_in, response)


@pytest.mark.parametrize(
    ("name", "error"),
    [("", "Give the project a name."), ("   ", "Give the project a name."), ("x" * 121, "At most 120 characters.")],
    ids=["empty", "blank", "too-long"],
)
def test_a_rename_without_a_usable_name_is_refused_and_nothing_changes(signed_in, project, name, error):
    response = signed_in.post(reverse("projects:rename", args=[project.pk]), {"name": name, "description": "Nou"})

    project.refresh_from_db()
    assert f'<p class="alert alert--error">{error}</p>' in followed(signed_in, response)
    assert (project.name, project.description) == ("Hala Sud", "")


def test_a_nul_in_a_rename_is_dropped(signed_in, project):
    signed_in.post(reverse("projects:rename", args=[project.pk]), {"name": "Hala\x00 Nord", "description": "a\x00b"})

    project.refresh_from_db()
    assert (project.name, project.description) == ("Hala Nord", "ab")


def test_deleting_a_project(signed_in, project):
    response = signed_in.post(reverse("projects:delete", args=[project.pk]))

    assert response["Location"] == reverse("projects:list")
    assert not Project.objects.exists()
    assert "Project “Hala Sud” deleted." in followed(signed_in, response)


@pytest.mark.parametrize("name", ["projects:delete", "projects:rename", "projects:to-cart"])
def test_a_get_changes_no_project(signed_in, project, name):
    response = signed_in.get(reverse(name, args=[project.pk]), {"name": "Altul"})

    project.refresh_from_db()
    assert response.status_code == 405
    assert project.name == "Hala Sud"
    assert not CartItem.objects.exists()


def test_a_project_goes_back_to_the_cart_at_todays_prices(signed_in, user, project):
    started = timezone.now()

    response = signed_in.post(reverse("projects:to-cart", args=[project.pk]))

    project.refresh_from_db()
    lines = CartItem.objects.filter(cart__user=user).order_by("created_at")
    assert response["Location"] == CART
    assert [(line.product.sku, line.quantity, line.unit) for line in lines] == [
        ("IPE-200-S235JR", Decimal("12"), "m"),
        ("TN-2000X1000X3-S235JR", Decimal("3"), "pcs"),
    ]
    assert project.last_used_at >= started
    assert "2 rows added to your estimate at today's prices." in followed(signed_in, response)


def test_a_project_whose_products_are_gone_stays_on_its_page(signed_in, project, bom_catalog):
    Product.objects.filter(sku__in=["IPE-200-S235JR", "TN-2000X1000X3-S235JR"]).update(is_active=False)

    response = signed_in.post(reverse("projects:to-cart", args=[project.pk]))

    assert response["Location"] == reverse("projects:project", args=[project.pk])
    assert "2 rows were left out (no product, or no longer sold)." in followed(signed_in, response)
    assert not CartItem.objects.exists()
