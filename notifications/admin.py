from django.contrib import admin, messages
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notifications.models import OutboundEmail
from notifications.services import email_retry


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ("subject", "recipients", "template", "status", "attempts", "error", "created_at", "sent_at")
    list_filter = ("status", "template", "created_at")
    search_fields = ("subject", "to")
    readonly_fields = [field.name for field in OutboundEmail._meta.fields]
    actions = ["retry"]

    @admin.display(description=_("to"))
    def recipients(self, email: OutboundEmail) -> str:
        return ", ".join(email.to)

    @admin.display(description=_("last error"))
    def error(self, email: OutboundEmail) -> str:
        return Truncator(email.last_error).chars(80)

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Retry selected emails"), permissions=["change"])
    def retry(self, request, queryset):
        """FAILED emails get a new round of attempts; the others are left alone."""
        failed = list(queryset.filter(status=OutboundEmail.Status.FAILED))
        for email in failed:
            email_retry(email=email)
        count = len(failed)
        self.message_user(
            request,
            ngettext("%d email queued again.", "%d emails queued again.", count) % count,
            messages.SUCCESS if count else messages.WARNING,
        )
