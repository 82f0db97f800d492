from django import forms
from django.utils.translation import gettext_lazy as _

from orders.models import Order


class CheckoutForm(forms.Form):
    street = forms.CharField(label=_("Street and number"), max_length=255)
    city = forms.CharField(label=_("City"), max_length=100)
    county = forms.CharField(label=_("County"), max_length=100, widget=forms.TextInput(attrs={"list": "counties"}))
    postal_code = forms.CharField(label=_("Postal code"), max_length=12, required=False)
    phone = forms.CharField(label=_("Phone for delivery"), max_length=32)
    payment_method = forms.ChoiceField(
        label=_("Payment"), choices=Order.PaymentMethod.choices, initial=Order.PaymentMethod.BANK_TRANSFER,
        widget=forms.RadioSelect,
    )  # fmt: skip

    def address(self) -> dict:
        data = self.cleaned_data
        return {key: data[key].strip() for key in ("street", "city", "county", "postal_code")}


class AcceptQuoteForm(forms.Form):
    payment_method = forms.ChoiceField(
        label=_("Payment"), choices=Order.PaymentMethod.choices, initial=Order.PaymentMethod.BANK_TRANSFER
    )
