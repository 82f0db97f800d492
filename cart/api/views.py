"""/api/cart: the estimate cart of the caller (a signed-in user, or a guest by X-Cart-Token)."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cart.api.serializers import CartSerializer, cart_payload
from cart.models import Cart, CartItem
from cart.selectors import cart_priced, guest_cart_by_token
from cart.services import cart_clear, cart_create, cart_for_user, cart_item_add, cart_item_remove, cart_item_update
from catalog.models import Product
from catalog.units import Unit

CART_TOKEN = OpenApiParameter(
    "X-Cart-Token", str, OpenApiParameter.HEADER, description="a guest's cart token (from a previous answer)"
)


def request_cart(request: Request, *, create: bool = False) -> Cart | None:
    if request.user.is_authenticated:
        return cart_for_user(user=request.user)
    cart = guest_cart_by_token(request.headers.get("X-Cart-Token"))
    if cart is None and create:
        cart = cart_create()
    return cart


def cart_response(cart: Cart | None, status_code: int = status.HTTP_200_OK) -> Response:
    response = Response(cart_payload(cart_priced(cart)), status=status_code)
    if cart is not None and cart.user_id is None:
        response["X-Cart-Token"] = cart.token
    return response


class CartApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(summary="My estimate cart, priced", parameters=[CART_TOKEN], responses=CartSerializer)
    def get(self, request: Request) -> Response:
        return cart_response(request_cart(request))

    @extend_schema(summary="Empty my cart", parameters=[CART_TOKEN], responses=CartSerializer)
    def delete(self, request: Request) -> Response:
        cart = request_cart(request)
        if cart is not None:
            cart_clear(cart=cart)
        return cart_response(cart)


class LineInputSerializer(serializers.Serializer):
    product_id = serializers.UUIDField()
    quantity = serializers.DecimalField(max_digits=14, decimal_places=3, min_value=0, max_value=10**7)
    unit = serializers.ChoiceField(choices=Unit.choices)
    specs = serializers.JSONField(
        required=False, help_text="cutLengthMm (then quantity = pieces, unit pcs), finish, note"
    )

    class Meta:
        ref_name = "CartLineInput"


class CartItemsApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Add a line (same product, unit and specs add up)",
        parameters=[CART_TOKEN],
        request=LineInputSerializer,
        responses={201: CartSerializer},
    )
    def post(self, request: Request) -> Response:
        data = LineInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        product = Product.objects.active().filter(pk=data.validated_data["product_id"]).first()
        if product is None:
            raise serializers.ValidationError({"product_id": [_("This product does not exist or is not for sale.")]})
        if data.validated_data["quantity"] == 0:
            raise serializers.ValidationError({"quantity": [_("The quantity must be greater than zero.")]})
        cart = request_cart(request, create=True)
        cart_item_add(
            cart=cart,
            product=product,
            quantity=data.validated_data["quantity"],
            unit=data.validated_data["unit"],
            specs=data.validated_data.get("specs"),
        )
        return cart_response(cart, status.HTTP_201_CREATED)


class CartItemApi(APIView):
    permission_classes = [AllowAny]

    class InputSerializer(serializers.Serializer):
        quantity = serializers.DecimalField(max_digits=14, decimal_places=3, min_value=0, max_value=10**7)
        unit = serializers.ChoiceField(choices=Unit.choices, required=False)

        class Meta:
            ref_name = "CartLineUpdate"

    def get_item(self, request: Request, item_id) -> tuple[Cart, CartItem]:
        cart = request_cart(request)
        item = CartItem.objects.select_related("product").filter(pk=item_id, cart=cart).first() if cart else None
        if item is None:
            raise Http404
        return cart, item

    @extend_schema(
        summary="Change a line's quantity or unit (0 removes it)",
        parameters=[CART_TOKEN],
        request=InputSerializer,
        responses=CartSerializer,
    )
    def patch(self, request: Request, item_id) -> Response:
        cart, item = self.get_item(request, item_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cart_item_update(item=item, quantity=data.validated_data["quantity"], unit=data.validated_data.get("unit"))
        return cart_response(cart)

    @extend_schema(summary="Remove a line", parameters=[CART_TOKEN], responses=CartSerializer)
    def delete(self, request: Request, item_id) -> Response:
        cart, item = self.get_item(request, item_id)
        cart_item_remove(item=item)
        return cart_response(cart)
