from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from accounts.models import User
from cart.models import Cart
from catalog.selectors import visible_products
from metalpro.money import to_money, to_quantity
from projects.models import BomUpload, Project
from projects.services.bom import price_rows


def bom_upload_for(*, upload_id, user: User | None, cart: Cart | None) -> BomUpload | None:
    """The upload if the caller owns it: a signed-in user's own, or a guest's by their cart."""
    queryset = BomUpload.objects.filter(pk=upload_id)
    if user is not None and user.is_authenticated:
        return queryset.filter(user=user).first()
    if cart is None:
        return None
    return queryset.filter(cart=cart, user__isnull=True).first()


def recent_uploads(*, user: User | None, cart: Cart | None, limit: int = 5) -> QuerySet[BomUpload]:
    if user is not None and user.is_authenticated:
        queryset = BomUpload.objects.filter(user=user)
    elif cart is not None:
        queryset = BomUpload.objects.filter(cart=cart, user__isnull=True)
    else:
        return BomUpload.objects.none()
    return queryset.defer("rows").order_by("-created_at")[:limit]


def projects_for_user(*, user: User) -> QuerySet[Project]:
    return Project.objects.filter(user=user).order_by("-updated_at")


def project_for_user(*, project_id, user: User) -> Project | None:
    return Project.objects.filter(pk=project_id, user=user).first()


@dataclass
class PricedProject:
    project: Project
    rows: list[dict]  # each with weight_kg, price, line_error and `vanished`
    total_weight_kg: Decimal
    subtotal: Decimal
    vanished: int


def project_priced(project: Project) -> PricedProject:
    """The project's rows at today's prices; rows whose product is no longer sold are flagged."""
    rows = [dict(row) for row in project.rows]
    ids = {row["product_id"] for row in rows if row.get("product_id")}
    sold = {str(pk) for pk in visible_products().filter(pk__in=ids).values_list("pk", flat=True)}
    for row in rows:
        row["vanished"] = bool(row.get("product_id")) and row["product_id"] not in sold
    price_rows(rows)
    priced = [row for row in rows if row.get("price") and not row["vanished"]]
    return PricedProject(
        project=project,
        rows=rows,
        total_weight_kg=to_quantity(sum((Decimal(r["weight_kg"]) for r in priced if r.get("weight_kg")), Decimal(0))),
        subtotal=to_money(sum((Decimal(r["price"]) for r in priced), Decimal(0))),
        vanished=sum(1 for row in rows if row["vanished"]),
    )
