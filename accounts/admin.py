from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from accounts.models import Address, AuthSession, Company, User
from accounts.services.sessions import session_revoke
from accounts.services.users import company_verify


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    ordering = ("-created_at",)
    list_display = (
        "email",
        "name",
        "role",
        "email_verified",
        "is_staff",
        "is_active",
        "created_at",
    )
    list_filter = ("role", "is_staff", "is_active", "email_verified", "groups")
    search_fields = ("email", "name", "phone")
    readonly_fields = ("created_at", "updated_at", "last_login")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("name", "phone", "role", "email_verified", "language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "created_at", "updated_at")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    # Sales operators may correct a buyer's profile; only a superuser grants rights, edits staff
    # accounts or sets passwords (otherwise an operator could make themselves superuser).
    PRIVILEGED_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return fields
        return (*fields, *self.PRIVILEGED_FIELDS)

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and (obj.is_staff or obj.is_superuser) and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_add_permission(self, request) -> bool:
        return request.user.is_superuser and super().has_add_permission(request)

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ("legal_name", "cui_display", "user", "city", "county", "is_verified", "verified_at", "created_at")
    list_filter = ("is_verified", "county")
    search_fields = ("legal_name", "cui", "user__email")
    list_select_related = ("user",)
    readonly_fields = ("verified_at", "created_at", "updated_at")
    autocomplete_fields = ("user",)
    actions = ["verify"]

    @admin.display(description=_("CUI"), ordering="cui")
    def cui_display(self, company: Company) -> str:
        return f"RO{company.cui}"

    @admin.action(description=_("Mark as verified (CUI checked)"), permissions=["change"])
    def verify(self, request, queryset):
        for company in queryset.filter(is_verified=False):
            company_verify(company=company)
        self.message_user(request, _("Companies verified."), messages.SUCCESS)


@admin.register(Address)
class AddressAdmin(admin.ModelAdmin):
    list_display = ("user", "type", "is_default", "street", "city", "county")
    list_filter = ("type", "county")
    search_fields = ("user__email", "street", "city")
    list_select_related = ("user",)


@admin.register(AuthSession)
class AuthSessionAdmin(admin.ModelAdmin):
    list_display = (
        "user",
        "kind",
        "ip_address",
        "created_at",
        "last_seen_at",
        "expires_at",
        "revoked_at",
        "revoke_reason",
    )
    list_filter = ("kind", "revoke_reason")
    search_fields = ("user__email", "ip_address")
    list_select_related = ("user",)
    readonly_fields = [field.name for field in AuthSession._meta.fields]
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Sign out (revoke)"), permissions=["change"])
    def revoke(self, request, queryset):
        for session in queryset.filter(revoked_at__isnull=True):
            session_revoke(session=session, reason="revoked_by_staff")
        self.message_user(request, _("Sessions revoked."), messages.SUCCESS)
