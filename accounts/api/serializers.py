"""Shapes shared by the accounts API (CONTRACT §4)."""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import Address, AuthSession, Company, User

phone_validator = RegexValidator(
    r"^\+?[0-9 ()./-]{6,20}$", _("Enter a phone number, e.g. +40 722 123 456."), code="phone_invalid"
)
postal_code_validator = RegexValidator(r"^[0-9A-Za-z -]{3,12}$", _("Enter a valid postal code."))


class CompanyOutputSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="legal_name")

    class Meta:
        model = Company
        ref_name = "Company"
        fields = [
            "id",
            "name",
            "cui",
            "address",
            "city",
            "county",
            "postal_code",
            "country",
            "is_verified",
            "verified_at",
        ]


class UserOutputSerializer(serializers.ModelSerializer):
    company = serializers.SerializerMethodField()

    class Meta:
        model = User
        ref_name = "User"
        fields = ["id", "email", "name", "phone", "role", "email_verified", "language", "company", "created_at"]

    def get_company(self, user: User) -> dict | None:
        company = getattr(user, "company", None) if hasattr(user, "company") else None
        return CompanyOutputSerializer(company).data if company else None


class CompanyInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    cui = serializers.CharField(max_length=20)
    address = serializers.CharField(max_length=255, required=False, allow_blank=True)
    city = serializers.CharField(max_length=100, required=False, allow_blank=True)
    county = serializers.CharField(max_length=100, required=False, allow_blank=True)
    postal_code = serializers.CharField(
        max_length=12, required=False, allow_blank=True, validators=[postal_code_validator]
    )

    class Meta:
        ref_name = "CompanyInput"


def company_to_service(data: dict) -> dict:
    """API company fields -> service fields (`name` is the company's legal name)."""
    data = dict(data)
    if "name" in data:
        data["legal_name"] = data.pop("name")
    return data


class TokensSerializer(serializers.Serializer):
    access_token = serializers.CharField()
    refresh_token = serializers.CharField()

    class Meta:
        ref_name = "Tokens"


class AuthResultSerializer(serializers.Serializer):
    user = UserOutputSerializer()
    tokens = TokensSerializer()

    class Meta:
        ref_name = "AuthResult"


class AddressSerializer(serializers.ModelSerializer):
    postal_code = serializers.CharField(
        max_length=12, required=False, allow_blank=True, validators=[postal_code_validator]
    )

    class Meta:
        model = Address
        ref_name = "Address"
        fields = ["id", "type", "is_default", "street", "city", "county", "postal_code", "country", "created_at"]
        read_only_fields = ["id", "created_at"]


class SessionOutputSerializer(serializers.ModelSerializer):
    device = serializers.SerializerMethodField()
    current = serializers.SerializerMethodField()

    class Meta:
        model = AuthSession
        ref_name = "Session"
        fields = ["id", "kind", "device", "ip_address", "created_at", "last_seen_at", "expires_at", "current"]

    def get_device(self, session: AuthSession) -> str:
        from accounts.devices import describe_user_agent

        return describe_user_agent(session.user_agent)

    def get_current(self, session: AuthSession) -> bool:
        return str(session.pk) == str(self.context.get("current_session_id"))


def auth_result(user: User, tokens) -> dict:
    return {
        "user": UserOutputSerializer(user).data,
        "tokens": {"access_token": tokens.access, "refresh_token": tokens.refresh},
    }
