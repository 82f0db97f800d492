"""Bills of materials: upload, read and map (in a Celery task), review, add to the cart.

State machine of an upload: PENDING → PROCESSING → DONE | FAILED. A task claims an upload with
one conditional UPDATE, so a duplicate delivery does nothing; a claim older than `STALE_AFTER`
(a worker killed mid-way) may be taken again, up to `MAX_ATTEMPTS`.
"""

import io
import logging
import os
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from celery.exceptions import SoftTimeLimitExceeded
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Q
from django.db.models.fields.json import KeyTextTransform
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from cart.models import Cart
from cart.services import cart_item_add
from catalog.cache import catalog_version
from catalog.models import Product
from catalog.selectors import visible_products
from catalog.units import Unit
from metalpro.exceptions import ApplicationError
from metalpro.money import to_money, to_quantity
from projects.bom import BomError
from projects.bom.description import read_description
from projects.bom.headers import QUANTITY, WEIGHT, Columns, find_header
from projects.bom.lines import Line, read_lines
from projects.bom.matching import CatalogIndex, Match, Matcher, ProductRecord, memory_key
from projects.bom.reader import inspect, read_tables
from projects.models import BomUpload
from projects.pricing import error_text, price_row
from projects.services.memory import memory_lookup, memory_remember
from rfq.files import CSV, XLSX, check_upload

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=10)
MAX_ATTEMPTS = 3
BOM_MAX_BYTES = 50 * 1024 * 1024
HEADER_ROWS_SHOWN = 5  # rows quoted when no header is found


# --- Upload -------------------------------------------------------------------------------------


def _display_name(name: str) -> str:
    name = os.path.basename(name or "").replace("\x00", "").strip() or "lista.csv"
    return name[-200:]


def bom_upload_create(*, upload: UploadedFile, user: User | None, cart: Cart | None, language: str) -> BomUpload:
    """Check the file (413 too large or a zip bomb, 415 not CSV/XLSX, 400 too many rows), store
    it and queue the reading. Nothing is stored when a check fails."""
    kind = check_upload(upload, max_bytes=BOM_MAX_BYTES, allowed={CSV, XLSX})
    try:
        inspect(upload, kind.extension)
    except BomError as error:
        raise ApplicationError(error.message, code=error.code, status_code=error.status) from error
    with transaction.atomic():
        bom = BomUpload(
            user=user,
            cart=None if user else cart,
            file_name=_display_name(upload.name),
            file_size=upload.size,
            kind=kind.extension,
            language=(language or "ro")[:8],
        )
        upload.seek(0)
        bom.file.save("bom", upload, save=False)
        bom.save()
        transaction.on_commit(lambda: bom_dispatch(bom.pk))
    return bom


def bom_dispatch(upload_id) -> None:
    from projects.tasks import process_bom_upload

    try:
        process_bom_upload.delay(str(upload_id))
    except Exception:  # broker down: the sweep (beat) queues it again
        logger.warning("bom upload %s waits for the sweep; broker unavailable", upload_id, exc_info=True)


def bom_sweep() -> int:
    """Queue uploads left PENDING (broker was down) or stuck PROCESSING (worker died)."""
    now = timezone.now()
    waiting = BomUpload.objects.filter(
        Q(status=BomUpload.Status.PENDING, created_at__lt=now - timedelta(minutes=1))
        | Q(status=BomUpload.Status.PROCESSING, started_at__lt=now - STALE_AFTER)
    ).values_list("pk", flat=True)[:100]
    count = 0
    for upload_id in waiting:
        bom_dispatch(upload_id)
        count += 1
    return count


def bom_retry(*, upload: BomUpload) -> bool:
    """Read a FAILED upload again (operators, from the admin): back to PENDING with fresh attempts,
    queued after commit. Returns False, changing nothing, when the upload had not failed."""
    reset = BomUpload.objects.filter(pk=upload.pk, status=BomUpload.Status.FAILED).update(
        status=BomUpload.Status.PENDING,
        failure_reason="",
        attempts=0,
        started_at=None,
        finished_at=None,
        updated_at=timezone.now(),
    )
    if reset:
        logger.info("bom upload %s queued again by an operator", upload.pk)
        transaction.on_commit(lambda: bom_dispatch(upload.pk))
    return bool(reset)


# --- Reading and mapping ------------------------------------------------------------------------


@dataclass
class ReadResult:
    lines: list[Line]
    skipped: list[dict]
    blank: int
    columns: Columns
    sheet: str
    encoding: str
    delimiter: str


def _quoted(texts: list[str]) -> str:
    return ", ".join(f"“{text[:40]}”" for text in texts[:12]) or _("none")


def bom_read(fileobj, kind: str) -> ReadResult:
    """The lines of the first sheet that has a header with a quantity column."""
    incomplete: Columns | None = None
    first_rows: list[str] = []
    for table in read_tables(fileobj, kind):
        if not first_rows:
            first_rows = [str(c) for _, cells in table.rows[:HEADER_ROWS_SHOWN] for c in cells if c is not None]
        columns = find_header(table.rows)
        if columns is None:
            continue
        if QUANTITY not in columns and WEIGHT not in columns:
            incomplete = incomplete or columns
            continue
        lines = read_lines(table.rows, columns, delimiter=table.delimiter)
        return ReadResult(
            lines=lines.lines,
            skipped=lines.skipped,
            blank=lines.blank,
            columns=columns,
            sheet=table.sheet,
            encoding=table.encoding,
            delimiter=table.delimiter,
        )
    if incomplete is not None:
        raise BomError(
            _("No quantity column found; headers seen: %(headers)s. Name one “Cantitate”, “Cant.”, “Qty” or “Buc”.")
            % {"headers": _quoted(incomplete.seen)}
        )
    if not first_rows:
        raise BomError(_("The file is empty: no rows with text were found."), code="bom_empty")
    raise BomError(
        _(
            "No header row found in the first rows; text seen: %(headers)s. The list needs a row naming its "
            "columns, such as “Denumire” / “Description” and “Cantitate” / “Qty”."
        )
        % {"headers": _quoted(first_rows)}
    )


_index_cache: dict = {"version": None, "index": None}


def catalog_index() -> CatalogIndex:
    """The matching index of the visible catalog, rebuilt when the catalog version changes."""
    version = catalog_version()
    if _index_cache["version"] != version or _index_cache["index"] is None:
        records = (
            ProductRecord(id=str(pk), sku=sku, title=title, grade=grade, standard=standard, family=family or "")
            for pk, sku, title, grade, standard, family in visible_products()
            .annotate(family=KeyTextTransform("family", "metadata"))
            .values_list("id", "sku", "title", "grade", "standard", "family")
        )
        _index_cache.update(version=version, index=CatalogIndex(records))
    return _index_cache["index"]


def _alternative(entry, confidence: float) -> dict:
    return {"product_id": entry.id, "sku": entry.sku, "title": entry.title, "confidence": confidence}


def _row(line: Line, match: Match) -> dict:
    reading = read_description(line.description)
    length_mm = line.length_mm or (reading.length_mm if line.unit == Unit.PCS else None)
    entry = match.entry
    return {
        "row": line.row,
        "description": line.description,
        "code": line.code,
        "quantity": f"{to_quantity(line.quantity)}" if line.quantity is not None else None,
        "unit": line.unit,
        "unit_assumed": line.unit_assumed,
        "length_mm": length_mm,
        "notes": line.notes,
        "product_id": entry.id if entry else None,
        "sku": entry.sku if entry else None,
        "title": entry.title if entry else None,
        "confidence": match.confidence,
        "matched": match.auto,
        "source": match.source,
        "reason": match.reason,
        "alternatives": [_alternative(e, c) for e, c in match.alternatives],
        "problems": list(line.problems),
    }


def price_rows(rows: list[dict]) -> None:
    """Weight, price and cart line of every row with a product and a quantity (in place)."""
    ids = {row["product_id"] for row in rows if row.get("product_id")}
    products = Product.objects.active().in_bulk(ids) if ids else {}
    for row in rows:
        row.update(weight_kg=None, price=None, line_error=None)
        product = products.get(_uuid(row.get("product_id")))
        if product is None or not row.get("quantity") or not row.get("unit"):
            continue
        try:
            _, priced = price_row(product, Decimal(row["quantity"]), row["unit"], row.get("length_mm"))
        except ValidationError as error:
            row["line_error"] = error_text(error)
            continue
        row["weight_kg"] = f"{to_quantity(priced.weight_kg)}" if priced.weight_kg is not None else None
        row["price"] = f"{priced.net}"


def _uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


def summarize(rows: list[dict], base: dict | None = None) -> dict:
    summary = dict(base or {})
    ready = [r for r in rows if is_ready(r)]
    weight = sum((Decimal(r["weight_kg"]) for r in ready if r.get("weight_kg")), Decimal(0))
    subtotal = sum((Decimal(r["price"]) for r in ready if r.get("price")), Decimal(0))
    summary.update(
        rows=len(rows),
        matched=sum(1 for r in rows if r.get("matched")),
        suggested=sum(1 for r in rows if r.get("product_id") and not r.get("matched")),
        unmatched=sum(1 for r in rows if not r.get("product_id")),
        ready=len(ready),
        total_weight_kg=f"{to_quantity(weight)}",
        subtotal=f"{to_money(subtotal)}",
    )
    return summary


def is_ready(row: dict) -> bool:
    """A row that goes to the cart as it is: a chosen product, a quantity it can be sold in."""
    return bool(row.get("matched") and row.get("product_id") and row.get("price") and not row.get("line_error"))


def bom_map(result: ReadResult, *, index: CatalogIndex, memory: dict[str, str]) -> tuple[list[dict], dict]:
    matcher = Matcher(index, memory)
    rows: list[dict] = []
    skipped = list(result.skipped)
    for line in result.lines:
        match = matcher.match(line.description, line.code)
        if match.entry is None and line.quantity is None and not line.problems:
            skipped.append({"row": line.row, "reason": _("a heading or a row without a quantity")})
            continue
        if line.quantity is None and not line.problems:
            line.problems.append(_("no quantity given"))
        rows.append(_row(line, match))
    if not rows:
        raise BomError(
            _("No product rows were found under the header (row %(row)s).") % {"row": result.columns.header_row},
            code="bom_empty",
        )
    price_rows(rows)
    columns = dict(result.columns.texts)
    base = {
        "skipped": sorted(skipped, key=lambda item: item["row"]),
        "blank_rows": result.blank,
        "header_row": result.columns.header_row,
        "sheet": result.sheet,
        "encoding": result.encoding,
        "delimiter": {"\t": "tab"}.get(result.delimiter, result.delimiter),
        "columns": columns,
    }
    return rows, summarize(rows, base)


def _fail(upload: BomUpload, reason: str) -> BomUpload:
    upload.status, upload.failure_reason = BomUpload.Status.FAILED, reason
    upload.finished_at = timezone.now()
    upload.save(update_fields=["status", "failure_reason", "finished_at", "updated_at"])
    return upload


def bom_process(*, upload_id) -> BomUpload | None:
    """Read and map one upload. Idempotent: only a PENDING (or stale) upload is claimed."""
    now = timezone.now()
    claimable = Q(status=BomUpload.Status.PENDING) | Q(
        status=BomUpload.Status.PROCESSING, started_at__lt=now - STALE_AFTER
    )
    claimed = (
        BomUpload.objects.filter(claimable, pk=upload_id)
        .filter(attempts__lt=MAX_ATTEMPTS)
        .update(status=BomUpload.Status.PROCESSING, started_at=now, attempts=F("attempts") + 1)
    )
    upload = BomUpload.objects.select_related("user__company").filter(pk=upload_id).first()
    if upload is None:
        return None
    if not claimed:
        # Out of attempts and nobody at work on it (a claim still fresh is the last attempt running).
        abandoned = upload.status == BomUpload.Status.PENDING or (
            upload.status == BomUpload.Status.PROCESSING
            and (upload.started_at is None or upload.started_at < now - STALE_AFTER)
        )
        if abandoned and upload.attempts >= MAX_ATTEMPTS:
            with translation.override(upload.language):
                return _fail(upload, _("The list could not be read after several attempts. Please upload it again."))
        return upload
    started = time.perf_counter()
    with translation.override(upload.language):
        try:
            with upload.file.open("rb") as stored:
                data = io.BytesIO(stored.read())
            result = bom_read(data, upload.kind)
            keys = {memory_key(line.description) for line in result.lines}
            rows, summary = bom_map(result, index=catalog_index(), memory=memory_lookup(user=upload.user, keys=keys))
        except BomError as error:
            return _fail(upload, error.message)
        except SoftTimeLimitExceeded:
            return _fail(upload, _("Reading the list took too long. Split it into smaller files and try again."))
        except Exception:
            logger.exception("bom upload %s could not be processed", upload_id)
            return _fail(upload, _("The list could not be read because of an error on our side. Please try again."))
    summary["seconds"] = round(time.perf_counter() - started, 3)
    upload.rows, upload.summary = rows, summary
    upload.status, upload.failure_reason, upload.finished_at = BomUpload.Status.DONE, "", timezone.now()
    upload.save(update_fields=["rows", "summary", "status", "failure_reason", "finished_at", "updated_at"])
    return upload


# --- Review -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowChange:
    row: int
    product_id: str | None = None  # "" clears the product
    quantity: Decimal | None = None
    unit: str | None = None
    length_mm: int | None = None  # 0 clears it
    matched: bool | None = None  # True accepts the product shown, False sets the row aside


def _rows_by_number(upload: BomUpload) -> dict[int, dict]:
    return {row["row"]: row for row in upload.rows}


def bom_rows_update(*, upload: BomUpload, changes: list[RowChange], user: User | None) -> BomUpload:
    """Apply a buyer's corrections and confirmations; what the buyer chose is remembered for
    their company (or account). All changes apply, or none (400 with the rows at fault)."""
    if not changes:
        return upload
    with transaction.atomic():
        upload = BomUpload.objects.select_for_update().get(pk=upload.pk)
        if upload.status != BomUpload.Status.DONE:
            raise ApplicationError(_("This list is not ready yet."), code="bom_not_ready")
        rows = _rows_by_number(upload)
        wanted = {c.product_id for c in changes if c.product_id}
        products = {str(p.pk): p for p in visible_products().filter(pk__in=[_uuid(i) for i in wanted if _uuid(i)])}
        errors: dict[str, list[str]] = {}
        learnt: list[tuple[str, Product]] = []
        for change in changes:
            row = rows.get(change.row)
            if row is None:
                errors[str(change.row)] = [_("There is no row %(row)s in this list.") % {"row": change.row}]
                continue
            if change.product_id:
                product = products.get(change.product_id)
                if product is None:
                    errors[str(change.row)] = [_("That product is not in the catalog.")]
                    continue
                _choose(row, product, source="buyer")
                learnt.append((row["description"], product))
            elif change.product_id == "":
                row.update(product_id=None, sku=None, title=None, confidence=0.0, matched=False, source="buyer")
                row["reason"] = _("removed by you")
            elif change.matched and row.get("product_id") and not row.get("matched"):
                row.update(matched=True, confidence=1.0, source="buyer", reason=_("confirmed by you"))
                product = products.get(row["product_id"]) or visible_products().filter(pk=row["product_id"]).first()
                if product is not None:
                    learnt.append((row["description"], product))
            elif change.matched is False and row.get("matched"):
                row.update(matched=False, reason=_("set aside by you"))
            if change.quantity is not None:
                if change.quantity <= 0:
                    errors[str(change.row)] = [_("The quantity must be greater than zero.")]
                    continue
                row["quantity"] = f"{to_quantity(change.quantity)}"
                row["problems"] = [p for p in row.get("problems", []) if p != _("no quantity given")]
            if change.unit is not None:
                if change.unit not in Unit.values:
                    errors[str(change.row)] = [_("Choose kg, m or pcs.")]
                    continue
                row["unit"], row["unit_assumed"] = change.unit, False
            if change.length_mm is not None:
                row["length_mm"] = change.length_mm or None
        if errors:
            raise ValidationError({"rows": [f"{number}: {' '.join(messages)}" for number, messages in errors.items()]})
        changed = [rows[c.row] for c in changes]
        price_rows(changed)
        upload.rows = list(rows.values())
        upload.summary = summarize(upload.rows, upload.summary)
        upload.save(update_fields=["rows", "summary", "updated_at"])
        if user is not None and user.is_authenticated:
            for description, product in learnt:
                memory_remember(user=user, description=description, product=product)
    return upload


def _choose(row: dict, product: Product, *, source: str) -> None:
    row.update(
        product_id=str(product.pk),
        sku=product.sku,
        title=product.title,
        confidence=1.0,
        matched=True,
        source=source,
        reason=_("chosen by you"),
    )


@dataclass
class AddedToCart:
    added: list[int]
    skipped: list[dict]


def bom_add_to_cart(*, upload: BomUpload, cart: Cart, rows: list[int] | None = None) -> AddedToCart:
    """Add the ready rows (or exactly `rows`) to the cart at current prices, in one transaction.

    Named rows must all be addable, or nothing is added (400 listing them); by default the rows
    that are not ready are left out and reported."""
    with transaction.atomic():
        upload = BomUpload.objects.select_for_update().get(pk=upload.pk)
        if upload.status != BomUpload.Status.DONE:
            raise ApplicationError(_("This list is not ready yet."), code="bom_not_ready")
        by_number = _rows_by_number(upload)
        if rows is None:
            chosen = [row for row in upload.rows if row.get("product_id")]
        else:
            missing = [n for n in rows if n not in by_number]
            if missing:
                raise ValidationError({"rows": [_("No such rows: %(rows)s.") % {"rows": ", ".join(map(str, missing))}]})
            chosen = [by_number[n] for n in dict.fromkeys(rows)]
        result = rows_add_to_cart(chosen, cart=cart, strict=rows is not None, require_matched=rows is None)
        if result.added:
            upload.added_to_cart_at = timezone.now()
            upload.save(update_fields=["added_to_cart_at", "updated_at"])
    return result


def rows_add_to_cart(rows: list[dict], *, cart: Cart, strict: bool, require_matched: bool = False) -> AddedToCart:
    """Add BOM or project rows to a cart at current prices. With `strict`, one row that cannot be
    added fails them all (the caller's transaction rolls back); otherwise it is reported."""
    ids = {_uuid(row.get("product_id")) for row in rows} - {None}
    products = {str(p.pk): p for p in visible_products().filter(pk__in=ids)}
    added: list[int] = []
    skipped: list[dict] = []
    errors: list[str] = []
    for row in rows:
        reason = None
        product = products.get(str(row.get("product_id")))
        if require_matched and not row.get("matched"):
            reason = _("not confirmed")
        elif product is None:
            reason = _("no product chosen") if not row.get("product_id") else _("the product is no longer sold")
        elif not row.get("quantity") or not row.get("unit"):
            reason = _("no quantity")
        if reason is None:
            try:
                with transaction.atomic():
                    line, _priced = price_row(product, Decimal(row["quantity"]), row["unit"], row.get("length_mm"))
                    cart_item_add(cart=cart, product=product, quantity=line.quantity, unit=line.unit, specs=line.specs)
            except ValidationError as error:
                reason = error_text(error)
        if reason is None:
            added.append(row["row"])
        else:
            skipped.append({"row": row["row"], "reason": reason})
            errors.append(f"{row['row']}: {reason}")
    if strict and errors:
        raise ValidationError({"rows": errors})
    return AddedToCart(added=added, skipped=skipped)


def bom_uploads_claim(*, cart: Cart, user: User) -> int:
    """A guest who signs in keeps the lists read for their cart: they become the account's (before
    the guest cart is merged away, which would delete them with it)."""
    return BomUpload.objects.filter(cart=cart, user__isnull=True).update(user=user, cart=None)


def bom_uploads_purge(*, days: int) -> int:
    """Forget uploads older than `days` (their files too). Saved projects keep their own copy."""
    old = BomUpload.objects.filter(created_at__lt=timezone.now() - timedelta(days=days))
    count = 0
    for upload in old.iterator():
        upload.file.delete(save=False)
        upload.delete()
        count += 1
    return count
