"""Validation of a legacy export (CONTRACT §6, docs/legacy-import.md): the whole file is checked
before anything is written, and every problem is reported with its JSON path
(`orders[0].items[2].sku: unknown product`). Returns the records normalised for the import."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from accounts.models import User
from catalog.forms import ProductImportForm
from catalog.importers import _canonical_key
from catalog.models import RATING_MAX, RATING_MIN, REVIEW_MAX_LENGTH, Product
from catalog.units import Unit
from metalpro.money import MONEY_DECIMAL_PLACES, QUANTITY_DECIMAL_PLACES, to_money, to_quantity
from orders.models import Order

KINDS = ("users", "products", "ratings", "walletTransactions", "orders")
MAX_AMOUNT = Decimal(10) ** 10
ROLES = {
    **dict.fromkeys(("individual", "customer", "client", "user", "persoana fizica", "pf"), User.Role.INDIVIDUAL),
    **dict.fromkeys(("business", "company", "firma", "persoana juridica", "pj"), User.Role.BUSINESS),
}
STATUSES = {
    **{status.value: status.value for status in Order.Status},
    "new": Order.Status.PENDING,
    "placed": Order.Status.PENDING,
    "completed": Order.Status.DELIVERED,
    "canceled": Order.Status.CANCELLED,
}
PAID_STATUSES = {Order.Status.CONFIRMED, Order.Status.PROCESSING, Order.Status.SHIPPED, Order.Status.DELIVERED}


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class LegacyExportInvalid(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the legacy export")
        self.problems = problems


@dataclass
class LegacyData:
    """The export, checked and normalised (emails lower-case, SKUs upper-case, Decimals, aware times)."""

    users: list[dict] = field(default_factory=list)
    products: list[tuple[str, dict]] = field(default_factory=list)  # rows for catalog.services.products_import
    ratings: list[dict] = field(default_factory=list)
    wallet: dict[str, dict] = field(default_factory=dict)  # email -> {"opening": Decimal, "entries": [...]}
    orders: list[dict] = field(default_factory=list)


def legacy_key(record: dict) -> str:
    """A stable key for a record without an id (an order, a wallet movement): the same record in a
    later export gives the same key, so a rerun finds what the first run wrote."""
    text = json.dumps(record, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def text(self, record: dict, key: str, path: str, *, max_length: int, required: bool = False) -> str:
        value = record.get(key)
        if value is None or value == "":
            if required:
                self.add(f"{path}.{key}", "required")
            return ""
        if not isinstance(value, str):
            self.add(f"{path}.{key}", "must be a string")
            return ""
        if len(value.strip()) > max_length:
            self.add(f"{path}.{key}", f"longer than {max_length} characters")
        return value.strip()[:max_length]

    def number(self, record: dict, key: str, path: str, *, places: int, positive: bool = False) -> Decimal | None:
        value = record.get(key)
        if value is None:
            self.add(f"{path}.{key}", "required")
            return None
        try:
            if isinstance(value, bool) or not isinstance(value, int | Decimal | float | str):
                raise TypeError
            number = Decimal(str(value).strip())
        except (InvalidOperation, TypeError, ValueError):
            self.add(f"{path}.{key}", f"not a number: {value!r}")
            return None
        if not number.is_finite() or abs(number) >= MAX_AMOUNT:
            self.add(f"{path}.{key}", f"out of range: {value}")
        elif number < 0 or (positive and number == 0):
            self.add(f"{path}.{key}", "must be greater than zero" if positive else "must not be negative")
        elif number != number.quantize(Decimal(1).scaleb(-places)):
            self.add(f"{path}.{key}", f"at most {places} decimal places: {value}")
        else:
            return number
        return None

    def moment(self, record: dict, key: str, path: str) -> datetime | None:
        value = record.get(key)
        if not isinstance(value, str) or not value.strip():
            self.add(f"{path}.{key}", "required (an ISO 8601 date and time)")
            return None
        try:
            moment = parse_datetime(value.strip())
            if moment is None and (day := parse_date(value.strip())) is not None:
                moment = datetime.combine(day, time(12))
        except ValueError:
            moment = None
        if moment is None:
            self.add(f"{path}.{key}", f"not an ISO 8601 date and time: {value!r}")
            return None
        return moment if timezone.is_aware(moment) else timezone.make_aware(moment)

    def array(self, data: dict, key: str) -> list:
        value = data.get(key, [])
        if not isinstance(value, list):
            self.add(key, "must be an array")
            return []
        return value

    def record(self, value: Any, path: str) -> bool:
        if not isinstance(value, dict):
            self.add(path, "must be an object")
            return False
        return True


def legacy_validate(data: Any) -> LegacyData:
    """Check everything; raise `LegacyExportInvalid` with every problem found, else the clean data."""
    check, clean = _Checker(), LegacyData()
    if not isinstance(data, dict):
        raise LegacyExportInvalid([Problem("$", f"expected an object with the arrays {', '.join(KINDS)}")])
    arrays = {kind: check.array(data, kind) for kind in KINDS}
    users = _users(check, arrays["users"], clean)
    skus = _products(check, arrays["products"], clean)
    _ratings(check, arrays["ratings"], clean, users, skus)
    _wallet(check, arrays["walletTransactions"], clean, users)
    _orders(check, arrays["orders"], clean, users, skus)
    if check.problems:
        raise LegacyExportInvalid(check.problems)
    return clean


def _users(check: _Checker, items: list, clean: LegacyData) -> dict[str, dict]:
    seen: dict[str, dict] = {}
    for index, item in enumerate(items):
        path = f"users[{index}]"
        if not check.record(item, path):
            continue
        email = check.text(item, "email", path, max_length=254, required=True)
        email = User.objects.normalize_email(email).lower() if email else ""
        if email:
            try:
                validate_email(email)
            except ValidationError:
                check.add(f"{path}.email", f"invalid email: {item['email']!r}")
            if email in seen:
                check.add(f"{path}.email", f"duplicate of {seen[email]['path']}")
        role_text = check.text(item, "role", path, max_length=40) or "individual"
        role = ROLES.get(role_text.lower())
        if role is None:
            check.add(f"{path}.role", f"unknown role {role_text!r} (individual or business)")
        user = {
            "path": path, "email": email, "role": role,
            "name": check.text(item, "name", path, max_length=150),
            "phone": check.text(item, "phone", path, max_length=32),
            "created_at": check.moment(item, "createdAt", path),
            "wallet_balance": None, "wallet_invalid": False, "company": None,
        }  # fmt: skip
        if item.get("walletBalance") is not None:
            user["wallet_balance"] = check.number(item, "walletBalance", path, places=MONEY_DECIMAL_PLACES)
            user["wallet_invalid"] = user["wallet_balance"] is None
        if item.get("company") is not None:
            user["company"] = _company(check, item["company"], f"{path}.company")
        if email and email not in seen:
            seen[email] = user
            clean.users.append(user)
    return seen


def _company(check: _Checker, item: Any, path: str) -> dict | None:
    from accounts.cui import validate_cui

    if not check.record(item, path):
        return None
    company = {
        "legal_name": check.text(item, "legalName", path, max_length=200, required=True),
        "cui": check.text(item, "cui", path, max_length=20, required=True),
        "address": check.text(item, "address", path, max_length=255),
        "city": check.text(item, "city", path, max_length=100),
        "county": check.text(item, "county", path, max_length=100),
        "postal_code": check.text(item, "postalCode", path, max_length=12),
    }
    if company["cui"]:
        try:
            company["cui"] = validate_cui(company["cui"])
        except ValidationError as error:
            check.add(f"{path}.cui", " ".join(error.messages))
    return company


def _products(check: _Checker, items: list, clean: LegacyData) -> set[str]:
    skus: dict[str, str] = {}
    for index, item in enumerate(items):
        path = f"products[{index}]"
        if not check.record(item, path):
            continue
        row = {}
        for key, value in item.items():
            canonical = _canonical_key(key)
            if canonical:
                row[canonical] = value if canonical == "metadata" or value is None else str(value)
        form = ProductImportForm(row)
        if not form.is_valid():
            for name, messages in form.errors.items():
                check.add(f"{path}.{name}" if name != "__all__" else path, " ".join(messages))
            continue
        sku = form.cleaned_data["sku"]
        if sku in skus:
            check.add(f"{path}.sku", f"duplicate of {skus[sku]}")
            continue
        skus[sku] = path
        clean.products.append((path, row))
    return set(skus)


def _known_product(check: _Checker, item: dict, path: str, skus: set[str], known: dict[str, bool]) -> str:
    sku = check.text(item, "sku", path, max_length=64, required=True).upper()
    if sku and sku not in skus:
        if sku not in known:
            known[sku] = Product.objects.filter(sku=sku).exists()
        if not known[sku]:
            check.add(f"{path}.sku", f"unknown product {sku!r} (not in products, not in the catalog)")
    return sku


def _known_user(check: _Checker, item: dict, path: str, users: dict[str, dict]) -> str:
    email = check.text(item, "email", path, max_length=254, required=True).lower()
    if email and email not in users:
        check.add(f"{path}.email", f"unknown user {email!r} (not in users)")
    return email


def _ratings(check: _Checker, items: list, clean: LegacyData, users: dict, skus: set[str]) -> None:
    seen: dict[tuple[str, str], str] = {}
    known: dict[str, bool] = {}
    for index, item in enumerate(items):
        path = f"ratings[{index}]"
        if not check.record(item, path):
            continue
        email, sku = _known_user(check, item, path, users), _known_product(check, item, path, skus, known)
        stars = item.get("rating")
        if isinstance(stars, bool) or not isinstance(stars, int) or not RATING_MIN <= stars <= RATING_MAX:
            check.add(f"{path}.rating", f"must be a whole number from {RATING_MIN} to {RATING_MAX}")
        review = check.text(item, "review", path, max_length=REVIEW_MAX_LENGTH)
        created_at = check.moment(item, "createdAt", path)
        if (email, sku) in seen:
            check.add(path, f"a second rating of {sku} by {email} (first: {seen[email, sku]})")
        seen[email, sku] = path
        clean.ratings.append({"email": email, "sku": sku, "rating": stars, "review": review, "created_at": created_at})


def _wallet(check: _Checker, items: list, clean: LegacyData, users: dict) -> None:
    """Each buyer's movements, oldest first, after an opening entry of `walletBalance` minus what the
    movements add up to: the imported balance equals `walletBalance` and the sum of the ledger."""
    entries: dict[str, list[dict]] = {}
    keys: dict[str, str] = {}
    incomplete: set[str] = set()
    for index, item in enumerate(items):
        path = f"walletTransactions[{index}]"
        if not check.record(item, path):
            continue
        reported = len(check.problems)
        email = _known_user(check, item, path, users)
        amount = check.number(item, "amount", path, places=MONEY_DECIMAL_PLACES, positive=True)
        kind = item.get("type")
        if kind not in ("credit", "debit"):
            check.add(f"{path}.type", f"must be credit or debit, not {kind!r}")
        description = check.text(item, "description", path, max_length=255, required=True)
        created_at = check.moment(item, "createdAt", path)
        if len(check.problems) > reported:
            incomplete.add(email)  # its balance cannot be checked: no second report for one mistake
            continue
        at = created_at.astimezone(UTC).isoformat()
        key = legacy_key(
            {"email": email, "at": at, "type": kind, "amount": str(to_money(amount)), "description": description}
        )
        if key in keys:
            check.add(path, f"duplicate of {keys[key]}")
            continue
        keys[key] = path
        entries.setdefault(email, []).append(
            {"path": path, "key": key, "type": kind, "amount": to_money(amount), "description": description,
             "created_at": created_at}
        )  # fmt: skip
    for email, user in users.items():
        if email in incomplete or user["wallet_invalid"]:
            continue
        movements = sorted(entries.get(email, []), key=lambda entry: entry["created_at"])
        net = sum((m["amount"] if m["type"] == "credit" else -m["amount"] for m in movements), Decimal(0))
        balance = user["wallet_balance"]
        opening = (balance - net) if balance is not None else Decimal(0)
        if opening < 0:
            check.add(
                f"{user['path']}.walletBalance",
                f"{balance} is less than its wallet transactions add up to ({net}); the ledger would start below zero",
            )
            continue
        running = opening
        for movement in movements:
            running += movement["amount"] if movement["type"] == "credit" else -movement["amount"]
            if running < 0:
                check.add(movement["path"], f"takes the wallet of {email} below zero ({running})")
        if opening or movements:
            clean.wallet[email] = {"opening": to_money(opening), "entries": movements}


def _orders(check: _Checker, items: list, clean: LegacyData, users: dict, skus: set[str]) -> None:
    keys: dict[str, str] = {}
    known: dict[str, bool] = {}
    for index, item in enumerate(items):
        path = f"orders[{index}]"
        if not check.record(item, path):
            continue
        email = _known_user(check, item, path, users)
        created_at = check.moment(item, "createdAt", path)
        status_text = check.text(item, "status", path, max_length=20, required=True)
        status = STATUSES.get(status_text.lower())
        if status_text and status is None:
            check.add(f"{path}.status", f"unknown status {status_text!r} ({', '.join(sorted(STATUSES))})")
        total = check.number(item, "total", path, places=MONEY_DECIMAL_PLACES)
        lines, subtotal = [], Decimal(0)
        raw_items = item.get("items")
        if not isinstance(raw_items, list) or not raw_items:
            check.add(f"{path}.items", "must be a non-empty array")
            raw_items = []
        for position, line in enumerate(raw_items):
            line_path = f"{path}.items[{position}]"
            if not check.record(line, line_path):
                continue
            sku = _known_product(check, line, line_path, skus, known)
            quantity = check.number(line, "quantity", line_path, places=QUANTITY_DECIMAL_PLACES, positive=True)
            price = check.number(line, "price", line_path, places=MONEY_DECIMAL_PLACES)
            unit = line.get("unit")
            if unit not in Unit.values:
                check.add(f"{line_path}.unit", f"must be one of {', '.join(Unit.values)}, not {unit!r}")
            if quantity is not None and price is not None:
                line_total = to_money(quantity * price)
                subtotal += line_total
                lines.append(
                    {"sku": sku, "quantity": to_quantity(quantity), "unit": unit, "price": to_money(price),
                     "line_total": line_total}
                )  # fmt: skip
        if total is not None and raw_items and len(lines) == len(raw_items) and total < subtotal:
            check.add(f"{path}.total", f"{total} is less than the sum of the items ({subtotal})")
        if None in (created_at, total, status) or email not in users or len(lines) != len(raw_items):
            continue
        items_key = [[line["sku"], str(line["quantity"]), line["unit"], str(line["price"])] for line in lines]
        key = legacy_key(
            {
                "email": email,
                "at": created_at.astimezone(UTC).isoformat(),
                "items": items_key,
                "total": str(to_money(total)),
            }
        )
        if key in keys:
            check.add(path, f"duplicate of {keys[key]}")
            continue
        keys[key] = path
        clean.orders.append(
            {"path": path, "key": key, "email": email, "created_at": created_at, "status": status,
             "total": to_money(total), "subtotal": subtotal, "lines": lines}
        )  # fmt: skip
