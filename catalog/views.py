from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from analytics import hooks as analytics
from catalog.cache import anonymous_page_cache, product_scope
from catalog.filters import ORDERING_CHOICES
from catalog.forms import CalculatorForm, RatingForm
from catalog.fragments import product_cards
from catalog.models import Product
from catalog.search import did_you_mean
from catalog.selectors import (
    category_tree,
    product_facets,
    product_featured,
    product_get,
    product_listing,
    product_moved_slug,
    product_ratings,
    product_related,
    rating_of,
    user_received_product,
)
from catalog.services import rating_submit
from catalog.units import Unit, accepted_units, estimate
from metalpro.exceptions import ApplicationError
from metalpro.pagination import KnownCountPaginator

PAGE_SIZE = 24
REVIEWS_PER_PAGE = 10


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
    params["grade"] = ",".join(request.GET.getlist("grade"))  # one checkbox, one value
    if category is not None:
        params["category"] = category.slug

    ancestors = tree.ancestors(category) if category else []
    listing = product_listing(filters=params, strict=False)
    # The facets count every match (one cached GROUP BY): their total is the page count, exact.
    facets = product_facets(filterset=listing.filterset)
    ids = listing.products.values_list("id", flat=True)  # cards come from the cache by id
    paginator = KnownCountPaginator(ids, PAGE_SIZE, count=facets.total)
    page = paginator.get_page(request.GET.get("page"))
    page.cards = product_cards(page.object_list)
    # Category links keep every other filter (their counts assume them), never the page.
    kept = request.GET.copy()
    for name in ("page", "category"):
        kept.pop(name, None)
    selected = next((tree.by_slug.get(c.slug) for c in facets.categories if c.selected), None)
    expanded = {node.slug for node in [*tree.ancestors(selected), selected]} if selected else set()
    response = render(
        request,
        "catalog/product_list.html",
        {
            "page": page,
            "errors": listing.errors,
            "params": request.GET,
            "facets": facets,
            # Roots, and the subcategories along the path to the current category.
            "category_facets": [c for c in facets.categories if c.depth == 0 or c.parent_slug in expanded],
            "any_category_selected": selected is not None,
            "facet_query": f"?{kept.urlencode()}" if kept else "",
            "ordering_choices": ORDERING_CHOICES,
            "category": category,
            "ancestors": ancestors,
            "query": params["search"],
            "did_you_mean": did_you_mean(params["search"]) if params["search"] and not page.cards else None,
        },
    )
    return analytics.page_search(request, response, results=paginator.count, category=slug)


def _page_product(slug: str) -> Product:
    product = product_get(key=slug)
    if product is None or product.slug != slug:
        raise Http404
    return product


def _ratings_context(request: HttpRequest, product: Product, rating_form: RatingForm | None) -> dict:
    """Reviews (newest first, `?reviews=` pages) and, for a signed-in buyer who received the
    product, the rating form. Nothing personal for anonymous visitors: their page is cached."""
    paginator = KnownCountPaginator(product_ratings(product=product), REVIEWS_PER_PAGE, count=product.rating_count)
    context = {"reviews": paginator.get_page(request.GET.get("reviews")), "can_rate": False}
    if request.user.is_authenticated and user_received_product(user=request.user, product=product):
        own = rating_of(user=request.user, product=product)
        if rating_form is None:
            rating_form = RatingForm(initial={"rating": own.rating, "review": own.review} if own else None)
        context.update(can_rate=True, own_rating=own, rating_form=rating_form)
    return context


def _render_product(request: HttpRequest, product: Product, *, rating_form=None, status: int = 200) -> HttpResponse:
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
            **_ratings_context(request, product, rating_form),
        },
        status=status,
    )


@require_GET
@anonymous_page_cache(unless_params=("quantity", "unit"), scopes=lambda request, slug: [product_scope(slug)])
def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    if product_get(key=slug) is None and (current := product_moved_slug(old_slug=slug)):
        query = request.META.get("QUERY_STRING", "")
        target = reverse("catalog:product", kwargs={"slug": current})
        return redirect(f"{target}?{query}" if query else target, permanent=True)
    product = _page_product(slug)
    return analytics.page_product_view(_render_product(request, product), product=product)


@require_POST
def product_rate(request: HttpRequest, slug: str) -> HttpResponse:
    """The rating form of the product page: saved, then back to the page with a message."""
    product = _page_product(slug)
    back = f"{product.get_absolute_url()}#ratings"
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            rating = rating_submit(user=request.user, product=product, **form.cleaned_data)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect(back)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Your rating was updated.") if rating.edited else _("Thank you! Your rating was saved.")
            )
            return redirect(back)
    if not user_received_product(user=request.user, product=product):  # no form to show the errors in
        messages.error(request, _("Only buyers who received this product can rate it."))
        return redirect(back)
    return _render_product(request, product, rating_form=form, status=400)


# Paths with nothing for a search engine: the back-office, the API, accounts, carts, forms, payment.
ROBOTS_PRIVATE = ("/cont/", "/cos/", "/cerere-oferta/", "/lista-materiale/", "/plata/")  # in each language
ROBOTS_DISALLOW = ("/admin/", "/api/", "/i18n/", *ROBOTS_PRIVATE, *(f"/en{path}" for path in ROBOTS_PRIVATE))


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Allow: /",
        *(f"Disallow: {path}" for path in ROBOTS_DISALLOW),
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
