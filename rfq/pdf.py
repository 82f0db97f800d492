"""The quote PDF (fpdf2: pure Python; DejaVu Sans for Romanian diacritics)."""

from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

from catalog.units import Unit
from metalpro.money import vat_rate
from metalpro.templatetags.shop import money, qty
from rfq.models import Incoterm, Rfq

FONTS = Path(__file__).resolve().parent / "fonts"
STEEL, ACCENT, MUTED, LINE = (18, 50, 77), (224, 106, 18), (91, 103, 115), (215, 222, 229)


class QuotePdf(FPDF):
    def __init__(self, rfq: Rfq) -> None:
        super().__init__(format="A4", unit="mm")
        self.rfq = rfq
        self.add_font("DejaVu", "", FONTS / "DejaVuSans.ttf")
        self.add_font("DejaVu", "B", FONTS / "DejaVuSans-Bold.ttf")
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(auto=True, margin=20)
        self.set_title(_("Quote %(reference)s") % {"reference": rfq.reference_number})
        self.set_author("MetalPro SRL")

    def header(self) -> None:
        self.set_fill_color(*STEEL)
        self.rect(0, 0, self.w, 24, style="F")
        self.set_font("DejaVu", "B", 18)
        self.set_text_color(255, 255, 255)
        self.text(15, 15, "Metal")
        self.set_text_color(*ACCENT)
        self.text(15 + self.get_string_width("Metal"), 15, "Pro")
        self.set_font("DejaVu", "", 8)
        self.set_text_color(220, 228, 236)
        self.set_xy(110, 5)
        seller = settings.SELLER
        lines = (
            seller["name"], f"CUI {seller['cui']} · {seller['registry']}", seller["address"],
            f"{seller['phone']} · {seller['email']}",
        )  # fmt: skip
        self.multi_cell(85, 3.8, "\n".join(lines), align="R")
        self.set_text_color(0, 0, 0)
        self.set_y(30)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font("DejaVu", "", 7.5)
        self.set_text_color(*MUTED)
        page = _("Page %(page)s of %(pages)s") % {"page": self.page_no(), "pages": "{nb}"}
        self.cell(0, 5, f"{self.rfq.reference_number} · {page}", align="R")


def _date(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else "–"


def _address(address: dict) -> str:
    parts = [address.get("street"), address.get("postalCode"), address.get("city"), address.get("county")]
    return ", ".join(part for part in parts if part) or "–"


def _unit_label(item) -> str:
    return _("pcs") if item.specs.get("cut_length_mm") else str(Unit(item.unit).label)


def render_quote_pdf(rfq: Rfq, *, language: str | None = None) -> bytes:
    """The quote in `language` (default: the one the request was placed in): texts, numbers, dates."""
    with translation.override(language or rfq.language or settings.LANGUAGE_CODE):
        return _render(rfq)


def _render(rfq: Rfq) -> bytes:
    pdf = QuotePdf(rfq)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 16)
    pdf.set_text_color(*STEEL)
    pdf.cell(0, 9, _("Price quote %(reference)s") % {"reference": rfq.reference_number}, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    pdf.set_text_color(*MUTED)
    issued = _date(timezone.localdate(rfq.quoted_at) if rfq.quoted_at else timezone.localdate())
    pdf.cell(
        0,
        5,
        _("Issued %(issued)s · valid until %(valid)s") % {"issued": issued, "valid": _date(rfq.valid_until)},
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)

    # Client and terms, side by side.
    top = pdf.get_y()
    pdf.set_text_color(0, 0, 0)
    client = [rfq.company_name]
    if rfq.cui:
        client.append(f"CUI RO{rfq.cui}")
    client += [rfq.contact_person, f"{rfq.email} · {rfq.phone}", _address(rfq.billing_address)]
    _block(pdf, 15, top, 88, _("Client"), client)
    terms = [
        _("Incoterm: %(incoterm)s") % {"incoterm": Incoterm(rfq.incoterm).label},
        _("Delivery to: %(address)s") % {"address": _address(rfq.delivery_address)},
        _("Requested delivery: %(date)s") % {"date": _date(rfq.delivery_date)},
    ]
    if rfq.po_number:
        terms.append(_("Your PO: %(po)s") % {"po": rfq.po_number})
    _block(pdf, 107, top, 88, _("Terms"), terms)
    pdf.set_y(max(pdf.get_y(), top + 38) + 4)

    # Items.
    pdf.set_font("DejaVu", "", 8.5)
    pdf.set_draw_color(*LINE)
    heading = FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=STEEL)
    widths = (8, 70, 27, 18, 11, 23, 23)
    align = ("LEFT", "LEFT", "LEFT", "RIGHT", "CENTER", "RIGHT", "RIGHT")
    with pdf.table(
        col_widths=widths, headings_style=heading, line_height=5.2, text_align=align, borders_layout="HORIZONTAL_LINES"
    ) as table:
        table.row([_("No."), _("Product"), _("SKU"), _("Quantity"), _("UoM"), _("Unit price"), _("Value")])
        for item in rfq.items.select_related("product"):
            title = item.display_title
            if item.specs.get("cut_length_mm"):
                title += "\n" + _("cut to %(length)s mm") % {"length": item.specs["cut_length_mm"]}
            if item.specs.get("finish"):
                title += "\n" + item.specs["finish"]
            table.row(
                [
                    str(item.position),
                    title,
                    item.sku,
                    qty(item.quantity),
                    _unit_label(item),
                    money(item.final_unit_price),
                    money(item.final_line_total),
                ]
            )

    # Totals.
    pdf.ln(4)
    rate = qty(vat_rate() * 100)
    for label, amount, bold in (
        (_("Subtotal excl. VAT"), rfq.quote_subtotal, False),
        (_("VAT %(rate)s%%") % {"rate": rate}, rfq.quote_vat, False),
        (_("Total incl. VAT"), rfq.final_quote_amount, True),
    ):
        pdf.set_font("DejaVu", "B" if bold else "", 11 if bold else 9.5)
        pdf.set_x(110)
        pdf.cell(50, 7, label)
        pdf.cell(35, 7, money(amount or Decimal(0)), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 8.5)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(
        0,
        4.5,
        _(
            "Prices in RON. Weights are theoretical (EN tables); invoicing follows the weighed or measured "
            "quantity delivered. This quote is valid until the date above; accept it from your account or "
            "reply to this email."
        ),
    )
    if rfq.notes:
        pdf.ln(2)
        pdf.multi_cell(0, 4.5, _("Your notes: %(notes)s") % {"notes": rfq.notes})
    return bytes(pdf.output())


def _block(pdf: FPDF, x: float, y: float, width: float, title: str, lines: list[str]) -> None:
    pdf.set_xy(x, y)
    pdf.set_font("DejaVu", "B", 9)
    pdf.set_text_color(*STEEL)
    pdf.cell(width, 5, title.upper(), new_x="LEFT", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    pdf.set_text_color(0, 0, 0)
    pdf.set_x(x)
    pdf.multi_cell(width, 4.6, "\n".join(line for line in lines if line))
