from decimal import Decimal

from django.http import Http404, HttpResponse
from djangorestframework_camel_case.render import CamelCaseJSONRenderer
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from analytics import hooks as analytics
from catalog.cache import cached, product_scope
from catalog.filters import MAX_SEARCH_LENGTH, ORDERING
from catalog.fragments import product_payloads
from catalog.models import RATING_MAX, RATING_MIN, REVIEW_MAX_LENGTH, Product, Rating
from catalog.search import did_you_mean, suggest
from catalog.selectors import category_tree, product_facets, product_get, product_listing, product_ratings
from catalog.services import rating_submit
from catalog.units import Unit, UnitConversionError, accepted_units, estimate
from metalpro.api.pagination import PageNumberPagination
from metalpro.money import CURRENCY


class CategoryRefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField(help_text="as stored (Romanian)")
    name_en = serializers.CharField(help_text="English name; empty when none was given")
    display_name = serializers.CharField(help_text="the name in the request's language (Accept-Language)")
    slug = serializers.SlugField()


class ProductOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    sku = serializers.CharField()
    slug = serializers.SlugField()
    title = serializers.CharField(help_text="as stored (Romanian)")
    title_en = serializers.CharField(help_text="English title; empty when none was given")
    display_title = serializers.CharField(help_text="the title in the request's language (Accept-Language)")
    category = CategoryRefSerializer()
    grade = serializers.CharField()
    standard = serializers.CharField()
    dimensions = serializers.CharField()
    availability = serializers.ChoiceField(choices=Product.Availability.choices)
    base_unit = serializers.ChoiceField(choices=Unit.choices)
    price_per_unit = serializers.DecimalField(max_digits=14, decimal_places=2)
    weight = serializers.DecimalField(max_digits=12, decimal_places=4, allow_null=True)
    length_m = serializers.DecimalField(max_digits=8, decimal_places=3, allow_null=True)
    stock = serializers.DecimalField(max_digits=14, decimal_places=3)
    url = serializers.CharField(source="get_absolute_url")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class CategoryFacetSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField(help_text="in the request's language")
    count = serializers.IntegerField(help_text="matching products in the category and its subcategories")


class GradeFacetSerializer(serializers.Serializer):
    value = serializers.CharField()
    count = serializers.IntegerField()


class AvailabilityFacetSerializer(serializers.Serializer):
    value = serializers.ChoiceField(choices=Product.Availability.choices)
    label = serializers.CharField(help_text="in the request's language")
    count = serializers.IntegerField()


class ProductFacetsSerializer(serializers.Serializer):
    """Each facet is counted over the products matching every filter except its own."""

    categories = CategoryFacetSerializer(many=True, help_text="categories with matching products, in tree order")
    grades = GradeFacetSerializer(many=True)
    availability = AvailabilityFacetSerializer(many=True)


class ProductListSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ProductOutputSerializer(many=True)
    facets = ProductFacetsSerializer()


class ProductListApi(APIView):
    permission_classes = [AllowAny]
    pagination_class = PageNumberPagination

    @extend_schema(
        summary="List and filter products, with facet counts",
        operation_id="productsList",
        parameters=[
            OpenApiParameter("category", str, description="category slug (includes subcategories)"),
            OpenApiParameter("search", str, description="words, SKU or dimensions (40x40x3)"),
            OpenApiParameter("grade", str, description="one grade or several, comma-separated"),
            OpenApiParameter("availability", str, enum=Product.Availability.values, many=True, explode=True),
            OpenApiParameter("minPrice", OpenApiTypes.DECIMAL),
            OpenApiParameter("maxPrice", OpenApiTypes.DECIMAL),
            OpenApiParameter("ordering", str, enum=list(ORDERING)),
            OpenApiParameter("page", int),
            OpenApiParameter("pageSize", int, description="at most 100"),
        ],
        responses=ProductListSerializer,
    )
    def get(self, request: Request) -> HttpResponse:
        def build() -> bytes:
            paginator = self.pagination_class()
            listing = product_listing(filters=request.query_params)
            facets = product_facets(filterset=listing.filterset)  # its total is the count: no COUNT query
            ids = listing.products.values_list("id", flat=True)
            page = paginator.paginate_queryset(ids, request, view=self, count=facets.total)
            # One serializer for the page: a new one per product deep-copies its fields every time
            # (measured: a third of a cold search's time on 100k products).
            data = product_payloads(page, ProductOutputSerializer().to_representation)
            body = paginator.get_paginated_response(data).data
            body["facets"] = ProductFacetsSerializer(facets).data
            return CamelCaseJSONRenderer().render(body)

        # The same answer for everyone: cache the rendered bytes, not the data.
        key = ("api-products", request.build_absolute_uri("/"), sorted(request.query_params.lists()))
        return analytics.api_search(request, HttpResponse(cached(key, build), content_type="application/json"))


class ProductDetailApi(APIView):
    permission_classes = [AllowAny]

    class OutputSerializer(ProductOutputSerializer):
        class Meta:
            ref_name = "ProductDetail"

        description = serializers.CharField(help_text="as stored (Romanian)")
        description_en = serializers.CharField(help_text="English description; empty when none was given")
        display_description = serializers.CharField(help_text="the description in the request's language")
        metadata = serializers.JSONField()
        accepted_units = serializers.SerializerMethodField()
        average_rating = serializers.DecimalField(source="rating_average", max_digits=3, decimal_places=2)
        rating_count = serializers.IntegerField()

        def get_accepted_units(self, product: Product) -> list[str]:
            return accepted_units(product)

    @extend_schema(
        summary="One product, by id or slug",
        parameters=[OpenApiParameter("q", str, description="the search the buyer opened it from (analytics)")],
        responses=OutputSerializer,
    )
    def get(self, request: Request, key: str) -> Response:
        product = product_get(key=key)
        if product is None:
            raise Http404
        data = cached(
            ("api-product", product.id), lambda: self.OutputSerializer(product).data, scopes=[product_scope(product.id)]
        )
        analytics.api_product_view(request, product=product)
        return Response(data)


def visible_product(key: str) -> Product:
    product = product_get(key=key)
    if product is None:
        raise Http404
    return product


class RatingOutputSerializer(serializers.Serializer):
    class Meta:
        ref_name = "ProductRating"

    id = serializers.UUIDField()
    rating = serializers.IntegerField(min_value=RATING_MIN, max_value=RATING_MAX)
    review = serializers.CharField(help_text="as the buyer typed it: escape it when showing it")
    author_name = serializers.CharField(help_text="the buyer's first name (never the email)")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class ProductRatingsApi(APIView):
    """A product's ratings (anyone), and rating it (buyers who received it; again: changes the rating)."""

    pagination_class = PageNumberPagination

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "ProductRatingInput"

        rating = serializers.IntegerField(min_value=RATING_MIN, max_value=RATING_MAX)
        review = serializers.CharField(required=False, allow_blank=True, max_length=REVIEW_MAX_LENGTH, default="")

    def get_permissions(self):
        return [IsAuthenticated()] if self.request.method == "POST" else [AllowAny()]

    @extend_schema(
        summary="A product's ratings, newest first",
        parameters=[OpenApiParameter("page", int), OpenApiParameter("pageSize", int, description="at most 100")],
        responses=RatingOutputSerializer(many=True),
    )
    def get(self, request: Request, key: str) -> Response:
        product = visible_product(key)
        paginator = self.pagination_class()
        # The product's rating count is kept with every rating write: no COUNT query.
        page = paginator.paginate_queryset(
            product_ratings(product=product), request, view=self, count=product.rating_count
        )
        return paginator.get_paginated_response(RatingOutputSerializer(page, many=True).data)

    @extend_schema(
        summary="Rate a product you received (posting again changes your rating)",
        request=InputSerializer,
        responses={
            201: OpenApiResponse(RatingOutputSerializer, description="rated"),
            200: OpenApiResponse(RatingOutputSerializer, description="the buyer's earlier rating, changed"),
            403: OpenApiResponse(description="`not_a_buyer`: only buyers with a delivered order of it may rate"),
        },
    )
    def post(self, request: Request, key: str) -> Response:
        product = visible_product(key)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rating: Rating = rating_submit(user=request.user, product=product, **data.validated_data)
        return Response(
            RatingOutputSerializer(rating).data, status=status.HTTP_200_OK if rating.edited else status.HTTP_201_CREATED
        )


class ProductEstimateApi(APIView):
    """Weight and price of a quantity in any unit the product accepts (the unit engine)."""

    permission_classes = [AllowAny]

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "ProductEstimateQuery"

        quantity = serializers.DecimalField(
            max_digits=14, decimal_places=3, min_value=Decimal("0.001"), max_value=Decimal(10**6)
        )
        unit = serializers.ChoiceField(choices=Unit.choices)

    class OutputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "ProductEstimate"

        quantity = serializers.DecimalField(max_digits=14, decimal_places=3)
        unit = serializers.ChoiceField(choices=Unit.choices)
        weight_kg = serializers.DecimalField(max_digits=14, decimal_places=3, allow_null=True)
        length_m = serializers.DecimalField(max_digits=14, decimal_places=3, allow_null=True)
        pieces = serializers.DecimalField(max_digits=14, decimal_places=3, allow_null=True)
        net = serializers.DecimalField(max_digits=14, decimal_places=2)
        vat = serializers.DecimalField(max_digits=14, decimal_places=2)
        gross = serializers.DecimalField(max_digits=14, decimal_places=2)
        currency = serializers.CharField()

    @extend_schema(
        summary="Convert a quantity between kg, m and pcs and estimate its price",
        parameters=[InputSerializer],
        responses=OutputSerializer,
    )
    def get(self, request: Request, key: str) -> Response:
        product = product_get(key=key)
        if product is None:
            raise Http404
        params = self.InputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        quantity, unit = params.validated_data["quantity"], params.validated_data["unit"]
        try:
            result = estimate(product, quantity, unit)
        except UnitConversionError as error:
            raise ValidationError({"unit": [error.message]}) from error
        data = {
            "quantity": quantity,
            "unit": unit,
            "weight_kg": result.measures.kg,
            "length_m": result.measures.m,
            "pieces": result.measures.pcs,
            "net": result.net,
            "vat": result.vat,
            "gross": result.gross,
            "currency": CURRENCY,
        }
        return Response(self.OutputSerializer(data).data)


class CategoryTreeApi(APIView):
    permission_classes = [AllowAny]

    @staticmethod
    def serialize(node) -> dict:
        return {
            "id": str(node.id),
            "name": node.name,
            "name_en": node.name_en,
            "display_name": node.display_name,
            "slug": node.slug,
            "description": node.description,
            "description_en": node.description_en,
            "display_description": node.display_description,
            "product_count": node.product_count,
            "children": [CategoryTreeApi.serialize(child) for child in node.children],
        }

    @extend_schema(
        summary="Category tree with product counts (subcategories included)",
        responses=inline_serializer(
            "CategoryNode",
            fields={
                "id": serializers.UUIDField(),
                "name": serializers.CharField(help_text="as stored (Romanian)"),
                "name_en": serializers.CharField(help_text="English name; empty when none was given"),
                "display_name": serializers.CharField(help_text="the name in the request's language"),
                "slug": serializers.SlugField(),
                "description": serializers.CharField(),
                "description_en": serializers.CharField(),
                "display_description": serializers.CharField(help_text="the description in the request's language"),
                "product_count": serializers.IntegerField(),
                "children": serializers.ListField(child=serializers.DictField()),
            },
            many=True,
        ),
    )
    def get(self, request: Request) -> Response:
        return Response([self.serialize(root) for root in category_tree()])


class SuggestSerializer(serializers.Serializer):
    class ItemSerializer(serializers.Serializer):
        id = serializers.UUIDField()
        slug = serializers.SlugField()
        sku = serializers.CharField()
        title = serializers.CharField()
        title_en = serializers.CharField()
        display_title = serializers.CharField(help_text="the title in the request's language")
        url = serializers.CharField(source="get_absolute_url")

        class Meta:
            ref_name = "SuggestItem"

    results = ItemSerializer(many=True)
    did_you_mean = serializers.CharField(allow_null=True, help_text="a spelling that finds products, if none found")

    class Meta:
        ref_name = "Suggest"


class ProductSuggestApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Autocomplete for the search box",
        parameters=[OpenApiParameter("q", str, required=True, description="what was typed so far")],
        responses=SuggestSerializer,
    )
    def get(self, request: Request) -> Response:
        query = (request.query_params.get("q") or "")[:MAX_SEARCH_LENGTH]
        results = suggest(query)
        hint = did_you_mean(query) if query.strip() and not results else None
        return Response(SuggestSerializer({"results": results, "did_you_mean": hint}).data)
