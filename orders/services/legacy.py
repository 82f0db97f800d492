"""`import_legacy`: the old localStorage prototype's export (CONTRACT §6) into the shop, in one
transaction, after the whole file has been validated (orders.services.legacy_validate).

Idempotent: users are matched by email, products by SKU, ratings by (buyer, product), wallet
movements and orders by a hash of their source record (`WalletTransaction.reference`
`legacy-<hash>`, order number `LEG-<hash>`). A second run of the same file writes nothing.
Historical orders are written as they were: no stock is reserved or taken and no email is sent.
New accounts get no usable password and one "set your password" email, after commit."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Company, User
from accounts.tokens import password_reset_token
from catalog.models import Product, Rating
from catalog.services import product_rating_refresh, products_import
from notifications.services import email_queue
from orders.models import Order, OrderItem, OrderStatusChange, WalletTransaction
from orders.services.legacy_validate import (
    PAID_STATUSES,
    LegacyData,
    LegacyExportInvalid,
    Problem,
    legacy_validate,
)
from orders.services.wallet import wallet_credit, wallet_debit

ORDER_PREFIX, WALLET_PREFIX = "LEG-", "legacy-"
OPENING_REFERENCE = "legacy-opening"


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class LegacyImportResult:
    tallies: dict[str, Tally] = field(
        default_factory=lambda: {kind: Tally() for kind in ("users", "products", "ratings", "wallet", "orders")}
    )
    emails: int = 0

    def count(self, kind: str, outcome: str) -> None:
        tally = self.tallies[kind]
        setattr(tally, outcome, getattr(tally, outcome) + 1)


def legacy_import(*, data) -> LegacyImportResult:
    """Validate `data` (the parsed JSON; raises LegacyExportInvalid listing every problem), then import."""
    clean = legacy_validate(data)
    return _import(clean)


@transaction.atomic
def _import(clean: LegacyData) -> LegacyImportResult:
    result = LegacyImportResult()
    users, created_users = _users(clean, result)
    products = _products(clean, result)
    _ratings(clean, result, users, products)
    _wallets(clean, result, users)
    _orders(clean, result, users, products)
    for user in created_users:
        email_queue(
            to=[user.email],
            template="account_imported",
            context={"user": user, "token": password_reset_token(user)},
            language=user.language,
        )
        result.emails += 1
    return result


def _users(clean: LegacyData, result: LegacyImportResult) -> tuple[dict[str, User], list[User]]:
    users, created = {}, []
    for record in clean.users:
        user = User.objects.filter(email__iexact=record["email"]).first()
        if user is None:
            user = User(
                email=record["email"], name=record["name"], phone=record["phone"], role=record["role"],
                created_at=record["created_at"], email_verified=False,
            )  # fmt: skip
            user.set_unusable_password()
            user.save()
            if record["company"]:
                Company.objects.create(user=user, **record["company"])
            created.append(user)
            result.count("users", "created")
        else:
            # The live account wins; the export only fills in what it lacks.
            missing = [name for name in ("name", "phone") if record[name] and not getattr(user, name)]
            for name in missing:
                setattr(user, name, record[name])
            if missing:
                user.save(update_fields=[*missing, "updated_at"])
            result.count("users", "updated" if missing else "unchanged")
        users[record["email"]] = user
    return users, created


def _products(clean: LegacyData, result: LegacyImportResult) -> dict[str, Product]:
    imported = products_import(rows=clean.products)
    if imported.rejected:  # validated already: only a conflict with the database gets here
        raise LegacyExportInvalid([Problem(str(row.row), row.reason) for row in imported.rejected])
    result.tallies["products"] = Tally(imported.created, imported.updated, imported.unchanged)
    skus = {rating["sku"] for rating in clean.ratings} | {
        line["sku"] for order in clean.orders for line in order["lines"]
    }
    return {product.sku: product for product in Product.objects.filter(sku__in=skus)}


def _ratings(clean: LegacyData, result: LegacyImportResult, users: dict, products: dict) -> None:
    touched = set()
    now = timezone.now()
    for record in clean.ratings:
        user, product = users[record["email"]], products[record["sku"]]
        rating = Rating.objects.filter(user=user, product=product).first()
        if rating is None:
            Rating.objects.create(
                user=user, product=product, rating=record["rating"], review=record["review"],
                created_at=record["created_at"], updated_at=record["created_at"],
            )  # fmt: skip
            result.count("ratings", "created")
        elif (rating.rating, rating.review) != (record["rating"], record["review"]):
            rating.rating, rating.review, rating.updated_at = record["rating"], record["review"], now
            rating.save(update_fields=["rating", "review", "updated_at"])
            result.count("ratings", "updated")
        else:
            result.count("ratings", "unchanged")
            continue
        touched.add(product.pk)
    # The rating service's own refresh, products locked in pk order (as rating_submit does).
    for product in Product.objects.select_for_update().filter(pk__in=touched).order_by("pk"):
        product_rating_refresh(product=product)


def _wallets(clean: LegacyData, result: LegacyImportResult, users: dict) -> None:
    for email, ledger in clean.wallet.items():
        user = users[email]
        present = set(
            WalletTransaction.objects.filter(wallet__user=user, reference__startswith=WALLET_PREFIX).values_list(
                "reference", flat=True
            )
        )
        opening = {
            "key": OPENING_REFERENCE, "type": "credit", "amount": ledger["opening"],
            "description": _("Opening balance from the old site"),
            "created_at": min([user.created_at, *(e["created_at"] for e in ledger["entries"])]),
        }  # fmt: skip
        entries = [opening, *({**entry, "key": WALLET_PREFIX + entry["key"][:40]} for entry in ledger["entries"])]
        for entry in entries:
            if entry["key"] in present or (entry["key"] == OPENING_REFERENCE and present) or not entry["amount"]:
                if entry["key"] in present:
                    result.count("wallet", "unchanged")
                continue
            write = wallet_credit if entry["type"] == "credit" else wallet_debit
            movement = write(
                user=user, amount=entry["amount"], description=entry["description"], reference=entry["key"]
            )
            WalletTransaction.objects.filter(pk=movement.pk).update(created_at=entry["created_at"])
            result.count("wallet", "created")


def _orders(clean: LegacyData, result: LegacyImportResult, users: dict, products: dict) -> None:
    for record in clean.orders:
        number = ORDER_PREFIX + record["key"][:12].upper()
        status = record["status"]
        payment = _payment_status(status)
        order = Order.objects.select_for_update().filter(number=number).first()
        if order is not None:
            if order.status == status:
                result.count("orders", "unchanged")
                continue
            OrderStatusChange.objects.create(
                order=order, from_status=order.status, to_status=status, note=_("Imported from the old site")
            )
            order.status, order.payment_status = status, payment
            order.save(update_fields=["status", "payment_status", "updated_at"])
            result.count("orders", "updated")
            continue
        user = users[record["email"]]
        order = Order.objects.create(
            number=number, user=user, status=status, payment_status=payment,
            payment_method=Order.PaymentMethod.BANK_TRANSFER, phone=user.phone, subtotal=record["subtotal"],
            shipping=0, vat=record["total"] - record["subtotal"], total=record["total"], stock_reserved=False,
            language=user.language, paid_at=record["created_at"] if payment == Order.PaymentStatus.PAID else None,
        )  # fmt: skip
        OrderItem.objects.bulk_create(
            OrderItem(
                order=order,
                position=position,
                product=products[line["sku"]],
                sku=line["sku"],
                title=products[line["sku"]].title,
                quantity=line["quantity"],
                unit=line["unit"],
                unit_price=line["price"],
                line_total=line["line_total"],
                stock_quantity=0,
            )
            for position, line in enumerate(record["lines"], start=1)
        )
        OrderStatusChange.objects.create(
            order=order, from_status="", to_status=status, note=_("Imported from the old site")
        )
        Order.objects.filter(pk=order.pk).update(created_at=record["created_at"], updated_at=record["created_at"])
        OrderStatusChange.objects.filter(order=order).update(created_at=record["created_at"])
        result.count("orders", "created")


def _payment_status(status: str) -> str:
    if status in PAID_STATUSES:
        return Order.PaymentStatus.PAID
    return Order.PaymentStatus.FAILED if status == Order.Status.FAILED else Order.PaymentStatus.PENDING
