from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from catalog.models import RATING_MAX, RATING_MIN, REVIEW_MAX_LENGTH, Product
from catalog.units import Unit
from metalpro.money import QUANTITY_DECIMAL_PLACES, QUANTITY_MAX_DIGITS

AVAILABILITY_ALIASES = {
    "in_stock": Product.Availability.IN_STOCK,
    "instock": Product.Availability.IN_STOCK,
    "in stock": Product.Availability.IN_STOCK,
    "stoc": Product.Availability.IN_STOCK,
    "in stoc": Product.Availability.IN_STOCK,
    "on_request": Product.Availability.ON_REQUEST,
    "on request": Product.Availability.ON_REQUEST,
    "on_order": Product.Availability.ON_REQUEST,
    "la comanda": Product.Availability.ON_REQUEST,
    "out_of_stock": Product.Availability.OUT_OF_STOCK,
    "out of stock": Product.Availability.OUT_OF_STOCK,
    "indisponibil": Product.Availability.OUT_OF_STOCK,
}
UNIT_ALIASES = {
    "kg": Unit.KG,
    "m": Unit.M,
    "ml": Unit.M,
    "pcs": Unit.PCS,
    "pc": Unit.PCS,
    "buc": Unit.PCS,
}


class LocalizedDecimalField(forms.DecimalField):
    """Accepts `1234.5` and the Romanian `1234,5` (spreadsheets exported in ro-RO)."""

    def to_python(self, value):
        if isinstance(value, str) and "," in value and "." not in value:
            value = value.replace(",", ".")
        return super().to_python(value)


class AliasChoiceField(forms.ChoiceField):
    def __init__(self, *, aliases: dict[str, str], **kwargs) -> None:
        self.aliases = aliases
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return self.aliases.get(value.strip().lower(), value) if value else value


class ProductImportForm(forms.Form):
    """One row of `import_products` (CONTRACT §3): validates and normalises, nothing more."""

    sku = forms.CharField(max_length=64)
    title = forms.CharField(max_length=255)
    category = forms.CharField(max_length=255)
    grade = forms.CharField(max_length=64, required=False)
    standard = forms.CharField(max_length=128, required=False)
    dimensions = forms.CharField(max_length=128, required=False)
    availability = AliasChoiceField(aliases=AVAILABILITY_ALIASES, choices=Product.Availability.choices, required=False)
    baseUnit = AliasChoiceField(aliases=UNIT_ALIASES, choices=Unit.choices)
    pricePerUnit = LocalizedDecimalField(max_digits=14, decimal_places=2, min_value=0)
    weight = LocalizedDecimalField(max_digits=12, decimal_places=4, min_value=0, required=False)
    lengthM = LocalizedDecimalField(max_digits=8, decimal_places=3, min_value=0, required=False)
    stock = LocalizedDecimalField(
        max_digits=QUANTITY_MAX_DIGITS,
        decimal_places=QUANTITY_DECIMAL_PLACES,
        min_value=0,
        required=False,
    )

    def clean_sku(self) -> str:
        return self.cleaned_data["sku"].strip().upper()

    def clean_grade(self) -> str:
        return self.cleaned_data["grade"].strip().upper()

    description = forms.CharField(required=False)
    titleEn = forms.CharField(max_length=255, required=False)
    descriptionEn = forms.CharField(required=False)
    metadata = forms.JSONField(required=False)

    # import key -> model field; a key absent from the row leaves the stored value alone.
    FIELD_MAP = {
        "sku": "sku",
        "title": "title",
        "grade": "grade",
        "standard": "standard",
        "dimensions": "dimensions",
        "availability": "availability",
        "baseUnit": "base_unit",
        "pricePerUnit": "price_per_unit",
        "weight": "weight",
        "lengthM": "length_m",
        "stock": "stock",
        "description": "description",
        "titleEn": "title_en",
        "descriptionEn": "description_en",
        "metadata": "metadata",
    }
    DEFAULTS = {
        "availability": Product.Availability.IN_STOCK,
        "stock": Decimal(0),
        "metadata": {},
        "description": "",
        "title_en": "",
        "description_en": "",
    }

    def clean_metadata(self):
        metadata = self.cleaned_data["metadata"]
        if metadata is not None and not isinstance(metadata, dict):
            raise forms.ValidationError(_("Metadata must be a JSON object."), code="invalid")
        return metadata

    def product_fields(self) -> dict:
        """Model field values for the keys present in the row (stripped, defaults for blanks)."""
        fields = {}
        for key, name in self.FIELD_MAP.items():
            if key not in self.data:
                continue
            value = self.cleaned_data[key]
            if isinstance(value, str):
                value = value.strip()
            if value in (None, "") and name in self.DEFAULTS:
                value = self.DEFAULTS[name]
            fields[name] = value
        return fields


class CalculatorForm(forms.Form):
    """The product page calculator: a quantity in one of the units the product accepts."""

    quantity = LocalizedDecimalField(
        label=_("Quantity"),
        max_digits=QUANTITY_MAX_DIGITS,
        decimal_places=QUANTITY_DECIMAL_PLACES,
        min_value=Decimal("0.001"),
        max_value=Decimal("1000000"),
        initial=1,
        localize=True,
    )
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices)

    def __init__(self, *args, units: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u, Unit(u).label) for u in units]
        self.fields["unit"].initial = units[0]


class RatingForm(forms.Form):
    """Stars and an optional review, on the product page (checked again by `rating_submit`)."""

    rating = forms.TypedChoiceField(label=_("Your rating"), coerce=int, widget=forms.RadioSelect)
    review = forms.CharField(
        label=_("Review (optional)"),
        required=False,
        max_length=REVIEW_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rating"].choices = [
            (stars, ngettext("%(count)d star", "%(count)d stars", stars) % {"count": stars})
            for stars in range(RATING_MIN, RATING_MAX + 1)
        ]
