from rest_framework import serializers

from cart.api.serializers import CartSerializer
from catalog.units import Unit
from projects.models import BomUpload, Project

# Output only. No max_digits: DRF cannot quantize a sum beyond it, and a big estimate was a 500.
Decimal3 = lambda **kw: serializers.DecimalField(max_digits=None, decimal_places=3, **kw)  # noqa: E731
Money = lambda **kw: serializers.DecimalField(max_digits=None, decimal_places=2, **kw)  # noqa: E731


class AlternativeSerializer(serializers.Serializer):
    product_id = serializers.UUIDField()
    sku = serializers.CharField()
    title = serializers.CharField()
    confidence = serializers.FloatField()

    class Meta:
        ref_name = "BomAlternative"


class BomRowSerializer(serializers.Serializer):
    """One line read from the file and what it was mapped to."""

    row = serializers.IntegerField(help_text="row number in the spreadsheet")
    description = serializers.CharField(help_text="description, size and grade columns as read")
    code = serializers.CharField(allow_blank=True)
    quantity = Decimal3(allow_null=True, help_text="in `unit` (tonnes already converted to kg)")
    unit = serializers.ChoiceField(choices=Unit.choices, allow_null=True)
    unit_assumed = serializers.BooleanField(help_text="no unit in the file: pieces assumed")
    length_mm = serializers.IntegerField(allow_null=True, help_text="pieces cut to this length")
    notes = serializers.CharField(allow_blank=True)
    product_id = serializers.UUIDField(allow_null=True)
    sku = serializers.CharField(allow_null=True)
    title = serializers.CharField(allow_null=True)
    confidence = serializers.FloatField(help_text="0..1; auto-accepted at 0.9 and above")
    matched = serializers.BooleanField(help_text="the product is accepted (automatically or by the buyer)")
    source = serializers.ChoiceField(
        choices=["sku", "memory", "structured", "fuzzy", "buyer"], allow_null=True, help_text="how it was mapped"
    )
    reason = serializers.CharField(allow_blank=True)
    alternatives = AlternativeSerializer(many=True)
    problems = serializers.ListField(child=serializers.CharField())
    weight_kg = Decimal3(allow_null=True)
    price = Money(allow_null=True, help_text="net, excl. VAT, at today's price")
    line_error = serializers.CharField(allow_null=True, help_text="why the row cannot go to the cart as it is")

    class Meta:
        ref_name = "BomRow"


class SkippedRowSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    reason = serializers.CharField()

    class Meta:
        ref_name = "BomSkippedRow"


class BomSummarySerializer(serializers.Serializer):
    rows = serializers.IntegerField(required=False)
    matched = serializers.IntegerField(required=False)
    suggested = serializers.IntegerField(required=False, help_text="a product proposed, to confirm")
    unmatched = serializers.IntegerField(required=False)
    ready = serializers.IntegerField(required=False, help_text="rows that go to the cart as they are")
    total_weight_kg = Decimal3(required=False)
    subtotal = Money(required=False, help_text="ready rows, net")
    skipped = SkippedRowSerializer(many=True, required=False, help_text="totals, headings, rows naming nothing")
    blank_rows = serializers.IntegerField(required=False)
    header_row = serializers.IntegerField(required=False)
    sheet = serializers.CharField(required=False, allow_blank=True)
    encoding = serializers.CharField(required=False, allow_blank=True)
    delimiter = serializers.CharField(required=False, allow_blank=True)
    columns = serializers.DictField(
        child=serializers.CharField(), required=False, help_text="field → header as written"
    )
    seconds = serializers.FloatField(required=False)

    class Meta:
        ref_name = "BomSummary"


class BomUploadCreatedSerializer(serializers.ModelSerializer):
    class Meta:
        model = BomUpload
        ref_name = "BomUploadCreated"
        fields = ["id", "status"]


class BomUploadSerializer(serializers.ModelSerializer):
    rows = BomRowSerializer(many=True)
    summary = BomSummarySerializer()

    class Meta:
        model = BomUpload
        ref_name = "BomUpload"
        fields = ["id", "status", "file_name", "file_size", "failure_reason", "rows", "summary", "created_at"]


class ProjectRowSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    description = serializers.CharField(allow_blank=True)
    quantity = Decimal3(allow_null=True)
    unit = serializers.ChoiceField(choices=Unit.choices, allow_null=True)
    length_mm = serializers.IntegerField(allow_null=True)
    notes = serializers.CharField(allow_blank=True, required=False)
    product_id = serializers.UUIDField(allow_null=True)
    sku = serializers.CharField(allow_null=True)
    title = serializers.CharField(allow_null=True)
    matched = serializers.BooleanField()
    vanished = serializers.BooleanField(help_text="the product is no longer sold")
    weight_kg = Decimal3(allow_null=True)
    price = Money(allow_null=True, help_text="net, excl. VAT, at today's price")
    line_error = serializers.CharField(allow_null=True)

    class Meta:
        ref_name = "ProjectRow"


class ProjectListSerializer(serializers.ModelSerializer):
    row_count = serializers.SerializerMethodField()

    class Meta:
        model = Project
        ref_name = "ProjectListItem"
        fields = ["id", "name", "description", "file_name", "row_count", "last_used_at", "created_at", "updated_at"]

    def get_row_count(self, project: Project) -> int:
        return len(project.rows)


class ProjectDetailSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="project.id")
    name = serializers.CharField(source="project.name")
    description = serializers.CharField(source="project.description")
    file_name = serializers.CharField(source="project.file_name")
    last_used_at = serializers.DateTimeField(source="project.last_used_at", allow_null=True)
    created_at = serializers.DateTimeField(source="project.created_at")
    updated_at = serializers.DateTimeField(source="project.updated_at")
    rows = ProjectRowSerializer(many=True)
    total_weight_kg = Decimal3()
    subtotal = Money(help_text="rows still sold, net, at today's prices")
    vanished = serializers.IntegerField(help_text="rows whose product is no longer sold")

    class Meta:
        ref_name = "ProjectDetail"


class ProjectRowInputSerializer(serializers.Serializer):
    product_id = serializers.UUIDField(allow_null=True, required=False)
    description = serializers.CharField(max_length=300, required=False, allow_blank=True)
    quantity = serializers.DecimalField(max_digits=14, decimal_places=3, min_value=0, max_value=10**7)
    unit = serializers.ChoiceField(choices=Unit.choices)
    length_mm = serializers.IntegerField(min_value=10, max_value=24_000, required=False, allow_null=True)
    notes = serializers.CharField(max_length=200, required=False, allow_blank=True)

    class Meta:
        ref_name = "ProjectRowInput"


class AddedToCartSerializer(serializers.Serializer):
    added = serializers.ListField(child=serializers.IntegerField(), help_text="row numbers added")
    skipped = SkippedRowSerializer(many=True)

    class Meta:
        ref_name = "BomAddedToCart"


class AddedToCartWithCartSerializer(AddedToCartSerializer):
    cart = CartSerializer()

    class Meta:
        ref_name = "BomAddedToCartWithCart"
