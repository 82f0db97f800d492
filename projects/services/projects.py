"""Saved projects: a bill of materials with the products chosen, kept to price and order again."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cart.models import Cart
from catalog.selectors import visible_products
from catalog.units import Unit
from metalpro.exceptions import ApplicationError
from metalpro.money import to_quantity
from projects.models import BomUpload, Project
from projects.services.bom import AddedToCart, rows_add_to_cart

MAX_PROJECT_ROWS = 20_000
_ROW_KEYS = ("row", "description", "quantity", "unit", "length_mm", "notes", "product_id", "sku", "title", "matched")


def _snapshot(row: dict) -> dict:
    """What a project keeps of a BOM row: what was asked and what was chosen (not prices)."""
    return {key: row.get(key) for key in _ROW_KEYS}


def _clean_name(name: str | None, *, required: bool) -> str | None:
    if name is None and not required:
        return None
    name = " ".join((name or "").replace("\x00", "").split())  # NUL cannot be stored in PostgreSQL
    if not name:
        raise ValidationError({"name": [_("Give the project a name.")]})
    if len(name) > 120:
        raise ValidationError({"name": [_("At most 120 characters.")]})
    return name


def _rows_from_input(rows: list[dict]) -> list[dict]:
    """Rows given by an API client: product, quantity and unit checked against the catalog."""
    if len(rows) > MAX_PROJECT_ROWS:
        raise ValidationError({"rows": [_("At most %(limit)s rows.") % {"limit": MAX_PROJECT_ROWS}]})
    ids = {str(row.get("product_id")) for row in rows if row.get("product_id")}
    products = {str(p.pk): p for p in visible_products().filter(pk__in=ids)}
    errors: list[str] = []
    cleaned: list[dict] = []
    for number, row in enumerate(rows, start=1):
        product = products.get(str(row.get("product_id"))) if row.get("product_id") else None
        if row.get("product_id") and product is None:
            errors.append(_("Row %(row)s: that product is not in the catalog.") % {"row": number})
            continue
        try:
            quantity = Decimal(str(row.get("quantity")))
        except (InvalidOperation, ValueError):
            quantity = Decimal(0)
        if not quantity.is_finite() or quantity <= 0 or quantity > 10**7:
            errors.append(_("Row %(row)s: the quantity must be greater than zero.") % {"row": number})
            continue
        if row.get("unit") not in Unit.values:
            errors.append(_("Row %(row)s: choose kg, m or pcs.") % {"row": number})
            continue
        cleaned.append(
            {
                "row": number,
                "description": str(row.get("description") or (product.title if product else ""))[:300],
                "quantity": f"{to_quantity(quantity)}",
                "unit": row["unit"],
                "length_mm": row.get("length_mm") or None,
                "notes": str(row.get("notes") or "")[:200],
                "product_id": str(product.pk) if product else None,
                "sku": product.sku if product else None,
                "title": product.title if product else None,
                "matched": product is not None,
            }
        )
    if errors:
        raise ValidationError({"rows": errors})
    return cleaned


@transaction.atomic
def project_create(
    *,
    user: User,
    name: str,
    description: str = "",
    upload: BomUpload | None = None,
    rows: list[dict] | None = None,
) -> Project:
    """A project from a finished BOM upload (its rows as chosen), or from rows given directly."""
    name = _clean_name(name, required=True)
    if upload is not None:
        if upload.status != BomUpload.Status.DONE:
            raise ApplicationError(_("This list is not ready yet."), code="bom_not_ready")
        kept, file_name = [_snapshot(row) for row in upload.rows], upload.file_name
    else:
        kept, file_name = _rows_from_input(rows or []), ""
    return Project.objects.create(
        user=user,
        name=name,
        description=(description or "").replace("\x00", "").strip()[:2000],
        file_name=file_name,
        bom_data={"rows": kept},
        last_used_at=timezone.now(),
    )


@transaction.atomic
def project_update(
    *, project: Project, name: str | None = None, description: str | None = None, rows: list[dict] | None = None
) -> Project:
    project = Project.objects.select_for_update().get(pk=project.pk)
    if name is not None:
        project.name = _clean_name(name, required=True)
    if description is not None:
        project.description = description.replace("\x00", "").strip()[:2000]
    if rows is not None:
        project.bom_data = {**(project.bom_data or {}), "rows": _rows_from_input(rows)}
    project.save()
    return project


def project_delete(*, project: Project) -> None:
    project.delete()


@transaction.atomic
def project_add_to_cart(*, project: Project, cart: Cart) -> AddedToCart:
    """Every row with a product still sold goes to the cart at today's price; the others are
    reported (a product that vanished from the catalog, a row without a product)."""
    result = rows_add_to_cart(project.rows, cart=cart, strict=False)
    Project.objects.filter(pk=project.pk).update(last_used_at=timezone.now())
    return result
