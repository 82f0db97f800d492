from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from catalog.cache import anonymous_page_cache
from catalog.filters import ORDERING_CHOICES
from catalog.forms import CalculatorForm
from catalog.fragments import product_cards
from catalog.models import Product
from catalog.selectors import (
    category_tree,
    product_featured,
    product_get,
    product_listing,
    product_related,
)
from catalog.units import Unit, accepted_units, estimate
from metalpro.pagination import KnownCountPaginator

PAGE_SIZE = 24
SEARCH_COUNT_CAP = 1000


@require_GET
@anonymous_page_cache
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "catalog/home.html",
        {"categories": category_tree(), "featured": product_cards(product_featured())},
    )


@require_GET
@anonymous_page_cache
def product_list(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    tree = category_tree()
    category = None
    if slug is not None:
        category = tree.by_slug.get(slug)
        if category is None:
            raise Http404
    params = request.GET.copy()
    params["search"] = params.get("q", "")
    if category is not None:
        params["category"] = category.slug

    ancestors = tree.ancestors(category) if category else []
    listing = product_listing(filters=params, strict=False, search_count_cap=SEARCH_COUNT_CAP)
    ids = listing.products.values_list("id", flat=True)  # cards come from the cache by id
    paginator = KnownCountPaginator(ids, PAGE_SIZE, count=listing.known_count)
    page = paginator.get_page(request.GET.get("page"))
    page.cards = product_cards(page.object_list)
    return render(
        request,
        "catalog/product_list.html",
        {
            "page": page,
            "errors": listing.errors,
            "count_capped": listing.count_capped,
            "params": request.GET,
            "grades": (category or tree).grades,
            "selected_grades": params.get("grade", "").split(","),
            "selected_availability": params.getlist("availability"),
            "availability_choices": Product.Availability.choices,
            "ordering_choices": ORDERING_CHOICES,
            "category": category,
            "categories": tree,
            "ancestors": ancestors,
            "current_root": (ancestors[0] if ancestors else category).slug if category else None,
            "query": params["search"],
        },
    )


@require_GET
@anonymous_page_cache(unless_params=("quantity", "unit"))
def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    product = product_get(key=slug)
    if product is None or product.slug != slug:
        raise Http404
    units = sorted(accepted_units(product), key=lambda unit: unit != product.base_unit)
    form = CalculatorForm(request.GET if "quantity" in request.GET else None, units=units)
    unit_estimate = estimate(product, 1, product.base_unit)
    if form.is_bound and form.is_valid():
        result = estimate(product, form.cleaned_data["quantity"], form.cleaned_data["unit"])
    else:
        result = unit_estimate
    tree = category_tree()
    node = tree.by_slug.get(product.category.slug)
    return render(
        request,
        "catalog/product_detail.html",
        {
            "product": product,
            "form": form,
            "estimate": result,
            "unit_estimate": unit_estimate,
            "units": [(u, Unit(u).label) for u in units],
            "ancestors": ([*tree.ancestors(node), node] if node else []),
            "related": product_cards(product_related(product=product)),
            "can_cut": bool(product.length_m) and Unit.M in units,
        },
    )
