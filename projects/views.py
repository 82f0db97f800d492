"""Pages: drop a bill of materials, review what was read, send it to the cart, keep it as a project."""

import csv
from dataclasses import replace
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from cart.selectors import cart_priced
from cart.views import page_cart, with_minicart
from catalog.models import Product
from catalog.units import Unit
from metalpro.exceptions import ApplicationError
from metalpro.money import to_quantity
from projects.bom.lines import parse_number
from projects.models import BomUpload
from projects.pricing import error_text
from projects.selectors import bom_upload_for, project_for_user, project_priced, projects_for_user, recent_uploads
from projects.services.bom import RowChange, bom_add_to_cart, bom_rows_update, bom_upload_create, is_ready
from projects.services.projects import project_add_to_cart, project_create, project_delete, project_update

ROWS_PER_PAGE = 100
MAX_QUANTITY = Decimal(10**7)  # as the API's row update: beyond it a quantity cannot be stored or priced


def row_state(row: dict) -> str:
    """ok: goes to the cart as it is; check: a product to confirm; problem: a quantity or unit to
    fix; missing: no product."""
    if not row.get("product_id"):
        return "missing"
    if row.get("line_error") or (row.get("problems") and not row.get("price")):
        return "problem"
    return "ok" if row.get("matched") else "check"


# ?arata= on the review page: which rows to show
VIEWS = {
    "toate": lambda row: True,
    "de-verificat": lambda row: row_state(row) in ("check", "problem"),
    "negasite": lambda row: row_state(row) == "missing",
    "gata": is_ready,
}


def _caller(request: HttpRequest):
    return request.user if request.user.is_authenticated else None


def _own_upload(request: HttpRequest, upload_id) -> BomUpload:
    upload = bom_upload_for(upload_id=upload_id, user=_caller(request), cart=page_cart(request))
    if upload is None:
        raise Http404
    return upload


def _bom_rate(group, request) -> str:
    return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["bom"]


@ratelimit(key="ip", rate=_bom_rate, method="POST", group="bom-upload", block=True)
def upload(request: HttpRequest) -> HttpResponse:
    cart = page_cart(request)
    error = None
    if request.method == "POST":
        file = request.FILES.get("file")
        if file is None:
            error = _("Choose a CSV or XLSX file.")
        else:
            user = _caller(request)
            try:
                bom = bom_upload_create(
                    upload=file,
                    user=user,
                    cart=None if user else page_cart(request, create=True),
                    language=get_language(),
                )
            except ApplicationError as failure:
                error = failure.message
            else:
                return redirect("projects:bom", upload_id=bom.pk)
    context = {"error": error, "recent": recent_uploads(user=_caller(request), cart=cart)}
    return render(request, "projects/upload.html", context, status=400 if error else 200)


def example(request: HttpRequest) -> HttpResponse:
    """A ready-to-fill list in the layout we read best (any other layout works too)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="lista-materiale-exemplu.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["Nr.crt", "Denumire", "Cod", "Calitate", "Cant.", "UM", "Lungime (mm)", "Observații"])
    writer.writerow([1, "Profil IPE 200", "", "S235JR", 4, "buc", 6000, "grinzi"])
    writer.writerow([2, "Țeavă rectangulară 60x40x3", "", "S235JRH", "36,5", "m", "", ""])
    writer.writerow([3, "Tablă neagră 2000x1000x3 mm", "", "S235JR", 5, "buc", "", ""])
    writer.writerow([4, "Oțel beton Ø12", "", "BST500S", "1,2", "t", "", ""])
    return response


def _page_rows(request: HttpRequest, upload: BomUpload) -> tuple[str, object]:
    view = request.GET.get("arata", "toate")
    if view not in VIEWS:
        view = "toate"
    rows = [row for row in upload.rows if VIEWS[view](row)]
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("pagina"))
    return view, page


def review(request: HttpRequest, upload_id) -> HttpResponse:
    upload = _own_upload(request, upload_id)
    if request.method == "POST":
        return _review_post(request, upload)
    view, page = _page_rows(request, upload)
    page.object_list = [{**row, "state": row_state(row)} for row in page.object_list]
    counts = {name: sum(1 for row in upload.rows if test(row)) for name, test in VIEWS.items()}
    labels = {"toate": _("All"), "de-verificat": _("To check"), "negasite": _("Not found"), "gata": _("Ready")}
    context = {
        "upload": upload,
        "summary": upload.summary,
        "page": page,
        "view": view,
        "tabs": [(key, labels[key], counts[key]) for key in VIEWS],
        "counts": {
            "ready": counts["gata"],
            "check": counts["de-verificat"],
            "missing": counts["negasite"],
            "suggested": sum(1 for row in upload.rows if row.get("product_id") and not row.get("matched")),
        },
        "units": Unit.choices,
        "default_name": upload.file_name.rsplit(".", 1)[0][:120],
    }
    response = render(request, "projects/review.html", context)
    if not upload.is_finished:
        response["Refresh"] = "2"  # still reading: look again in two seconds (no script needed)
    return response


def _decimal(value: str) -> Decimal | None:
    """A quantity typed in a form: "12,5", "1.250,5", "1250.5" (decimal comma in Romanian)."""
    number, rest = parse_number(value, decimal_comma=(get_language() or "ro").startswith("ro"))
    return number if rest == "" else None


def _sku(request: HttpRequest, number: int) -> str:
    # NUL cannot reach PostgreSQL in a query
    return (request.POST.get(f"row-{number}-sku") or "").replace("\x00", "").strip().upper()


def _changes_from_form(request: HttpRequest, upload: BomUpload) -> tuple[list[RowChange], list[str]]:
    """The rows of the submitted page that the buyer changed; errors for what cannot be read."""
    by_number = {row["row"]: row for row in upload.rows}
    skus = {_sku(request, n) for n in by_number if _sku(request, n)}
    by_sku = {p.sku.upper(): str(p.pk) for p in Product.objects.active().filter(sku__in=skus)} if skus else {}
    changes, errors = [], []
    for value in request.POST.getlist("rows"):
        try:
            number = int(value)
        except ValueError:  # "²" passes isdigit(); 5,000 digits exceed int()'s limit
            number = None
        row = by_number.get(number)
        if row is None:
            continue
        product = request.POST.get(f"row-{number}-product")
        sku = _sku(request, number)
        if sku:
            product = by_sku.get(sku)
            if product is None:
                errors.append(_("Row %(row)s: no product with SKU %(sku)s.") % {"row": number, "sku": sku})
                continue
        quantity = request.POST.get(f"row-{number}-quantity", "").strip()
        parsed = _decimal(quantity) if quantity else None
        if quantity and (parsed is None or parsed > MAX_QUANTITY or to_quantity(parsed) <= 0):
            errors.append(_("Row %(row)s: “%(value)s” is not a quantity.") % {"row": number, "value": quantity})
            continue
        unit = request.POST.get(f"row-{number}-unit") or None
        use = request.POST.get(f"row-{number}-use") == "on"
        change = RowChange(
            row=number,
            product_id=(product or "") if product is not None and product != (row.get("product_id") or "") else None,
            quantity=parsed if parsed is not None and parsed != Decimal(row["quantity"] or 0) else None,
            unit=unit if unit in Unit.values and unit != row.get("unit") else None,
            matched=use if use != bool(row.get("matched")) else None,
        )
        if (change.product_id, change.quantity, change.unit, change.matched) != (None, None, None, None):
            changes.append(change)
    return changes, errors


def _review_post(request: HttpRequest, upload: BomUpload) -> HttpResponse:
    action = request.POST.get("action", "save")
    back = f"{reverse('projects:bom', args=[upload.pk])}?{request.GET.urlencode()}"
    if upload.status != BomUpload.Status.DONE:
        messages.info(request, _("The list is still being read."))
        return redirect(back)
    changes, errors = _changes_from_form(request, upload)
    if action == "confirm-all":
        suggested = {r["row"] for r in upload.rows if r.get("product_id") and not r.get("matched")}
        changes = [replace(c, matched=True) if c.row in suggested and c.matched is None else c for c in changes]
        pending = {c.row for c in changes}
        changes += [
            RowChange(row=r["row"], matched=True)
            for r in upload.rows
            if r.get("product_id") and not r.get("matched") and r["row"] not in pending
        ]
    user = _caller(request)
    try:
        upload = bom_rows_update(upload=upload, changes=changes, user=user)
    except ValidationError as error:
        errors.append(error_text(error))
    except ApplicationError as error:
        errors.append(error.message)
    for error in errors:
        messages.error(request, error)
    if errors:
        return redirect(back)
    if action == "cart":
        cart = page_cart(request, create=True)
        result = bom_add_to_cart(upload=upload, cart=cart)
        if result.added:
            messages.success(request, _("%(count)s rows added to your estimate.") % {"count": len(result.added)})
            if result.skipped:
                left_out = _("%(count)s rows left out: not confirmed, or without a quantity.")
                messages.info(request, left_out % {"count": len(result.skipped)})
            return with_minicart(redirect("cart:page"), cart_priced(cart))
        messages.error(request, _("No row is ready for the cart: confirm the products and quantities first."))
        return redirect(back)
    if action == "project":
        if user is None:
            messages.info(request, _("Sign in to save the list as a project; your list stays here."))
            return redirect(f"{reverse('accounts:login')}?next={reverse('projects:bom', args=[upload.pk])}")
        try:
            project = project_create(user=user, name=request.POST.get("name", ""), upload=upload)
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect(back)
        messages.success(request, _("Saved as project “%(name)s”.") % {"name": project.name})
        return redirect("projects:project", project_id=project.pk)
    if changes:
        messages.success(request, _("Changes saved."))
    return redirect(back)


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(projects_for_user(user=request.user), 20).get_page(request.GET.get("pagina"))
    return render(request, "projects/project_list.html", {"page": page})


@login_required
def project_detail(request: HttpRequest, project_id) -> HttpResponse:
    project = project_for_user(project_id=project_id, user=request.user)
    if project is None:
        raise Http404
    return render(request, "projects/project_detail.html", {"priced": project_priced(project), "project": project})


@login_required
@require_POST
def project_rename(request: HttpRequest, project_id) -> HttpResponse:
    project = project_for_user(project_id=project_id, user=request.user)
    if project is None:
        raise Http404
    try:
        project_update(project=project, name=request.POST.get("name", ""), description=request.POST.get("description"))
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Project saved."))
    return redirect("projects:project", project_id=project.pk)


@login_required
@require_POST
def project_remove(request: HttpRequest, project_id) -> HttpResponse:
    project = project_for_user(project_id=project_id, user=request.user)
    if project is None:
        raise Http404
    project_delete(project=project)
    messages.success(request, _("Project “%(name)s” deleted.") % {"name": project.name})
    return redirect("projects:list")


@login_required
@require_POST
def project_to_cart(request: HttpRequest, project_id) -> HttpResponse:
    project = project_for_user(project_id=project_id, user=request.user)
    if project is None:
        raise Http404
    cart = page_cart(request, create=True)
    result = project_add_to_cart(project=project, cart=cart)
    if result.skipped:
        left_out = _("%(count)s rows were left out (no product, or no longer sold).")
        messages.info(request, left_out % {"count": len(result.skipped)})
    if not result.added:
        return redirect("projects:project", project_id=project.pk)
    added = _("%(count)s rows added to your estimate at today's prices.")
    messages.success(request, added % {"count": len(result.added)})
    return with_minicart(redirect("cart:page"), cart_priced(cart))
