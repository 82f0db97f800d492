"""Turning an estimate into a request for quote, in one transaction."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.cui import validate_cui
from accounts.models import Company, User
from analytics.services import event_record_on_commit
from cart.api.serializers import cart_payload
from cart.models import Cart
from cart.selectors import cart_priced
from cart.services import cart_clear
from metalpro.exceptions import ApplicationError
from metalpro.languages import supported_language
from metalpro.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS
from metalpro.sequences import next_reference
from notifications.services import email_queue
from rfq.models import Attachment, Rfq, RfqItem, RfqStatusChange
from rfq.tokens import guest_token

ADDRESS_FIELDS = ("street", "city", "county", "postalCode", "country")
MAX_ESTIMATE = Decimal(10) ** (MONEY_MAX_DIGITS - MONEY_DECIMAL_PLACES)  # what the money columns hold


def _clean_address(address: dict | None, field: str) -> dict:
    address = {key: str((address or {}).get(key) or "").strip()[:255] for key in ADDRESS_FIELDS}
    address["country"] = address["country"] or "Romania"
    missing = [key for key in ("street", "city", "county") if not address[key]]
    if missing:
        raise ValidationError({field: [_("Street, city and county are required.")]}, code="address_incomplete")
    return address


def _clean_contact(contact: dict) -> dict:
    errors: dict[str, list] = {}
    data = dict(contact)
    for name, limit in (("company_name", 200), ("contact_person", 150), ("email", 254), ("phone", 32)):
        data[name] = str(data.get(name) or "").strip()
        if not data[name]:
            errors[name] = [_("This field is required.")]
        elif len(data[name]) > limit:
            errors[name] = [_("Too long.")]
    if data.get("cui"):
        try:
            data["cui"] = validate_cui(data["cui"])
        except ValidationError as error:
            errors["cui"] = error.messages
    else:
        data["cui"] = ""
    for field in ("billing_address", "delivery_address"):
        try:
            data[field] = _clean_address(data.get(field), field)
        except ValidationError as error:
            errors.update(error.message_dict)
    delivery_date = data.get("delivery_date")
    if isinstance(delivery_date, date) and delivery_date < timezone.localdate():
        errors["delivery_date"] = [_("The delivery date cannot be in the past.")]
    if errors:
        raise ValidationError(errors)
    return data


def _attachments(ids: list, *, user: User | None, cart: Cart) -> list[Attachment]:
    if not ids:
        return []
    owned = Attachment.objects.select_for_update().filter(pk__in=ids, rfq__isnull=True)
    owned = owned.filter(uploaded_by=user) if user else owned.filter(cart=cart, uploaded_by__isnull=True)
    found = list(owned)
    if len(found) != len(set(ids)):
        raise ValidationError(
            {"attachment_ids": [_("An attachment does not exist, is not yours or is already used.")]},
            code="attachment_invalid",
        )
    return found


def _company_snapshot(user: User | None) -> dict:
    company = Company.objects.filter(user=user).first() if user else None
    if company is None:
        return {}
    return {
        "legalName": company.legal_name,
        "cui": company.cui,
        "address": company.address,
        "city": company.city,
        "county": company.county,
        "postalCode": company.postal_code,
        "isVerified": company.is_verified,
    }


@transaction.atomic
def rfq_submit(
    *,
    cart: Cart,
    contact: dict,
    user: User | None = None,
    attachment_ids: list | None = None,
    language: str = settings.LANGUAGE_CODE,
) -> Rfq:
    """Snapshot the priced cart into a new RFQ placed in `language`, attach the files, empty the cart
    and email the buyer and the sales team (after commit). Nothing is created unless everything is valid."""
    contact = _clean_contact(contact)
    cart = Cart.objects.select_for_update().get(pk=cart.pk)
    priced = cart_priced(cart)
    if not priced.lines:
        raise ApplicationError(_("Your estimate is empty: add products before asking for a quote."), code="cart_empty")
    if priced.has_problems:
        raise ApplicationError(
            _("Some lines of your estimate are no longer valid: fix them before asking for a quote."),
            code="cart_invalid",
        )
    if priced.totals.total >= MAX_ESTIMATE:
        raise ApplicationError(
            _("Your estimate is too large for one request for quote: split it into several."), code="cart_too_large"
        )
    attachments = _attachments(attachment_ids or [], user=user, cart=cart)

    rfq = Rfq.objects.create(
        reference_number=next_reference("RFQ"),
        user=user,
        company_name=contact["company_name"],
        cui=contact["cui"],
        contact_person=contact["contact_person"],
        email=contact["email"].lower(),
        phone=contact["phone"],
        company_snapshot=_company_snapshot(user),
        billing_address=contact["billing_address"],
        delivery_address=contact["delivery_address"],
        incoterm=contact.get("incoterm") or Rfq._meta.get_field("incoterm").default,
        delivery_date=contact.get("delivery_date"),
        notes=str(contact.get("notes") or "").strip()[:5000],
        po_number=str(contact.get("po_number") or "").strip()[:50],
        cart_snapshot=cart_payload(priced),
        estimated_subtotal=priced.totals.subtotal,
        estimated_total=priced.totals.total,
        language=supported_language(language),
    )
    RfqItem.objects.bulk_create(
        [
            RfqItem(
                rfq=rfq,
                position=position,
                product=line.item.product,
                sku=line.item.product.sku,
                title=line.item.product.title,
                quantity=line.item.quantity,
                unit=line.item.unit,
                specs=line.item.specs,
                weight_kg=line.price.weight_kg,
                list_price=line.price.unit_price,
                base_unit=line.item.product.base_unit,
                estimated_line_total=line.price.net,
            )
            for position, line in enumerate(priced.lines, start=1)
        ]
    )
    for attachment in attachments:
        attachment.rfq = rfq
        attachment.save(update_fields=["rfq"])
    RfqStatusChange.objects.create(rfq=rfq, from_status="", to_status=Rfq.Status.SUBMITTED, by=user)
    cart_clear(cart=cart)
    _notify_submitted(rfq, priced)
    event_record_on_commit("rfq")
    return rfq


def rfq_buyer_language(rfq: Rfq) -> str:
    """The language of what the buyer receives (emails, the quote PDF): a signed-in buyer's own
    language, a guest's the one the request was placed in."""
    return rfq.user.language if rfq.user_id else rfq.language


def rfq_buyer_url(rfq: Rfq, *, language: str | None = None) -> str:
    """The request's page for its buyer, in `language` (default: the buyer's)."""
    with translation.override(language or rfq_buyer_language(rfq)):
        path = reverse("rfq:detail", args=[rfq.pk])
    return (
        f"{settings.FRONTEND_URL}{path}" if rfq.user_id else f"{settings.FRONTEND_URL}{path}?token={guest_token(rfq)}"
    )


def rfq_admin_url(rfq: Rfq) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return f"{settings.FRONTEND_URL}{reverse('admin:rfq_rfq_change', args=[rfq.pk])}"


def _notify_submitted(rfq: Rfq, priced) -> None:
    """The buyer hears in their language; the sales team in the site's (settings.LANGUAGE_CODE)."""
    language = rfq_buyer_language(rfq)
    context = {"rfq": rfq, "lines": priced.lines, "totals": priced.totals}
    email_queue(
        to=[rfq.email],
        template="rfq_received",
        context={**context, "url": rfq_buyer_url(rfq, language=language)},
        language=language,
    )
    email_queue(
        to=[settings.OPERATOR_EMAIL],
        template="rfq_new",
        context={**context, "url": rfq_admin_url(rfq)},
        language=settings.LANGUAGE_CODE,
        reply_to=[rfq.email],
    )
