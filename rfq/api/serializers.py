from django.urls import reverse
from rest_framework import serializers

from rfq.models import Attachment, Incoterm, Rfq, RfqItem, RfqMessage, RfqStatusChange

Money = lambda **kw: serializers.DecimalField(max_digits=14, decimal_places=2, **kw)  # noqa: E731


class AddressInputSerializer(serializers.Serializer):
    street = serializers.CharField(max_length=255)
    city = serializers.CharField(max_length=100)
    county = serializers.CharField(max_length=100)
    postal_code = serializers.CharField(max_length=12, required=False, allow_blank=True)
    country = serializers.CharField(max_length=100, required=False, allow_blank=True)

    class Meta:
        ref_name = "RfqAddress"


class RfqInputSerializer(serializers.Serializer):
    company_name = serializers.CharField(max_length=200)
    cui = serializers.CharField(max_length=20, required=False, allow_blank=True)
    contact_person = serializers.CharField(max_length=150)
    email = serializers.EmailField(max_length=254)
    phone = serializers.CharField(max_length=32)
    billing_address = AddressInputSerializer()
    delivery_address = AddressInputSerializer()
    incoterm = serializers.ChoiceField(choices=Incoterm.choices, required=False)
    delivery_date = serializers.DateField(required=False, allow_null=True)
    notes = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    po_number = serializers.CharField(max_length=50, required=False, allow_blank=True)
    attachment_ids = serializers.ListField(child=serializers.UUIDField(), required=False, max_length=20)

    class Meta:
        ref_name = "RfqInput"

    def contact(self) -> dict:
        data = dict(self.validated_data)
        data.pop("attachment_ids", None)
        for field in ("billing_address", "delivery_address"):
            address = dict(data[field])
            address["postalCode"] = address.pop("postal_code", "")
            data[field] = address
        return data


class RfqItemSerializer(serializers.ModelSerializer):
    product_id = serializers.UUIDField(allow_null=True)

    class Meta:
        model = RfqItem
        ref_name = "RfqItem"
        fields = [
            "position", "product_id", "sku", "title", "quantity", "unit", "specs", "weight_kg",
            "list_price", "estimated_line_total", "final_unit_price", "final_line_total",
        ]  # fmt: skip


class AttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attachment
        ref_name = "Attachment"
        fields = ["id", "file_name", "file_size", "mime_type"]


class RfqMessageSerializer(serializers.ModelSerializer):
    class Meta:
        model = RfqMessage
        ref_name = "RfqMessage"
        fields = ["id", "author_role", "body", "created_at"]


class StatusChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = RfqStatusChange
        ref_name = "RfqStatusChange"
        fields = ["from_status", "to_status", "at"]


class QuoteSerializer(serializers.Serializer):
    subtotal = Money(source="quote_subtotal")
    vat = Money(source="quote_vat")
    total = Money(source="final_quote_amount")
    valid_until = serializers.DateField()
    quoted_at = serializers.DateTimeField()
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        ref_name = "Quote"

    def get_pdf_url(self, rfq: Rfq) -> str:
        return reverse("api:rfq-quote-pdf", args=[rfq.pk])


class RfqListSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rfq
        ref_name = "RfqSummary"
        fields = [
            "id", "reference_number", "status", "company_name", "estimated_total", "final_quote_amount",
            "valid_until", "created_at",
        ]  # fmt: skip


class RfqDetailSerializer(serializers.ModelSerializer):
    items = RfqItemSerializer(many=True)
    attachments = AttachmentSerializer(many=True)
    messages = RfqMessageSerializer(many=True, source="public_messages")
    status_history = StatusChangeSerializer(many=True, source="status_changes")
    quote = serializers.SerializerMethodField()

    class Meta:
        model = Rfq
        ref_name = "RfqDetail"
        fields = [
            "id", "reference_number", "status", "company_name", "cui", "contact_person", "email", "phone",
            "billing_address", "delivery_address", "incoterm", "delivery_date", "notes", "po_number",
            "estimated_subtotal", "estimated_total", "items", "quote", "attachments", "messages",
            "status_history", "created_at", "updated_at",
        ]  # fmt: skip

    def get_quote(self, rfq: Rfq) -> dict | None:
        return QuoteSerializer(rfq).data if rfq.quoted_at else None
