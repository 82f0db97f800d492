import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import ProductLine
from catalog.units import Unit
from metalpro.money import (
    MONEY_DECIMAL_PLACES,
    MONEY_MAX_DIGITS,
    QUANTITY_DECIMAL_PLACES,
    QUANTITY_MAX_DIGITS,
)


def _money(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=MONEY_MAX_DIGITS, decimal_places=MONEY_DECIMAL_PLACES, **kwargs)


def _quantity(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name, max_digits=QUANTITY_MAX_DIGITS, decimal_places=QUANTITY_DECIMAL_PLACES, **kwargs
    )


class Incoterm(models.TextChoices):
    """Incoterms 2020."""

    EXW = "EXW", _("EXW – Ex Works (pickup from our warehouse)")
    FCA = "FCA", _("FCA – Free Carrier")
    CPT = "CPT", _("CPT – Carriage Paid To")
    CIP = "CIP", _("CIP – Carriage and Insurance Paid To")
    DAP = "DAP", _("DAP – Delivered at Place")
    DPU = "DPU", _("DPU – Delivered at Place Unloaded")
    DDP = "DDP", _("DDP – Delivered Duty Paid")
    FAS = "FAS", _("FAS – Free Alongside Ship")
    FOB = "FOB", _("FOB – Free on Board")
    CFR = "CFR", _("CFR – Cost and Freight")
    CIF = "CIF", _("CIF – Cost, Insurance and Freight")


class Rfq(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "SUBMITTED", _("Submitted")
        ACKNOWLEDGED = "ACKNOWLEDGED", _("Acknowledged")
        IN_PROGRESS = "IN_PROGRESS", _("In progress")
        QUOTED = "QUOTED", _("Quoted")
        COMPLETED = "COMPLETED", _("Completed")
        CANCELLED = "CANCELLED", _("Cancelled")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference_number = models.CharField(_("reference"), max_length=20, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="rfqs",
    )  # fmt: skip
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.SUBMITTED, db_index=True)
    company_name = models.CharField(_("company"), max_length=200)
    cui = models.CharField(_("CUI"), max_length=10, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=150)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=32)
    company_snapshot = models.JSONField(_("company at submission"), default=dict, blank=True)
    billing_address = models.JSONField(_("billing address"), default=dict)
    delivery_address = models.JSONField(_("delivery address"), default=dict)
    incoterm = models.CharField(_("Incoterm"), max_length=3, choices=Incoterm, default=Incoterm.DAP)
    delivery_date = models.DateField(_("requested delivery date"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    po_number = models.CharField(_("PO number"), max_length=50, blank=True)
    cart_snapshot = models.JSONField(_("estimate at submission"), default=dict)
    estimated_subtotal = _money(_("estimated subtotal"))
    estimated_total = _money(_("estimated total incl. VAT"))
    quote_subtotal = _money(_("quoted subtotal"), null=True, blank=True)
    quote_vat = _money(_("quoted VAT"), null=True, blank=True)
    final_quote_amount = _money(_("quoted total incl. VAT"), null=True, blank=True)
    quote_pdf = models.FileField(_("quote PDF"), upload_to="quotes/%Y/", blank=True)
    quoted_at = models.DateTimeField(_("quoted at"), null=True, blank=True)
    valid_until = models.DateField(_("quote valid until"), null=True, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE,
        help_text=_("The language it was placed in: a guest's emails and the quote PDF use it."),
    )  # fmt: skip
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("request for quote")
        verbose_name_plural = _("requests for quote")
        ordering = ["-created_at"]
        permissions = [("send_quote", _("Can price and send quotes"))]

    def __str__(self) -> str:
        return self.reference_number


# Allowed status changes (django-oscar style: data, checked in the services).
RFQ_TRANSITIONS: dict[str, set[str]] = {
    Rfq.Status.SUBMITTED: {Rfq.Status.ACKNOWLEDGED, Rfq.Status.CANCELLED},
    Rfq.Status.ACKNOWLEDGED: {Rfq.Status.IN_PROGRESS, Rfq.Status.QUOTED, Rfq.Status.CANCELLED},
    Rfq.Status.IN_PROGRESS: {Rfq.Status.QUOTED, Rfq.Status.CANCELLED},
    Rfq.Status.QUOTED: {Rfq.Status.COMPLETED, Rfq.Status.IN_PROGRESS, Rfq.Status.CANCELLED},
    Rfq.Status.COMPLETED: set(),
    Rfq.Status.CANCELLED: set(),
}


class RfqItem(ProductLine):
    rfq = models.ForeignKey(Rfq, on_delete=models.CASCADE, related_name="items")
    weight_kg = _quantity(_("weight (kg)"), null=True, blank=True)
    list_price = _money(_("list price per base unit"))
    base_unit = models.CharField(_("base unit"), max_length=3, choices=Unit)
    estimated_line_total = _money(_("estimated line total"))
    final_unit_price = _money(_("quoted price per unit"), null=True, blank=True)
    final_line_total = _money(_("quoted line total"), null=True, blank=True)

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["rfq", "position"], name="rfq_item_position_unique")]

    @property
    def estimated_unit_price(self):
        """The estimate per unit of the line (what the quote's unit price compares with)."""
        return (
            (self.estimated_line_total / self.quantity).quantize(self.estimated_line_total) if self.quantity else None
        )


class RfqStatusChange(models.Model):
    rfq = models.ForeignKey(Rfq, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=12, choices=Rfq.Status, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=Rfq.Status)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '·'} → {self.to_status}"


class RfqMessage(models.Model):
    """The conversation on a request: buyer and operators; internal notes stay with operators."""

    class Author(models.TextChoices):
        BUYER = "BUYER", _("Buyer")
        OPERATOR = "OPERATOR", _("MetalPro")

    rfq = models.ForeignKey(Rfq, on_delete=models.CASCADE, related_name="messages")
    author_role = models.CharField(_("from"), max_length=8, choices=Author)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("message"), max_length=5000)
    internal = models.BooleanField(_("internal note"), default=False, help_text=_("Seen by operators only."))
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:60]


def attachment_key(instance: "Attachment", filename: str) -> str:
    """A random key: nothing of the buyer's file name reaches the storage path."""
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    file = models.FileField(_("file"), upload_to=attachment_key, max_length=255)
    file_name = models.CharField(_("file name"), max_length=255)
    file_size = models.PositiveBigIntegerField(_("size (bytes)"))
    mime_type = models.CharField(_("type"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cart = models.ForeignKey("cart.Cart", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    rfq = models.ForeignKey(Rfq, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments")
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.file_name
