import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def bom_file_key(instance: "BomUpload", filename: str) -> str:
    """A random key: nothing of the buyer's file name reaches the storage path."""
    return f"bom/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{instance.kind}"


class BomUpload(models.Model):
    """A bill of materials as uploaded, and what was read from it.

    `rows` holds one object per line read (what was read, the product chosen, confidence,
    alternatives, the cart line it makes); `summary` the counts, skipped rows and the columns found.
    Owned by a signed-in user, or by a guest's cart.
    """

    class Status(models.TextChoices):
        PENDING = "PENDING", _("Waiting")
        PROCESSING = "PROCESSING", _("Reading")
        DONE = "DONE", _("Done")
        FAILED = "FAILED", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="bom_uploads"
    )
    cart = models.ForeignKey("cart.Cart", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(_("file"), upload_to=bom_file_key, max_length=255)
    file_name = models.CharField(_("file name"), max_length=255)
    file_size = models.PositiveBigIntegerField(_("size (bytes)"))
    kind = models.CharField(_("type"), max_length=4)  # csv | xlsx
    language = models.CharField(_("language"), max_length=8, default="ro")
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING, db_index=True)
    failure_reason = models.TextField(_("why it failed"), blank=True)
    rows = models.JSONField(_("rows"), default=list, blank=True, editable=False)
    summary = models.JSONField(_("summary"), default=dict, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    added_to_cart_at = models.DateTimeField(_("added to cart"), null=True, blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("bill of materials")
        verbose_name_plural = _("bills of materials")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"], name="bom_user_recent_idx")]

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class MappingMemory(models.Model):
    """ "This description means this product", learnt from a buyer's confirmation or correction.

    Company entries are shared by every account of the same CUI; accounts without a company keep
    their own. Operators promote a correction to everyone (GLOBAL). Lookups: own entry first,
    then the global one.
    """

    class Scope(models.TextChoices):
        COMPANY = "COMPANY", _("Company")
        USER = "USER", _("Account")
        GLOBAL = "GLOBAL", _("Everyone")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    key = models.CharField(_("normalised description"), max_length=255)
    description = models.CharField(_("description as written"), max_length=300)
    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("product"), on_delete=models.CASCADE, related_name="+"
    )
    scope = models.CharField(_("applies to"), max_length=8, choices=Scope)
    cui = models.CharField(_("CUI"), max_length=10, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="+",
    )  # fmt: skip
    times_confirmed = models.PositiveIntegerField(_("times confirmed"), default=1)
    promoted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("promoted by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("learnt mapping")
        verbose_name_plural = _("learnt mappings")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "cui"], condition=models.Q(scope="COMPANY"), name="mapping_company_unique"
            ),
            models.UniqueConstraint(
                fields=["key", "user"], condition=models.Q(scope="USER"), name="mapping_user_unique"
            ),
            models.UniqueConstraint(fields=["key"], condition=models.Q(scope="GLOBAL"), name="mapping_global_unique"),
        ]
        indexes = [models.Index(fields=["key"], name="mapping_key_idx")]

    def __str__(self) -> str:
        return f"{self.description} → {self.product_id}"


class Project(models.Model):
    """A saved bill of materials: its rows with the chosen products, to price and order again."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE, related_name="projects"
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    bom_data = models.JSONField(_("rows"), default=dict, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["user", "-updated_at"], name="project_user_recent_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def rows(self) -> list[dict]:
        return list((self.bom_data or {}).get("rows", []))
