"""Back-office: read uploaded lists, and curate what buyers taught the matcher."""

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from projects.models import BomUpload, MappingMemory, Project
from projects.services.bom import bom_retry
from projects.services.memory import memory_promote
from rfq.services.attachments import signed_file_url


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(BomUpload)
class BomUploadAdmin(ReadOnlyAdmin):
    list_display = ("file_name", "owner", "status", "row_count", "matched", "created_at")
    list_filter = ("status", "kind", "created_at")
    search_fields = ("file_name", "user__email")
    list_select_related = ("user",)
    fields = (
        "file_name", "download", "owner", "status", "failure_reason", "row_count", "matched", "attempts",
        "created_at", "started_at", "finished_at", "added_to_cart_at",
    )  # fmt: skip
    readonly_fields = fields
    date_hierarchy = "created_at"
    actions = ["retry_processing"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("rows")

    def has_retry_permission(self, request) -> bool:
        """Uploads stay read-only; "change" here only means: may queue a failed one again."""
        return request.user.has_perm("projects.change_bomupload")

    @admin.action(description=_("Retry processing"), permissions=["retry"])
    def retry_processing(self, request, queryset) -> None:
        queued = sum(bom_retry(upload=upload) for upload in queryset.filter(status=BomUpload.Status.FAILED))
        self.message_user(
            request,
            ngettext("%(count)d list queued to be read again.", "%(count)d lists queued to be read again.", queued)
            % {"count": queued},
            messages.SUCCESS if queued else messages.WARNING,
        )

    @admin.display(description=_("owner"))
    def owner(self, upload: BomUpload) -> str:
        return upload.user.email if upload.user_id else _("guest")

    @admin.display(description=_("rows"))
    def row_count(self, upload: BomUpload):
        return (upload.summary or {}).get("rows", "–")

    @admin.display(description=_("matched"))
    def matched(self, upload: BomUpload):
        return (upload.summary or {}).get("matched", "–")

    @admin.display(description=_("file"))
    def download(self, upload: BomUpload) -> str:
        return format_html(
            '<a href="{}">{}</a>', signed_file_url(upload.file, download_name=upload.file_name), _("download")
        )


@admin.register(MappingMemory)
class MappingMemoryAdmin(admin.ModelAdmin):
    list_display = ("description", "product", "scope", "cui", "user", "times_confirmed", "promoted_by", "updated_at")
    list_filter = ("scope",)
    search_fields = ("description", "key", "product__sku", "product__title", "cui", "user__email")
    list_select_related = ("product", "user", "promoted_by")
    autocomplete_fields = ("product",)
    readonly_fields = ("key", "scope", "cui", "user", "times_confirmed", "promoted_by", "created_at", "updated_at")
    fields = ("description", "product", *readonly_fields)
    actions = ["promote"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(
        description=_("Promote to everyone (all buyers map this text to this product)"), permissions=["change"]
    )
    def promote(self, request, queryset) -> None:
        promoted = 0
        for entry in queryset.exclude(scope=MappingMemory.Scope.GLOBAL):
            memory_promote(entry=entry, operator=request.user)
            promoted += 1
        self.message_user(
            request,
            ngettext("%(count)d mapping promoted to everyone.", "%(count)d mappings promoted to everyone.", promoted)
            % {"count": promoted},
            messages.SUCCESS if promoted else messages.WARNING,
        )


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ("name", "user", "file_name", "row_count", "last_used_at", "updated_at")
    search_fields = ("name", "user__email", "file_name")
    list_select_related = ("user",)
    fields = ("name", "user", "description", "file_name", "row_count", "last_used_at", "created_at", "updated_at")
    readonly_fields = fields

    @admin.display(description=_("rows"))
    def row_count(self, project: Project) -> int:
        return len(project.rows)
