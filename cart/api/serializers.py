from rest_framework import serializers

from cart.selectors import Line, PricedCart
from catalog.units import Unit, accepted_units

# Output only. No max_digits: DRF cannot quantize a sum beyond it, and a big estimate was a 500.
Money = lambda **kw: serializers.DecimalField(max_digits=None, decimal_places=2, **kw)  # noqa: E731
Quantity = lambda **kw: serializers.DecimalField(max_digits=None, decimal_places=3, **kw)  # noqa: E731


class CartProductSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    sku = serializers.CharField()
    title = serializers.CharField()
    display_title = serializers.CharField(help_text="the title in the request's language")
    slug = serializers.SlugField()
    base_unit = serializers.ChoiceField(choices=Unit.choices)
    price_per_unit = Money()
    availability = serializers.CharField()
    accepted_units = serializers.SerializerMethodField()
    url = serializers.CharField(source="get_absolute_url")

    class Meta:
        ref_name = "CartProduct"

    def get_accepted_units(self, product) -> list[str]:
        return accepted_units(product)


class CutSerializer(serializers.Serializer):
    pieces = serializers.IntegerField()
    length_mm = serializers.DecimalField(max_digits=8, decimal_places=0)
    bars = serializers.IntegerField(help_text="stock bars needed")
    offcut_m = Quantity(help_text="left over from those bars")
    cuts = serializers.IntegerField()
    fee = Money()

    class Meta:
        ref_name = "CutPlan"


class CartLineSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="item.id")
    product = CartProductSerializer(source="item.product")
    quantity = Quantity(source="item.quantity")
    unit = serializers.ChoiceField(source="item.unit", choices=Unit.choices)
    specs = serializers.JSONField(source="item.specs")
    available = serializers.SerializerMethodField()
    problem = serializers.CharField()
    weight_kg = Quantity(source="price.weight_kg", allow_null=True, default=None)
    length_m = Quantity(source="price.length_m", allow_null=True, default=None)
    pieces = Quantity(source="price.pieces", allow_null=True, default=None)
    unit_price = Money(source="price.unit_price", allow_null=True, default=None)
    material = Money(source="price.material", allow_null=True, default=None)
    cut = CutSerializer(source="price.cut", allow_null=True, default=None)
    line_total = Money(source="price.net", allow_null=True, default=None)

    class Meta:
        ref_name = "CartLine"

    def get_available(self, line: Line) -> bool:
        return line.price is not None


class CartSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="cart.id", allow_null=True, default=None)
    cart_token = serializers.CharField(source="cart.token", allow_null=True, default=None)
    items = CartLineSerializer(source="lines", many=True)
    item_count = serializers.IntegerField(source="totals.item_count")
    total_weight_kg = Quantity(source="totals.total_weight_kg")
    subtotal = Money(source="totals.subtotal")
    vat = Money(source="totals.vat")
    total = Money(source="totals.total")
    currency = serializers.CharField()

    class Meta:
        ref_name = "Cart"


def cart_payload(priced: PricedCart) -> dict:
    return CartSerializer(priced).data
