from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import ServiceErrorsMixin
from rfq.models import Incoterm


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class RfqForm(ServiceErrorsMixin, forms.Form):
    company_name = forms.CharField(label=_("Company or name"), max_length=200)
    cui = forms.CharField(label=_("CUI"), max_length=20, required=False, help_text=_("For invoices to a company."))
    contact_person = forms.CharField(label=_("Contact person"), max_length=150)
    email = forms.EmailField(label=_("Email address"), max_length=254)
    phone = forms.CharField(label=_("Phone"), max_length=32)
    billing_street = forms.CharField(label=_("Street and number"), max_length=255)
    billing_city = forms.CharField(label=_("City"), max_length=100)
    billing_county = forms.CharField(
        label=_("County"), max_length=100, widget=forms.TextInput(attrs={"list": "counties"})
    )
    billing_postal_code = forms.CharField(label=_("Postal code"), max_length=12, required=False)
    same_delivery = forms.BooleanField(label=_("Deliver to the billing address"), required=False, initial=True)
    delivery_street = forms.CharField(label=_("Street and number"), max_length=255, required=False)
    delivery_city = forms.CharField(label=_("City"), max_length=100, required=False)
    delivery_county = forms.CharField(
        label=_("County"), max_length=100, required=False, widget=forms.TextInput(attrs={"list": "counties"})
    )
    delivery_postal_code = forms.CharField(label=_("Postal code"), max_length=12, required=False)
    incoterm = forms.ChoiceField(
        label=_("Delivery terms (Incoterms 2020)"), choices=Incoterm.choices, initial=Incoterm.DAP
    )
    delivery_date = forms.DateField(
        label=_("Wanted by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    po_number = forms.CharField(label=_("Your PO number"), max_length=50, required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Tolerances, certificates (EN 10204 3.1), packing, unloading…"),
    )  # fmt: skip
    attachments = MultipleFileField(
        label=_("Drawings and documents"), required=False,
        help_text=_("Up to 50 MB each: PDF, images, XLSX, CSV, DWG, DXF, ZIP."),
    )  # fmt: skip

    field_map = {
        "billing_address": "billing_street",
        "delivery_address": "delivery_street",
        "attachment_ids": "attachments",
        "cart": None,
    }

    def clean_delivery_date(self):
        value = self.cleaned_data.get("delivery_date")
        if value and value < timezone.localdate():
            raise forms.ValidationError(_("The delivery date cannot be in the past."))
        return value

    def contact(self) -> dict:
        data = self.cleaned_data
        billing = {
            "street": data["billing_street"],
            "city": data["billing_city"],
            "county": data["billing_county"],
            "postalCode": data["billing_postal_code"],
        }
        delivery = billing if data["same_delivery"] else {
            "street": data["delivery_street"],
            "city": data["delivery_city"],
            "county": data["delivery_county"],
            "postalCode": data["delivery_postal_code"],
        }  # fmt: skip
        return {
            "company_name": data["company_name"],
            "cui": data["cui"],
            "contact_person": data["contact_person"],
            "email": data["email"],
            "phone": data["phone"],
            "billing_address": billing,
            "delivery_address": delivery,
            "incoterm": data["incoterm"],
            "delivery_date": data["delivery_date"],
            "po_number": data["po_number"],
            "notes": data["notes"],
        }


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
