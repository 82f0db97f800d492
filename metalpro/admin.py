"""The audit log in the back-office: read-only, filtered by action, object type, actor and date.

Replaces django-auditlog's own LogEntry admin ("auditlog" comes before "metalpro" in INSTALLED_APPS,
so that one is registered first): its search names fields our user model does not have, and it
shows neither IP nor user agent.
"""

from auditlog.admin import LogEntryAdmin as AuditlogLogEntryAdmin
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts.devices import describe_user_agent

SYSTEM = "system"


class AuditedModelFilter(admin.SimpleListFilter):
    """The audited models (from the registry, not a scan of the log)."""

    title = _("object type")
    parameter_name = "content_type"

    def lookups(self, request, model_admin):
        types = ContentType.objects.get_for_models(*auditlog.get_models())
        return sorted(
            ((str(ct.pk), capfirst(model._meta.verbose_name_plural)) for model, ct in types.items()),
            key=lambda choice: str(choice[1]),
        )

    def queryset(self, request, queryset):
        return queryset.filter(content_type_id=self.value()) if self.value() else queryset


class ActorFilter(admin.SimpleListFilter):
    """Staff members, or no one: changes made outside a request (commands, background tasks)."""

    title = _("actor")
    parameter_name = "actor"

    def lookups(self, request, model_admin):
        staff = get_user_model().objects.filter(is_staff=True).order_by("email").values_list("pk", "email")
        return [(SYSTEM, _("No one (system)")), *((str(pk), email) for pk, email in staff)]

    def queryset(self, request, queryset):
        if self.value() == SYSTEM:
            return queryset.filter(actor__isnull=True)
        return queryset.filter(actor_id=self.value()) if self.value() else queryset


admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class LogEntryAdmin(AuditlogLogEntryAdmin):
    list_display = ["created", "resource_url", "action", "msg_short", "user_url", "remote_addr", "device"]
    list_filter = ["action", AuditedModelFilter, ActorFilter, ("timestamp", admin.DateFieldListFilter)]
    search_fields = [
        "object_repr",
        "=object_pk",
        "actor__email",
        "actor_email",
        "remote_addr",
        "additional_data__user_agent",
    ]
    readonly_fields = ["created", "user_url", "actor_email", "remote_addr", "user_agent", "resource_url", "msg"]
    fieldsets = [
        (None, {"fields": ["created", "user_url", "actor_email", "remote_addr", "user_agent"]}),
        (_("Changes"), {"fields": ["action", "resource_url", "msg"]}),
    ]

    # Nobody edits or deletes the log, superusers included (auditlog allows cascaded deletes).
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("actor"))
    def user_url(self, entry: LogEntry) -> str:
        if entry.actor_id:
            return super().user_url(entry)
        return entry.actor_email or _("No one (system)")

    @admin.display(description=_("user agent"))
    def user_agent(self, entry: LogEntry) -> str:
        return (entry.additional_data or {}).get("user_agent", "")

    @admin.display(description=_("device"))
    def device(self, entry: LogEntry) -> str:
        user_agent = self.user_agent(entry)
        return describe_user_agent(user_agent) if user_agent else "–"
