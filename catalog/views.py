from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from catalog.cache import cached
from catalog.filters import ORDERING_CHOICES
from catalog.forms import CalculatorForm
from catalog.models import Product
from catalog.selectors import (
    category_tree,
    grade_choices,
    product_featured,
    product_filterset,
    product_get,
    product_related,
)
from catalog.units import Unit, accepted_units, estimate

PAGE_SIZE = 24


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "catalog/home.html",
        {"categories": category_tree(), "featured": product_featured()},
    )


@require_GET
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

    def build() -> str:
        filterset = product_filterset(filters=params)
        errors = filterset.errors  # invalid parameters are reported and left out
        page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
        grades = grade_choices(category_ids=category.descendant_ids() if category else None)
        return render_to_string(
            "catalog/partials/listing.html",
            {
                "page": page,
                "errors": errors,
                "params": request.GET,
                "grades": grades,
                "selected_grades": params.get("grade", "").split(","),
                "selected_availability": params.getlist("availability"),
                "availability_choices": Product.Availability.choices,
                "ordering_choices": ORDERING_CHOICES,
                "category": category,
                "categories": tree,
                "query": params["search"],
            },
            request=request,
        )

    listing = cached(("page-products", slug, sorted(request.GET.lists())), build)
    return render(
        request,
        "catalog/product_list.html",
        {
            "category": category,
            "ancestors": tree.ancestors(category) if category else [],
            "query": params["search"],
            "listing": listing,
        },
    )


@require_GET
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
            "related": product_related(product=product),
        },
    )
