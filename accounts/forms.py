from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from accounts.api.serializers import phone_validator, postal_code_validator
from accounts.cui import validate_cui
from accounts.models import Address, User

COUNTIES = [
    "Alba", "Arad", "Argeș", "Bacău", "Bihor", "Bistrița-Năsăud", "Botoșani", "Brașov", "Brăila",
    "București", "Buzău", "Caraș-Severin", "Călărași", "Cluj", "Constanța", "Covasna", "Dâmbovița",
    "Dolj", "Galați", "Giurgiu", "Gorj", "Harghita", "Hunedoara", "Ialomița", "Iași", "Ilfov",
    "Maramureș", "Mehedinți", "Mureș", "Neamț", "Olt", "Prahova", "Satu Mare", "Sălaj", "Sibiu",
    "Suceava", "Teleorman", "Timiș", "Tulcea", "Vaslui", "Vâlcea", "Vrancea",
]  # fmt: skip


class ServiceErrorsMixin:
    """Puts a service's ValidationError on the matching fields (`field_map` renames keys)."""

    field_map: dict[str, str] = {}

    def add_service_errors(self, error: ValidationError) -> None:
        for name, messages in error.message_dict.items():
            field = self.field_map.get(name, name)
            self.add_error(field if field in self.fields else None, messages)


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": _("The email or the password is not correct."),
        "inactive": _("This account is disabled. Please contact us."),
    }


class CompanyFieldsMixin(forms.Form):
    legal_name = forms.CharField(label=_("Company name"), max_length=200, required=False)
    cui = forms.CharField(
        label=_("CUI"), max_length=20, required=False, help_text=_("With or without RO, e.g. RO14399840")
    )
    address = forms.CharField(label=_("Registered address"), max_length=255, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    county = forms.CharField(
        label=_("County"), max_length=100, required=False, widget=forms.TextInput(attrs={"list": "counties"})
    )
    postal_code = forms.CharField(
        label=_("Postal code"), max_length=12, required=False, validators=[postal_code_validator]
    )

    COMPANY_FIELDS = ("legal_name", "cui", "address", "city", "county", "postal_code")

    def clean_cui(self) -> str:
        value = self.cleaned_data.get("cui", "")
        return validate_cui(value) if value else value  # all errors at once, not after a second submit

    def company_data(self) -> dict:
        return {name: self.cleaned_data.get(name, "") for name in self.COMPANY_FIELDS}


class SignupForm(ServiceErrorsMixin, CompanyFieldsMixin):
    role = forms.ChoiceField(
        label=_("I buy as"),
        choices=[(User.Role.BUSINESS, _("a company")), (User.Role.INDIVIDUAL, _("an individual"))],
        initial=User.Role.BUSINESS,
        widget=forms.RadioSelect(attrs={"data-role-toggle": ""}),
    )
    name = forms.CharField(label=_("Your name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("Email address"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=32,
        required=False,
        validators=[phone_validator],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters; not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    field_map = {"password": "password1", "company": "legal_name"}

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords are not the same."))
        return data


def _language_choices() -> list[tuple[str, str]]:
    """Each language in its own name (Română, English): readable whichever language the page is in."""
    return [(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]


class ProfileForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False, validators=[phone_validator])
    language = forms.ChoiceField(
        label=_("Language of emails and documents"),
        choices=_language_choices,
        required=False,
        help_text=_("Order updates, quotes and their PDFs reach you in this language."),
    )


class CompanyForm(ServiceErrorsMixin, CompanyFieldsMixin):
    pass


class AddressForm(forms.ModelForm):
    class Meta:
        model = Address
        fields = ["type", "street", "city", "county", "postal_code", "country", "is_default"]
        widgets = {"county": forms.TextInput(attrs={"list": "counties"})}

    def clean_postal_code(self) -> str:
        code = self.cleaned_data.get("postal_code", "").strip()
        if (
            code
            and self.data.get("country", "Romania").strip().lower() in ("romania", "românia")
            and not (code.isdigit() and len(code) == 6)
        ):
            raise ValidationError(_("A Romanian postal code has 6 digits."))
        return code


class PasswordChangeForm(ServiceErrorsMixin, forms.Form):
    current_password = forms.CharField(
        label=_("Current password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    new_password1 = forms.CharField(
        label=_("New password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    new_password2 = forms.CharField(
        label=_("New password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    field_map = {"password": "new_password1"}

    def clean(self):
        data = super().clean()
        if data.get("new_password1") and data.get("new_password1") != data.get("new_password2"):
            self.add_error("new_password2", _("The two passwords are not the same."))
        return data


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class SetPasswordForm(ServiceErrorsMixin, forms.Form):
    new_password1 = forms.CharField(
        label=_("New password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    new_password2 = forms.CharField(
        label=_("New password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    field_map = {"password": "new_password1", "token": None}

    def clean(self):
        data = super().clean()
        if data.get("new_password1") and data.get("new_password1") != data.get("new_password2"):
            self.add_error("new_password2", _("The two passwords are not the same."))
        return data
