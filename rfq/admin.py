"""The operators' back-office for requests for quote: everything goes through the services."""

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from metalpro.exceptions import ApplicationError
from metalpro.templatetags.shop import money, qty, unit_label
from rfq.models import Attachment, Rfq, RfqItem, RfqMessage, RfqStatusChange
from rfq.services.attachments import signed_file_url
from rfq.services.conversation import rfq_message_post
from rfq.services.quoting import quote_send, rfq_item_set_price, rfq_set_validity
from rfq.services.workflow import rfq_acknowledge, rfq_start


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class RfqItemInline(ReadOnlyInline):
    model = RfqItem
    fields = ("position", "title", "sku", "asked", "weight_kg", "estimate", "final_unit_price", "final_line_total")
    readonly_fields = ("position", "title", "sku", "asked", "weight_kg", "estimate", "final_line_total")
    verbose_name_plural = _("Items: enter the final price per unit of each line")

    @admin.display(description=_("asked"))
    def asked(self, item: RfqItem) -> str:
        if item.specs.get("cut_length_mm"):
            text = _("%(pieces)s pcs × %(length)s mm") % {
                "pieces": qty(item.quantity),
                "length": item.specs["cut_length_mm"],
            }
        else:
            text = f"{qty(item.quantity)} {unit_label(item.unit)}"
        return f"{text} · {item.specs['finish']}" if item.specs.get("finish") else text

    @admin.display(description=_("estimate (per unit / line)"))
    def estimate(self, item: RfqItem) -> str:
        return f"{money(item.estimated_unit_price)} / {money(item.estimated_line_total)}"


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ("download", "file_size", "mime_type", "created_at")
    readonly_fields = fields

    @admin.display(description=_("file"))
    def download(self, attachment: Attachment) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            signed_file_url(attachment.file, download_name=attachment.file_name),
            attachment.file_name,
        )


class MessageInline(ReadOnlyInline):
    model = RfqMessage
    fields = ("created_at", "author_role", "internal", "body")
    readonly_fields = fields


class StatusChangeInline(ReadOnlyInline):
    model = RfqStatusChange
    fields = ("at", "from_status", "to_status", "by", "note")
    readonly_fields = fields


class RfqAdminForm(forms.ModelForm):
    new_message = forms.CharField(
        label=_("New message"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to the buyer by email, unless it is an internal note."),
    )  # fmt: skip
    message_internal = forms.BooleanField(label=_("Internal note (the buyer never sees it)"), required=False)

    class Meta:
        model = Rfq
        fields = ["valid_until"]


@admin.register(Rfq)
class RfqAdmin(admin.ModelAdmin):
    form = RfqAdminForm
    change_form_template = "admin/rfq/rfq/change_form.html"
    list_display = (
        "reference_number", "status", "company_name", "cui_display", "email", "estimated_total",
        "final_quote_amount", "created_at", "valid_until",
    )  # fmt: skip
    list_filter = ("status", ("created_at", admin.DateFieldListFilter), "incoterm")
    date_hierarchy = "created_at"
    search_fields = ("reference_number", "company_name", "email", "cui", "contact_person")
    actions = ["acknowledge"]
    inlines = [RfqItemInline, AttachmentInline, MessageInline, StatusChangeInline]
    readonly_fields = (
        "reference_number", "status", "created_at", "company_name", "cui", "contact_person", "email", "phone",
        "company_verified", "billing", "delivery", "incoterm", "delivery_date", "po_number", "notes",
        "estimated_subtotal", "estimated_total", "quote_subtotal", "quote_vat", "final_quote_amount", "quoted_at",
        "quote_link", "language",
    )  # fmt: skip
    fieldsets = (
        (_("Request"), {"fields": ("reference_number", "status", "created_at")}),
        (
            _("Buyer"),
            {"fields": ("company_name", "cui", "company_verified", "contact_person", "email", "phone", "language")},
        ),
        (_("Delivery"), {"fields": ("billing", "delivery", "incoterm", "delivery_date", "po_number", "notes")}),
        (_("Estimate"), {"fields": ("estimated_subtotal", "estimated_total")}),
        (
            _("Quote"),
            {"fields": ("valid_until", "quote_subtotal", "quote_vat", "final_quote_amount", "quoted_at", "quote_link")},
        ),
        (_("Conversation"), {"fields": ("new_message", "message_internal")}),
    )

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    @admin.display(description=_("CUI"), ordering="cui")
    def cui_display(self, rfq: Rfq) -> str:
        return f"RO{rfq.cui}" if rfq.cui else "–"

    @admin.display(description=_("company verified"), boolean=True)
    def company_verified(self, rfq: Rfq) -> bool | None:
        return rfq.company_snapshot.get("isVerified") if rfq.company_snapshot else None

    @staticmethod
    def _address(address: dict) -> str:
        return ", ".join(
            part for part in (address.get(k) for k in ("street", "postalCode", "city", "county", "country")) if part
        )

    @admin.display(description=_("billing address"))
    def billing(self, rfq: Rfq) -> str:
        return self._address(rfq.billing_address)

    @admin.display(description=_("delivery address"))
    def delivery(self, rfq: Rfq) -> str:
        return self._address(rfq.delivery_address)

    @admin.display(description=_("quote PDF"))
    def quote_link(self, rfq: Rfq) -> str:
        if not rfq.quote_pdf:
            return "–"
        url = signed_file_url(rfq.quote_pdf, download_name=f"Oferta-{rfq.reference_number}.pdf")
        return format_html('<a href="{}">{}</a>', url, _("Download"))

    @admin.action(description=_("Acknowledge the selected requests"), permissions=["change"])
    def acknowledge(self, request, queryset):
        done = 0
        for rfq in queryset.filter(status=Rfq.Status.SUBMITTED):
            rfq_acknowledge(rfq=rfq, by=request.user)
            done += 1
        self.message_user(request, ngettext("%d request acknowledged.", "%d requests acknowledged.", done) % done)

    def save_model(self, request, obj, form, change) -> None:
        if "valid_until" in form.changed_data:
            rfq_set_validity(rfq=obj, valid_until=form.cleaned_data["valid_until"])
        if form.cleaned_data.get("new_message"):
            rfq_message_post(
                rfq=obj,
                body=form.cleaned_data["new_message"],
                role=RfqMessage.Author.OPERATOR,
                author=request.user,
                internal=form.cleaned_data["message_internal"],
            )

    def save_formset(self, request, form, formset, change) -> None:
        """Only item prices are editable, and they go through the service. The admin's history
        entry still lists what changed (it reads what formset.save() would have recorded)."""
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if formset.model is not RfqItem:
            return
        for item_form in formset.forms:
            if "final_unit_price" in item_form.changed_data:
                try:
                    rfq_item_set_price(item=item_form.instance, unit_price=item_form.cleaned_data["final_unit_price"])
                except ApplicationError as error:
                    self.message_user(request, error.message, messages.ERROR)
                else:
                    formset.changed_objects.append((item_form.instance, ["final_unit_price"]))

    def response_change(self, request, obj):
        steps = {"_send_quote": self._send_quote, "_acknowledge": rfq_acknowledge, "_start": rfq_start}
        for name, step in steps.items():
            if name in request.POST:
                try:
                    step(rfq=obj, by=request.user)
                except ApplicationError as error:
                    self.message_user(request, error.message, messages.ERROR)
                else:
                    self.message_user(request, _("Done: %(reference)s is now %(status)s.") % {
                        "reference": obj.reference_number,
                        "status": Rfq.objects.get(pk=obj.pk).get_status_display().lower(),
                    }, messages.SUCCESS)  # fmt: skip
                return HttpResponseRedirect(reverse("admin:rfq_rfq_change", args=[obj.pk]))
        return super().response_change(request, obj)

    @staticmethod
    def _send_quote(*, rfq: Rfq, by) -> Rfq:
        return quote_send(rfq=rfq, by=by, valid_until=Rfq.objects.get(pk=rfq.pk).valid_until)
