"""Operators price a request item by item and send the quote (PDF, emailed)."""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from metalpro.exceptions import ApplicationError
from metalpro.money import to_money, with_vat
from notifications.services import email_queue
from rfq.models import Rfq, RfqItem
from rfq.pdf import render_quote_pdf
from rfq.services.submission import rfq_buyer_language, rfq_buyer_url
from rfq.services.workflow import rfq_transition

QUOTABLE = {Rfq.Status.SUBMITTED, Rfq.Status.ACKNOWLEDGED, Rfq.Status.IN_PROGRESS}


@transaction.atomic
def rfq_item_set_price(*, item: RfqItem, unit_price: Decimal | None) -> RfqItem:
    """The operator's price per unit of the line (per m, kg, piece or cut piece)."""
    if unit_price is not None and unit_price < 0:
        raise ApplicationError(_("A price cannot be negative."), code="price_negative", status_code=400)
    item = RfqItem.objects.select_for_update().select_related("rfq").get(pk=item.pk)
    if item.rfq.status not in QUOTABLE:
        raise ApplicationError(_("This request is not being quoted any more."), code="not_quotable")
    item.final_unit_price = unit_price
    item.final_line_total = to_money(item.quantity * unit_price) if unit_price is not None else None
    item.save(update_fields=["final_unit_price", "final_line_total"])
    return item


@transaction.atomic
def quote_send(*, rfq: Rfq, by: User | None, valid_until: date | None = None) -> Rfq:
    """Check every item is priced, total it with VAT, render and store the PDF, mark the request
    QUOTED and email the PDF to the buyer (after commit)."""
    rfq = Rfq.objects.select_for_update().get(pk=rfq.pk)
    if rfq.status not in QUOTABLE:
        raise ApplicationError(
            _("A %(status)s request cannot be quoted.") % {"status": Rfq.Status(rfq.status).label.lower()},
            code="not_quotable",
        )
    items = list(rfq.items.all())
    unpriced = [str(item.position) for item in items if item.final_unit_price is None]
    if unpriced:
        raise ApplicationError(
            _("Set a final price for every item first (missing: %(items)s).") % {"items": ", ".join(unpriced)},
            code="items_unpriced",
        )
    today = timezone.localdate()
    valid_until = valid_until or rfq.valid_until or today + timedelta(days=settings.QUOTE_VALIDITY_DAYS)
    if valid_until < today:
        raise ApplicationError(_("The validity date cannot be in the past."), code="validity_past", status_code=400)

    if rfq.status == Rfq.Status.SUBMITTED:
        rfq_transition(rfq=rfq, to=Rfq.Status.ACKNOWLEDGED, by=by)
    subtotal = to_money(sum((item.final_line_total for item in items), Decimal(0)))
    rfq.quote_vat, rfq.final_quote_amount = with_vat(subtotal)
    rfq.quote_subtotal = subtotal
    rfq.valid_until = valid_until
    rfq.quoted_at = timezone.now()
    language = rfq_buyer_language(rfq)  # the email and its PDF speak the same language
    pdf = ContentFile(render_quote_pdf(rfq, language=language))
    rfq.quote_pdf.save(f"oferta-{rfq.reference_number}.pdf", pdf, save=False)
    rfq.save()
    rfq_transition(rfq=rfq, to=Rfq.Status.QUOTED, by=by)
    with translation.override(language):  # an ASCII name: "Oferta-RFQ-….pdf", "Quote-RFQ-….pdf"
        file_name = f"{slugify(_('Quote')).capitalize()}-{rfq.reference_number}.pdf"
    email_queue(
        to=[rfq.email],
        template="rfq_quote",
        context={"rfq": rfq, "items": items, "url": rfq_buyer_url(rfq, language=language)},
        language=language,
        reply_to=[settings.OPERATOR_EMAIL],
        attachments=[{"name": file_name, "path": rfq.quote_pdf.name, "mimeType": "application/pdf"}],
    )
    return rfq


@transaction.atomic
def rfq_set_validity(*, rfq: Rfq, valid_until: date | None) -> Rfq:
    if valid_until is not None and valid_until < timezone.localdate():
        raise ApplicationError(_("The validity date cannot be in the past."), code="validity_past", status_code=400)
    rfq.valid_until = valid_until
    rfq.save(update_fields=["valid_until", "updated_at"])  # a save, not update(): the audit log sees it
    return rfq
